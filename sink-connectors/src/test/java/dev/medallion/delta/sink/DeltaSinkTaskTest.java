package dev.medallion.delta.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.delta.sink.write.ParquetSchemas;
import dev.medallion.testkit.RecordingSinkTaskContext;
import io.delta.kernel.Snapshot;
import io.delta.kernel.types.StructType;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drives {@link DeltaSinkTask} with a plain context and checks the tables by reading them back with Delta Kernel. */
class DeltaSinkTaskTest {
    private static final TopicPartition TP0 = new TopicPartition("events", 0);

    private static final Schema GEO = SchemaBuilder.struct().name("Geo").optional()
            .field("lat", Schema.FLOAT64_SCHEMA).field("lon", Schema.FLOAT64_SCHEMA).build();
    private static final Schema EVENT_V1 = eventSchema(false);
    /** V1 plus an optional {@code region}: the schema evolution case. */
    private static final Schema EVENT_V2 = eventSchema(true);
    private static final Schema EVENT_BAD = SchemaBuilder.struct().name("Event")
            .field("event_id", Schema.STRING_SCHEMA)
            .field("user_id", Schema.STRING_SCHEMA)
            .build();

    @TempDir
    Path dir;

    private static Schema eventSchema(boolean withRegion) {
        SchemaBuilder builder = SchemaBuilder.struct().name("Event")
                .field("event_id", Schema.STRING_SCHEMA)
                .field("user_id", Schema.INT64_SCHEMA)
                .field("amount", Decimal.builder(2).parameter("connect.decimal.precision", "12").optional().build())
                .field("event_time", Timestamp.SCHEMA)
                .field("day", Date.builder().optional().build())
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
                .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).optional().build())
                .field("geo", GEO);
        if (withRegion) {
            builder.field("region", Schema.OPTIONAL_STRING_SCHEMA);
        }
        return builder.build();
    }

    private Map<String, String> config(String... extra) {
        Map<String, String> config = new HashMap<>();
        config.put("name", "sink-test");
        config.put(DeltaSinkConfig.TABLES_ROOT_CONFIG, dir.toString());
        config.put(DeltaSinkConfig.FLUSH_INTERVAL_MS_CONFIG, "3600000");
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return config;
    }

    private static DeltaSinkTask start(Map<String, String> config, RecordingSinkTaskContext context) {
        DeltaSinkTask task = new DeltaSinkTask();
        task.initialize(context);
        task.start(config);
        return task;
    }

    /** A started task with {@link #TP0} assigned. */
    private static DeltaSinkTask startOnTp0(Map<String, String> config, RecordingSinkTaskContext context) {
        DeltaSinkTask task = start(config, context);
        task.open(List.of(TP0));
        return task;
    }

    /** Records at offsets 0 to {@code count - 1} of {@link #TP0}, each with {@code event(EVENT_V1, eventNumber(offset))}. */
    private static List<SinkRecord> eventsV1(int count, java.util.function.IntUnaryOperator eventNumber) {
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(record(TP0, i, EVENT_V1, event(EVENT_V1, eventNumber.applyAsInt(i))));
        }
        return records;
    }

    private static Struct event(Schema schema, int i) {
        Struct geo = new Struct(GEO).put("lat", 52.0 + i).put("lon", 13.0);
        Struct s = new Struct(schema)
                .put("event_id", "e" + i)
                .put("user_id", 1000L + i)
                .put("amount", new BigDecimal("12.50").add(BigDecimal.valueOf(i)))
                .put("event_time", java.util.Date.from(Instant.parse("2026-11-25T03:15:00Z").plusSeconds(3600L * (i % 2))))
                .put("day", java.util.Date.from(Instant.parse("2026-11-25T00:00:00Z")))
                .put("tags", List.of("a", "b" + i))
                .put("attrs", Map.of("k", i))
                .put("geo", geo);
        if (schema.field("region") != null) {
            s.put("region", "eu-" + i);
        }
        return s;
    }

    /** A record whose {@code user_id} is a string where the table has a BIGINT column. */
    private static SinkRecord mistypedUserId(long offset) {
        return record(TP0, offset, EVENT_BAD, new Struct(EVENT_BAD).put("event_id", "bad").put("user_id", "x"));
    }

    private static SinkRecord record(TopicPartition tp, long offset, Schema schema, Object value) {
        return new SinkRecord(tp.topic(), tp.partition(), Schema.STRING_SCHEMA, "k" + offset, schema, value, offset);
    }

    private String table(String topic) {
        return dir.resolve(topic).toString();
    }

    @Test
    void writesStructsWithLogicalAndNestedTypesAndRecordsTheOffsetInATxn() {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(config(), true);
        DeltaSinkTask task = startOnTp0(config(), context);
        List<SinkRecord> records = eventsV1(10, i -> i);
        task.put(records);
        assertThat(task.preCommit(Map.of())).as("nothing committed yet").isEmpty();
        task.commitNow();

        Map<TopicPartition, OffsetAndMetadata> offsets = task.preCommit(Map.of());
        assertThat(offsets).containsEntry(TP0, new OffsetAndMetadata(10));
        Snapshot snapshot = KernelTableReader.snapshot(table("events"));
        assertThat(snapshot.getLatestTransactionVersion(KernelTableReader.engine(), "sink-test-events-0")).contains(9L);

        List<Map<String, Object>> rows = KernelTableReader.rows(table("events"));
        assertThat(rows).hasSize(10);
        Map<String, Object> row3 = rows.stream().filter(r -> r.get("event_id").equals("e3")).findFirst().orElseThrow();
        assertThat(row3.get("user_id")).isEqualTo(1003L);
        assertThat(row3.get("amount")).isEqualTo(new BigDecimal("15.50"));
        assertThat(row3.get("event_time")).isEqualTo(Instant.parse("2026-11-25T04:15:00Z").toEpochMilli() * 1000);
        assertThat(row3.get("day")).isEqualTo((int) java.time.LocalDate.parse("2026-11-25").toEpochDay());
        assertThat(row3.get("tags")).isEqualTo(List.of("a", "b3"));
        assertThat(row3.get("attrs")).isEqualTo(Map.of("k", 3));
        assertThat(row3.get("geo")).isEqualTo(Map.of("lat", 55.0, "lon", 13.0));
        assertThat(snapshot.getSchema().get("amount").getDataType().toString()).contains("12").contains("2");
        task.stop();
    }

    @Test
    void addActionsCarryColumnStatisticsUnderThePhysicalColumnNames() throws Exception {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(config(), true);
        DeltaSinkTask task = startOnTp0(config(), context);
        task.put(eventsV1(10, i -> i));
        task.commitNow();
        task.stop();

        StructType schema = KernelTableReader.snapshot(table("events")).getSchema();
        List<JsonNode> stats = addStats(table("events"));
        assertThat(stats).hasSize(1);
        JsonNode file = stats.get(0);
        String userId = ParquetSchemas.physicalName(schema.get("user_id"));
        String geo = ParquetSchemas.physicalName(schema.get("geo"));
        String lat = ParquetSchemas.physicalName(((StructType) schema.get("geo").getDataType()).get("lat"));
        String eventTime = ParquetSchemas.physicalName(schema.get("event_time"));
        String amount = ParquetSchemas.physicalName(schema.get("amount"));
        assertThat(userId).as("column mapping names the files' columns").isNotEqualTo("user_id");
        assertThat(file.path("numRecords").asLong()).isEqualTo(10);
        assertThat(file.path("minValues").path(userId).asLong()).isEqualTo(1000);
        assertThat(file.path("maxValues").path(userId).asLong()).isEqualTo(1009);
        assertThat(file.path("minValues").path(amount).decimalValue()).isEqualByComparingTo("12.50");
        assertThat(file.path("maxValues").path(amount).decimalValue()).isEqualByComparingTo("21.50");
        assertThat(file.path("minValues").path(eventTime).asText()).isEqualTo("2026-11-25T03:15:00.000Z");
        assertThat(file.path("maxValues").path(eventTime).asText()).isEqualTo("2026-11-25T04:15:00.000Z");
        assertThat(file.path("minValues").path(geo).path(lat).asDouble()).isEqualTo(52.0);
        assertThat(file.path("maxValues").path(geo).path(lat).asDouble()).isEqualTo(61.0);
        assertThat(file.path("nullCount").path(userId).asLong()).isZero();
        assertThat(file.path("nullCount").has(ParquetSchemas.physicalName(schema.get("tags"))))
                .as("arrays get no statistics").isFalse();
    }

    /** The parsed {@code stats} of every {@code add} action in the table's commit files. */
    private static List<JsonNode> addStats(String table) throws java.io.IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> stats = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(table, "_delta_log"))) {
            for (Path commit : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                for (String line : Files.readAllLines(commit)) {
                    JsonNode add = mapper.readTree(line).get("add");
                    if (add != null) {
                        stats.add(mapper.readTree(add.path("stats").asText()));
                    }
                }
            }
        }
        return stats;
    }

    @Test
    void restartResumesAfterTheCommittedOffsetAndDropsUncommittedWork() {
        Map<String, String> config = config();
        RecordingSinkTaskContext first = new RecordingSinkTaskContext(config, true);
        DeltaSinkTask task = startOnTp0(config, first);
        task.put(List.of(record(TP0, 0, EVENT_V1, event(EVENT_V1, 0)), record(TP0, 1, EVENT_V1, event(EVENT_V1, 1))));
        task.commitNow();
        task.put(List.of(record(TP0, 2, EVENT_V1, event(EVENT_V1, 2))));
        // crash: the task is abandoned without close/stop, offset 2 is only in an uncommitted file

        RecordingSinkTaskContext second = new RecordingSinkTaskContext(config, true);
        DeltaSinkTask restarted = startOnTp0(config, second);
        // No seek: the consumer resumes from Kafka's group offsets, which never pass the table's txn version, and
        // records the table already holds are skipped.
        assertThat(second.seeks()).isEmpty();
        assertThat(restarted.preCommit(Map.of())).as("nothing new is committed yet").isEmpty();
        restarted.put(List.of(record(TP0, 1, EVENT_V1, event(EVENT_V1, 1)), record(TP0, 2, EVENT_V1, event(EVENT_V1, 2)),
                record(TP0, 3, EVENT_V1, event(EVENT_V1, 3))));
        restarted.commitNow();

        assertThat(KernelTableReader.rows(table("events"))).extracting(r -> r.get("event_id"))
                .containsExactlyInAnyOrder("e0", "e1", "e2", "e3");
        assertThat(restarted.preCommit(Map.of())).containsEntry(TP0, new OffsetAndMetadata(4));
        restarted.stop();
    }

    @Test
    void newOptionalFieldAddsANullableColumnAndAnIncompatibleRecordGoesToTheDeadLetterQueue() {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(config(), true);
        DeltaSinkTask task = startOnTp0(config(), context);
        task.put(List.of(record(TP0, 0, EVENT_V1, event(EVENT_V1, 0)),
                record(TP0, 1, EVENT_V2, event(EVENT_V2, 1)),
                mistypedUserId(2),
                record(TP0, 3, EVENT_V1, event(EVENT_V1, 3))));
        task.commitNow();

        assertThat(context.reported()).extracting(SinkRecord::kafkaOffset).containsExactly(2L);
        assertThat(context.reasons().get(0).getMessage()).contains("user_id").contains("string").contains("long");
        List<Map<String, Object>> rows = KernelTableReader.rows(table("events"));
        assertThat(rows).extracting(r -> r.get("event_id")).containsExactlyInAnyOrder("e0", "e1", "e3");
        assertThat(rows).filteredOn(r -> r.get("event_id").equals("e1")).extracting(r -> r.get("region")).containsExactly("eu-1");
        assertThat(rows).filteredOn(r -> r.get("event_id").equals("e0")).extracting(r -> r.get("region")).containsOnlyNulls();
        StructType schema = KernelTableReader.snapshot(table("events")).getSchema();
        assertThat(schema.get("region").isNullable()).isTrue();
        assertThat(task.preCommit(Map.of())).containsEntry(TP0, new OffsetAndMetadata(4));
        task.stop();
    }

    @Test
    void incompatibleRecordFailsTheTaskWhenErrorsAreNotTolerated() {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(config(), false);
        DeltaSinkTask task = startOnTp0(config(), context);
        task.put(List.of(record(TP0, 0, EVENT_V1, event(EVENT_V1, 0))));
        assertThatThrownBy(() -> task.put(List.of(mistypedUserId(1))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("events-0@1").hasMessageContaining("user_id").hasMessageContaining("errors.tolerance");
    }

    @Test
    void schemalessMapsInferTypesAndEvolveAndTombstonesAreSkipped() {
        Map<String, String> config = config(DeltaSinkConfig.TABLES_MAP_CONFIG, "raw:bronze/raw_events");
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(config, true);
        DeltaSinkTask task = start(config, context);
        TopicPartition tp = new TopicPartition("raw", 0);
        task.open(List.of(tp));
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("id", 1L);
        first.put("name", "alpha");
        first.put("score", 1.5);
        first.put("nested", Map.of("x", 1L));
        Map<String, Object> second = new LinkedHashMap<>(first);
        second.put("id", 2L);
        second.put("score", 2L);            // an integer into a DOUBLE column widens
        second.put("extra", true);          // new field: new column
        Map<String, Object> wrong = new LinkedHashMap<>(first);
        wrong.put("id", "not-a-number");
        task.put(List.of(record(tp, 0, null, first), record(tp, 1, null, null), record(tp, 2, null, second),
                record(tp, 3, null, wrong)));
        task.commitNow();

        String location = dir.resolve("bronze/raw_events").toString();
        List<Map<String, Object>> rows = KernelTableReader.rows(location);
        assertThat(rows).extracting(r -> r.get("id")).containsExactlyInAnyOrder(1L, 2L);
        assertThat(rows).filteredOn(r -> r.get("id").equals(2L)).extracting(r -> r.get("score"), r -> r.get("extra"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2.0, true));
        assertThat(context.reported()).extracting(SinkRecord::kafkaOffset).containsExactly(3L);
        assertThat(task.metrics().tombstonesSkipped()).isEqualTo(1);
        assertThat(task.preCommit(Map.of())).containsEntry(tp, new OffsetAndMetadata(4));
    }

    @Test
    void configuredSchemaTypesSchemalessRecordsAndRejectsMissingRequiredFields() {
        String schema = "{\"type\":\"struct\",\"fields\":["
                + "{\"name\":\"id\",\"type\":\"string\",\"nullable\":false,\"metadata\":{}},"
                + "{\"name\":\"ts\",\"type\":\"timestamp\",\"nullable\":true,\"metadata\":{}},"
                + "{\"name\":\"price\",\"type\":\"decimal(10,2)\",\"nullable\":true,\"metadata\":{}}]}";
        Map<String, String> config = config(DeltaSinkConfig.SCHEMALESS_SCHEMA_CONFIG, schema);
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(config, true);
        DeltaSinkTask task = startOnTp0(config, context);
        task.put(List.of(
                record(TP0, 0, null, Map.of("id", "a", "ts", "2026-11-25T04:00:00Z", "price", 9.99)),
                record(TP0, 1, null, Map.of("ts", 1_764_043_200_000L)),
                record(TP0, 2, null, Map.of("id", "c", "ts", 1_764_043_200_000L, "price", "1.005"))));
        task.commitNow();
        List<Map<String, Object>> rows = KernelTableReader.rows(table("events"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("id", "a").containsEntry("price", new BigDecimal("9.99"))
                .containsEntry("ts", Instant.parse("2026-11-25T04:00:00Z").toEpochMilli() * 1000);
        assertThat(context.reasons()).extracting(Throwable::getMessage)
                .anySatisfy(m -> assertThat(m).contains("required column id"))
                .anySatisfy(m -> assertThat(m).contains("price").contains("fraction digits"));
    }

    @Test
    void aDdlSchemaTypesSchemalessRecordsAndKeepsItsComments() {
        String ddl = """
                -- events, version 1
                id    STRING NOT NULL COMMENT 'id the producer gave the event',
                ts    TIMESTAMP,
                price DECIMAL(10, 2),
                tags  ARRAY<STRUCT<text: STRING, `offset`: BIGINT>>,
                """;
        Map<String, String> config = config(DeltaSinkConfig.SCHEMALESS_SCHEMA_CONFIG, ddl);
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(config, true);
        DeltaSinkTask task = startOnTp0(config, context);
        task.put(List.of(
                record(TP0, 0, null, Map.of("id", "a", "ts", 1_764_043_200_000L, "price", "9.99",
                        "tags", List.of(Map.of("text", "x", "offset", 3L)))),
                record(TP0, 1, null, Map.of("ts", "2026-11-25T04:00:00Z"))));
        task.commitNow();
        List<Map<String, Object>> rows = KernelTableReader.rows(table("events"));
        assertThat(rows).singleElement().satisfies(r -> assertThat(r).containsEntry("id", "a")
                .containsEntry("price", new BigDecimal("9.99"))
                .containsEntry("ts", 1_764_043_200_000L * 1000));
        assertThat(context.reasons()).extracting(Throwable::getMessage)
                .singleElement().asString().contains("required column id");
        StructType schema = KernelTableReader.snapshot(table("events")).getSchema();
        assertThat(schema.get("id").isNullable()).isFalse();
        assertThat(schema.get("id").getMetadata().getString("comment")).isEqualTo("id the producer gave the event");
        assertThat(schema.get("tags").getDataType().toString()).contains("offset").contains("long");
    }

    @Test
    void createdTablesGetTheConfiguredPropertiesBesideTheConnectorsOwn() {
        Map<String, String> config = config(DeltaSinkConfig.TABLES_CREATE_PROPERTIES_CONFIG,
                "delta.logRetentionDuration=interval 30 days, delta.deletedFileRetentionDuration=interval 2 days",
                DeltaSinkConfig.TABLES_CHECKPOINT_INTERVAL_CONFIG, "7");
        DeltaSinkTask task = startOnTp0(config, new RecordingSinkTaskContext(config, true));
        task.put(List.of(record(TP0, 0, null, Map.of("id", 1L))));
        task.commitNow();
        Map<String, String> properties = KernelTableReader.snapshot(table("events")).getTableProperties();
        assertThat(properties)
                .containsEntry("delta.logRetentionDuration", "interval 30 days")
                .containsEntry("delta.deletedFileRetentionDuration", "interval 2 days")
                .containsEntry("delta.checkpointInterval", "7")
                .containsEntry("delta.columnMapping.mode", "name");
    }

    @Test
    void oversizedFieldsAndWrongTypesAreRejectedWithoutStoppingOtherRecords() {
        Map<String, String> config = config(DeltaSinkConfig.FIELD_MAX_BYTES_CONFIG, "100");
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(config, true);
        DeltaSinkTask task = startOnTp0(config, context);
        task.put(List.of(
                record(TP0, 0, null, Map.of("id", 1L, "text", "short")),
                record(TP0, 1, null, Map.of("id", 2L, "text", "x".repeat(101))),
                record(TP0, 2, null, Map.of("id", 3L, "text", 42L)),
                record(TP0, 3, null, "not an object"),
                record(TP0, 4, null, Map.of("id", 5L, "text", "fine"))));
        task.commitNow();
        assertThat(KernelTableReader.rows(table("events"))).extracting(r -> r.get("id")).containsExactlyInAnyOrder(1L, 5L);
        assertThat(context.reported()).extracting(SinkRecord::kafkaOffset).containsExactly(1L, 2L, 3L);
        assertThat(context.reasons().get(0).getMessage()).contains("text").contains("field.max.bytes=100");
        assertThat(context.reasons().get(1).getMessage()).contains("text").contains("Long").contains("STRING");
        assertThat(context.reasons().get(2).getMessage()).contains("String").contains("Struct");
        assertThat(task.preCommit(Map.of())).containsEntry(TP0, new OffsetAndMetadata(5));
    }

    @Test
    void partitionsByColumnAndByDateAndHourOfTheEventTime() throws Exception {
        Map<String, String> config = config(DeltaSinkConfig.PARTITION_TIME_FIELD_CONFIG, "event_time",
                DeltaSinkConfig.PARTITION_COLUMNS_CONFIG, "event_id");
        DeltaSinkTask task = startOnTp0(config, new RecordingSinkTaskContext(config, true));
        List<SinkRecord> records = eventsV1(6, i -> i % 2);
        task.put(records);
        task.commitNow();
        Snapshot snapshot = KernelTableReader.snapshot(table("events"));
        assertThat(snapshot.getPartitionColumnNames()).containsExactly("event_id", "date", "hour");
        List<Map<String, Object>> rows = KernelTableReader.rows(table("events"));
        int day = (int) java.time.LocalDate.parse("2026-11-25").toEpochDay();
        assertThat(rows).hasSize(6);
        assertThat(rows).allSatisfy(r -> assertThat(r.get("date")).isEqualTo(day));
        assertThat(rows).filteredOn(r -> r.get("event_id").equals("e0")).extracting(r -> r.get("hour")).containsOnly(3);
        assertThat(rows).filteredOn(r -> r.get("event_id").equals("e1")).extracting(r -> r.get("hour")).containsOnly(4);
        try (Stream<Path> files = Files.walk(dir.resolve("events"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".parquet")).map(p -> dir.resolve("events").relativize(p).getParent().toString()))
                    .as("one file per table partition, not per record")
                    .containsExactlyInAnyOrder("event_id=e0/date=2026-11-25/hour=3", "event_id=e1/date=2026-11-25/hour=4");
        }
    }

    @Test
    void schemalessTimePartitionsAcceptIsoStringsAndPutMissingTimesInTheNullPartition() {
        Map<String, String> config = config(DeltaSinkConfig.PARTITION_TIME_FIELD_CONFIG, "ts",
                DeltaSinkConfig.PARTITION_TIME_GRANULARITY_CONFIG, "date", DeltaSinkConfig.TOMBSTONES_CONFIG, "dlq");
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(config, true);
        DeltaSinkTask task = startOnTp0(config, context);
        Map<String, Object> noTime = new HashMap<>();
        noTime.put("id", 2L);
        noTime.put("ts", null);
        task.put(List.of(record(TP0, 0, null, Map.of("id", 1L, "ts", "2026-11-24T23:30:00Z")),
                record(TP0, 1, null, noTime), record(TP0, 2, null, null)));
        task.commitNow();
        List<Map<String, Object>> rows = KernelTableReader.rows(table("events"));
        assertThat(rows).hasSize(2);
        assertThat(rows).filteredOn(r -> r.get("id").equals(1L)).extracting(r -> r.get("date"))
                .containsExactly((int) java.time.LocalDate.parse("2026-11-24").toEpochDay());
        assertThat(rows).filteredOn(r -> r.get("id").equals(2L)).extracting(r -> r.get("date")).containsOnlyNulls();
        assertThat(context.reported()).extracting(SinkRecord::kafkaOffset).containsExactly(2L);
        assertThat(context.reasons().get(0).getMessage()).contains("tombstone");
    }

    @Test
    void flushesOnMaxRecordsRollsFilesBySizeAndCheckpointsEveryNCommits() throws Exception {
        Map<String, String> config = config(DeltaSinkConfig.FLUSH_MAX_RECORDS_CONFIG, "100",
                DeltaSinkConfig.TABLES_CHECKPOINT_INTERVAL_CONFIG, "3");
        DeltaSinkTask task = startOnTp0(config, new RecordingSinkTaskContext(config, true));
        List<SinkRecord> records = eventsV1(450, i -> i);
        task.put(records);
        // 4 commits of 100 records happened inside put; 50 records wait for the interval.
        assertThat(task.preCommit(Map.of())).containsEntry(TP0, new OffsetAndMetadata(400));
        task.commitNow();
        assertThat(KernelTableReader.rows(table("events"))).hasSize(450);
        Snapshot snapshot = KernelTableReader.snapshot(table("events"));
        assertThat(snapshot.getVersion()).isEqualTo(5);   // create + 5 appends
        try (Stream<Path> log = Files.list(dir.resolve("events/_delta_log"))) {
            assertThat(log.map(p -> p.getFileName().toString())).contains("00000000000000000003.checkpoint.parquet");
        }
    }

    @Test
    void rollsToANewFileAtTheTargetSize() throws Exception {
        Map<String, String> config = config(DeltaSinkConfig.FILE_TARGET_SIZE_CONFIG, "4096",
                DeltaSinkConfig.PARQUET_ROW_GROUP_SIZE_CONFIG, "65536");
        DeltaSinkTask task = startOnTp0(config, new RecordingSinkTaskContext(config, true));
        List<SinkRecord> records = eventsV1(5000, i -> i);
        task.put(records);
        assertThat(task.preCommit(Map.of()).get(TP0).offset()).as("a full file commits before the interval")
                .isBetween(1L, 4999L);
        task.commitNow();
        assertThat(KernelTableReader.rows(table("events"))).hasSize(5000);
        try (Stream<Path> files = Files.list(dir.resolve("events"))) {
            long count = files.filter(p -> p.toString().endsWith(".parquet")).count();
            assertThat(count).isBetween(2L, 5L);   // rolled (size checked every 1024 rows), never a file per record
        }
    }

    @Test
    void twoConnectorsAppendToOneTable() {
        Map<String, String> a = config("name", "sink-a", DeltaSinkConfig.TABLES_TEMPLATE_CONFIG, "shared/${topic}",
                DeltaSinkConfig.TABLES_MAP_CONFIG, "other:shared/events");
        Map<String, String> b = new HashMap<>(a);
        b.put("name", "sink-b");
        DeltaSinkTask taskA = start(a, new RecordingSinkTaskContext(a, true));
        DeltaSinkTask taskB = start(b, new RecordingSinkTaskContext(b, true));
        TopicPartition other = new TopicPartition("other", 0);
        taskA.open(List.of(TP0));
        taskB.open(List.of(other));
        for (int round = 0; round < 3; round++) {
            taskA.put(List.of(record(TP0, round, EVENT_V1, event(EVENT_V1, round))));
            taskB.put(List.of(record(other, round, EVENT_V1, event(EVENT_V1, 100 + round))));
            taskA.commitNow();
            taskB.commitNow();
        }
        String location = dir.resolve("shared/events").toString();
        assertThat(KernelTableReader.rows(location)).hasSize(6);
        Snapshot snapshot = KernelTableReader.snapshot(location);
        assertThat(snapshot.getLatestTransactionVersion(KernelTableReader.engine(), "sink-a-events-0")).contains(2L);
        assertThat(snapshot.getLatestTransactionVersion(KernelTableReader.engine(), "sink-b-other-0")).contains(2L);
    }
}
