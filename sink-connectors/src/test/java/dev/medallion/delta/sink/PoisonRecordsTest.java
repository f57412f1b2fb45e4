package dev.medallion.delta.sink;

import dev.medallion.testkit.RecordingSinkTaskContext;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Values that once escaped the dead-letter path as ArithmeticException, NumberFormatException or a DataException
 * thrown outside row conversion, and so failed the task again on every restart. Each must reach the errant record
 * reporter with a reason naming the field, while the records around it land in the table.
 */
class PoisonRecordsTest {
    private static final TopicPartition TP0 = new TopicPartition("events", 0);
    /** Generous: the bounded paths take milliseconds, the unbounded ones took minutes of CPU. */
    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Map<String, String> config(String... extra) {
        Map<String, String> config = new HashMap<>();
        config.put("name", "poison-test");
        config.put(DeltaSinkConfig.TABLES_ROOT_CONFIG, dir.toString());
        config.put(DeltaSinkConfig.FLUSH_INTERVAL_MS_CONFIG, "3600000");
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return config;
    }

    private static SinkRecord record(long offset, Schema schema, Object value) {
        return new SinkRecord(TP0.topic(), TP0.partition(), Schema.STRING_SCHEMA, "k" + offset, schema, value, offset);
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /**
     * Puts the records one batch at a time (a record escaping the DLQ path would throw out of put), commits, and
     * checks which offsets were reported and which ids landed.
     */
    private RecordingSinkTaskContext run(Map<String, String> config, List<SinkRecord> records, Object... landedIds) {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(config, true);
        DeltaSinkTask task = new DeltaSinkTask();
        task.initialize(context);
        task.start(config);
        task.open(List.of(TP0));
        assertTimeoutPreemptively(BOUND, () -> task.put(records));
        task.commitNow();
        assertThat(KernelTableReader.rows(dir.resolve("events").toString())).extracting(r -> r.get("id"))
                .containsExactlyInAnyOrder(landedIds);
        assertThat(task.preCommit(Map.of())).containsEntry(TP0, new OffsetAndMetadata(records.size()));
        task.stop();
        return context;
    }

    private static List<SinkRecord> schemaless(Map<?, ?>... values) {
        List<SinkRecord> records = new ArrayList<>();
        for (Map<?, ?> value : values) {
            records.add(record(records.size(), null, value));
        }
        return records;
    }

    @Test
    void unparsableAndOverflowingPartitionTimesGoToTheDeadLetterQueue() {
        Map<String, String> config = config(DeltaSinkConfig.PARTITION_TIME_FIELD_CONFIG, "ts");
        RecordingSinkTaskContext context = run(config, schemaless(
                map("id", 1L, "ts", "2026-11-25T03:00:00Z"),
                map("id", 2L, "ts", "not a time"),
                map("id", 3L, "ts", "+300000000-01-01T00:00:00Z"),
                map("id", 4L, "ts", "2026-11-25T04:00:00Z")), 1L, 4L);
        assertThat(context.reported()).extracting(SinkRecord::kafkaOffset).containsExactly(1L, 2L);
        assertThat(context.reasons()).allSatisfy(e -> assertThat(e.getMessage()).contains("ts"));
    }

    @Test
    void epochMillisPartitionTimeBeyondTheTimestampRangeGoesToTheDeadLetterQueue() {
        Map<String, String> config = config(DeltaSinkConfig.PARTITION_TIME_FIELD_CONFIG, "ts");
        RecordingSinkTaskContext context = run(config, schemaless(
                map("id", 1L, "ts", 1_764_043_200_000L),
                map("id", 2L, "ts", Long.MAX_VALUE),
                map("id", 3L, "ts", Long.MIN_VALUE),
                map("id", 4L, "ts", 1_764_043_200_001L)), 1L, 4L);
        assertThat(context.reported()).extracting(SinkRecord::kafkaOffset).containsExactly(1L, 2L);
        assertThat(context.reasons()).allSatisfy(e -> assertThat(e.getMessage()).contains("ts").contains("range"));
    }

    private static final String CONFIGURED = "{\"type\":\"struct\",\"fields\":["
            + "{\"name\":\"id\",\"type\":\"long\",\"nullable\":false,\"metadata\":{}},"
            + "{\"name\":\"ts\",\"type\":\"timestamp\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"day\",\"type\":\"date\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"price\",\"type\":\"decimal(10,2)\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"user_id\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"latency_ms\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]}";

    @Test
    void overflowingTimestampsAndDatesOfSchemalessRecordsGoToTheDeadLetterQueue() {
        Map<String, String> config = config(DeltaSinkConfig.SCHEMALESS_SCHEMA_CONFIG, CONFIGURED);
        RecordingSinkTaskContext context = run(config, schemaless(
                map("id", 0L, "ts", 1_764_043_200_000L, "day", 20_000L),
                map("id", 1L, "ts", Long.MAX_VALUE),
                map("id", 2L, "day", 3_000_000_000L),
                map("id", 3L, "day", "+999999999-12-31"),
                map("id", 4L, "ts", "2026-11-25T03:00:00Z", "day", "2026-11-25")), 0L, 4L);
        assertThat(context.reported()).extracting(SinkRecord::kafkaOffset).containsExactly(1L, 2L, 3L);
        assertThat(context.reasons().get(0).getMessage()).contains("ts").contains("range");
        assertThat(context.reasons().subList(1, 3)).allSatisfy(e -> assertThat(e.getMessage()).contains("day").contains("range"));
    }

    @Test
    void decimalsThatCannotBeStoredExactlyGoToTheDeadLetterQueueWithoutExpandingTheirExponent() {
        Map<String, String> config = config(DeltaSinkConfig.SCHEMALESS_SCHEMA_CONFIG, CONFIGURED);
        RecordingSinkTaskContext context = run(config, schemaless(
                map("id", 0L, "price", "12.50"),
                map("id", 1L, "price", "1e99999999"),
                map("id", 2L, "price", "1e-99999999"),
                map("id", 3L, "price", Double.NaN),
                map("id", 4L, "price", Double.POSITIVE_INFINITY),
                map("id", 5L, "price", "9".repeat(100_000)),
                map("id", 6L, "price", "1" + "0".repeat(100_000) + "e-100000"),
                map("id", 7L, "price", "0e99999999"),
                map("id", 8L, "price", "1.2500000000000000000000000000000000000000000000000")), 0L, 7L, 8L);
        assertThat(context.reported()).extracting(SinkRecord::kafkaOffset).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(context.reasons()).allSatisfy(e -> assertThat(e.getMessage())
                .contains("price").contains("DECIMAL(10,2)").hasSizeLessThan(1000));
    }

    @Test
    void wronglyTypedJsonFieldsGoToTheDeadLetterQueueWithTheirNames() {
        // What the quickstart's bronze sink saw: an integer user_id and a string latency, inferred and configured.
        RecordingSinkTaskContext inferred = run(config(), schemaless(
                map("id", 0L, "user_id", "u-1", "latency_ms", 12L),
                map("id", 1L, "user_id", 42L, "latency_ms", 13L),
                map("id", 2L, "user_id", "u-3", "latency_ms", "fast"),
                map("id", 3L, "user_id", "u-4", "latency_ms", 14L)), 0L, 3L);
        assertThat(inferred.reported()).extracting(SinkRecord::kafkaOffset).containsExactly(1L, 2L);
        assertThat(inferred.reasons().get(0).getMessage()).contains("user_id").contains("STRING");
        assertThat(inferred.reasons().get(1).getMessage()).contains("latency_ms").contains("LONG");
    }

    @Test
    void wronglyTypedJsonFieldsAgainstAConfiguredSchemaGoToTheDeadLetterQueue() {
        Map<String, String> config = config(DeltaSinkConfig.SCHEMALESS_SCHEMA_CONFIG, CONFIGURED);
        RecordingSinkTaskContext context = run(config, schemaless(
                map("id", 0L, "user_id", "u-1", "latency_ms", 12L),
                map("id", 1L, "user_id", 42L),
                map("id", 2L, "latency_ms", "fast"),
                map("id", 3L, "latency_ms", 1.5)), 0L);
        assertThat(context.reported()).extracting(SinkRecord::kafkaOffset).containsExactly(1L, 2L, 3L);
        assertThat(context.reasons().get(0).getMessage()).contains("user_id");
        assertThat(context.reasons().get(1).getMessage()).contains("latency_ms");
        assertThat(context.reasons().get(2).getMessage()).contains("latency_ms");
    }

    private static final Schema EVENT = SchemaBuilder.struct().name("Event")
            .field("id", Schema.INT64_SCHEMA)
            .field("ts", Timestamp.builder().optional().build())
            .field("day", Date.builder().optional().build())
            .field("price", Decimal.builder(2).parameter("connect.decimal.precision", "10").optional().build())
            .build();

    @Test
    void overflowingStructValuesAndPartitionTimesGoToTheDeadLetterQueue() {
        Map<String, String> config = config(DeltaSinkConfig.PARTITION_TIME_FIELD_CONFIG, "ts");
        java.util.Date now = java.util.Date.from(Instant.parse("2026-11-25T03:00:00Z"));
        List<SinkRecord> records = List.of(
                record(0, EVENT, new Struct(EVENT).put("id", 0L).put("ts", now).put("day", now)
                        .put("price", new BigDecimal("1.25"))),
                record(1, EVENT, new Struct(EVENT).put("id", 1L).put("ts", new java.util.Date(Long.MAX_VALUE))),
                record(2, EVENT, new Struct(EVENT).put("id", 2L).put("ts", now)
                        .put("day", new java.util.Date(Long.MIN_VALUE))),
                record(3, EVENT, new Struct(EVENT).put("id", 3L).put("ts", now)
                        .put("price", new BigDecimal("123456789.12"))),
                record(4, EVENT, new Struct(EVENT).put("id", 4L).put("ts", now)));
        RecordingSinkTaskContext context = run(config, records, 0L, 4L);
        assertThat(context.reported()).extracting(SinkRecord::kafkaOffset).containsExactly(1L, 2L, 3L);
        assertThat(context.reasons().get(0).getMessage()).contains("ts");
        assertThat(context.reasons().get(1).getMessage()).contains("day");
        assertThat(context.reasons().get(2).getMessage()).contains("price");
    }

    @Test
    void fieldNamesATableCannotHoldGoToTheDeadLetterQueue() {
        RecordingSinkTaskContext context = run(config(), schemaless(
                map("id", 0L, "name", "a"),
                map("id", 1L, "Name", "b"),
                map("id", 2L, "extra", 1L, "EXTRA", 2L),
                map("id", 3L, "nested", map("x", 1L, "X", 2L)),
                map("id", 4L, "", 1L),
                map("id", 5L, "name", "f")), 0L, 5L);
        assertThat(context.reported()).extracting(SinkRecord::kafkaOffset).containsExactly(1L, 2L, 3L, 4L);
        assertThat(context.reasons().get(0).getMessage()).contains("Name").contains("case");
        assertThat(context.reasons().get(1).getMessage()).contains("extra").contains("EXTRA");
        assertThat(context.reasons().get(2).getMessage()).contains("nested.x").contains("nested.X");
        assertThat(context.reasons().get(3).getMessage()).contains("empty name");
    }

    @Test
    void structSchemasATableCannotHoldGoToTheDeadLetterQueue() {
        Schema good = SchemaBuilder.struct().name("E").field("id", Schema.INT64_SCHEMA).build();
        Schema cased = SchemaBuilder.struct().name("E").field("id", Schema.INT64_SCHEMA)
                .field("v", Schema.INT64_SCHEMA).field("V", Schema.INT64_SCHEMA).build();
        Schema badDecimal = SchemaBuilder.struct().name("E").field("id", Schema.INT64_SCHEMA)
                .field("d", Decimal.builder(2).parameter("connect.decimal.precision", "many").build()).build();
        RecordingSinkTaskContext context = run(config(), List.of(
                record(0, good, new Struct(good).put("id", 0L)),
                record(1, cased, new Struct(cased).put("id", 1L).put("v", 1L).put("V", 2L)),
                record(2, badDecimal, new Struct(badDecimal).put("id", 2L).put("d", new BigDecimal("1.00"))),
                record(3, good, new Struct(good).put("id", 3L))), 0L, 3L);
        assertThat(context.reported()).extracting(SinkRecord::kafkaOffset).containsExactly(1L, 2L);
        assertThat(context.reasons().get(0).getMessage()).contains("v").contains("V").contains("case-insensitive");
        assertThat(context.reasons().get(1).getMessage()).contains("value.d").contains("connect.decimal.precision");
    }

    @Test
    void aPartitionValueTooLongForADirectoryNameGoesToTheDeadLetterQueue() {
        // The file system refuses a path component over 255 bytes: writing the file failed on every restart.
        Map<String, String> config = config(DeltaSinkConfig.PARTITION_COLUMNS_CONFIG, "region");
        RecordingSinkTaskContext context = run(config, schemaless(
                map("id", 0L, "region", "eu-west"),
                map("id", 1L, "region", "x".repeat(300)),
                map("id", 2L, "region", "\u00e9".repeat(130)),
                map("id", 3L, "region", "y".repeat(240))), 0L, 3L);
        assertThat(context.reported()).extracting(SinkRecord::kafkaOffset).containsExactly(1L, 2L);
        assertThat(context.reasons()).allSatisfy(e -> assertThat(e.getMessage()).contains("region").contains("255"));
    }

    @Test
    void tooDeeplyNestedOrTooWideRecordsGoToTheDeadLetterQueueBeforeTheyChangeTheTable() {
        RecordingSinkTaskContext context = run(config(), schemaless(
                map("id", 0L),
                map("id", 1L, "deep", nested(1000)),   // Jackson's default nesting limit
                map("id", 2L, "deep", nested(13)),     // one level more than schema.max.depth
                wide(3L, 10_000),
                map("id", 4L, "deep", nested(12)),
                wide(5L, 200)), 0L, 4L, 5L);
        assertThat(context.reported()).extracting(SinkRecord::kafkaOffset).containsExactly(1L, 2L, 3L);
        assertThat(context.reasons().subList(0, 2)).allSatisfy(e -> assertThat(e.getMessage()).contains("schema.max.depth=12"));
        assertThat(context.reasons().get(2).getMessage()).contains("10001 leaf columns").contains("schema.max.columns=1000");
    }

    @Test
    void theSchemaLimitsApplyToRecordsNotToTheConfiguredSchema() {
        Map<String, String> config = config(DeltaSinkConfig.SCHEMALESS_SCHEMA_CONFIG, CONFIGURED,
                DeltaSinkConfig.SCHEMA_MAX_COLUMNS_CONFIG, "2");
        RecordingSinkTaskContext context = run(config, schemaless(map("id", 0L, "latency_ms", 5L)), 0L);
        assertThat(context.reported()).isEmpty();
    }

    /** A value that makes its field {@code levels} levels deep: {"n": {"n": ... {"leaf": 1}}}. */
    private static Map<String, Object> nested(int levels) {
        Map<String, Object> value = map("leaf", 1L);
        for (int i = 1; i < levels; i++) {
            value = map("n", value);
        }
        return value;
    }

    private static Map<String, Object> wide(long id, int fields) {
        Map<String, Object> value = map("id", id);
        for (int i = 0; i < fields; i++) {
            value.put("f" + i, (long) i);
        }
        return value;
    }
}
