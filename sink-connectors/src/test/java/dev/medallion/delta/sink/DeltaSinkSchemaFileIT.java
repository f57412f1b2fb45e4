package dev.medallion.delta.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.sparkreader.DeltaTableSnapshot;
import dev.medallion.sparkreader.SparkDeltaReader;
import dev.medallion.sparkreader.SparkField;
import dev.medallion.sparkreader.SparkProcess;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectTestCluster;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Table schemas kept in DDL files next to the connector configs, handed to the connector through Kafka's
 * {@code DirectoryConfigProvider} ({@code "schemaless.schema": "${dir:<folder>:events.ddl}"}, resolved by the worker)
 * for schemaless JSON records, and read back with Spark: types (TIMESTAMP from epoch milliseconds and from ISO-8601
 * strings, ARRAY&lt;STRUCT&gt;), column comments, date/hour partitions from an epoch-millisecond field and date
 * partitions from an ISO-8601 string field, table properties from {@code tables.create.properties}, Snappy Parquet.
 * Also: Spark's own {@code StructType.fromDDL} gives the same schema as the sink's parser for the same file, and
 * Connect's config validation names the problem of a bad DDL file.
 */
class DeltaSinkSchemaFileIT {
    private static final String CONNECTOR_CLASS = "dev.medallion.delta.sink.DeltaSinkConnector";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ConnectTestCluster CONNECT = ConnectTestCluster.builder().name("delta-sink-schema-file-it")
            .workerProperty("config.providers", "dir")
            .workerProperty("config.providers.dir.class",
                    "org.apache.kafka.common.config.provider.DirectoryConfigProvider")
            .build();

    static final String BRONZE_DDL = """
            -- test bronze/events, schema version 1: raw events as they arrived
            event_id        STRING NOT NULL COMMENT 'id the producer gave the event',
            event_type      STRING,
            event_time      BIGINT          COMMENT 'event time as sent: epoch milliseconds, UTC',

            event_timestamp TIMESTAMP       COMMENT 'event_time as a timestamp',
            sent_at         TIMESTAMP       COMMENT 'ISO-8601 string in the record',
            revenue         DOUBLE,
            amount          DECIMAL(10, 2),
            `user id`       VARCHAR(32),
            entities        ARRAY<STRUCT<text: STRING, category: STRING COMMENT 'PERSON, ORG, ...', `offset` BIGINT>>,
            key_phrases     ARRAY<STRING>,
            attrs           MAP<STRING, INT>,   -- free-form counters
            """;

    static final String SILVER_DDL = """
            event_id            STRING NOT NULL,
            event_timestamp     TIMESTAMP COMMENT 'event time, ISO-8601 in the record (as Flink writes it)',
            latency_ms          BIGINT,
            processed_timestamp TIMESTAMP_LTZ,
            """;

    private static Path lake;
    private static Path schemas;

    @BeforeAll
    static void folders() throws Exception {
        lake = Files.createTempDirectory("delta-sink-schema-it");
        schemas = Files.createTempDirectory("delta-sink-schemas");
        Files.writeString(schemas.resolve("events.ddl"), BRONZE_DDL);
        Files.writeString(schemas.resolve("silver.ddl"), SILVER_DDL);
        // Spark's own parser refuses the trailing comma the sink tolerates: its copy ends without one.
        Files.writeString(schemas.resolve("events-for-spark.ddl"), BRONZE_DDL.replace(
                "MAP<STRING, INT>,   -- free-form counters", "MAP<STRING, INT>    -- free-form counters"));
        Files.writeString(schemas.resolve("bad.ddl"), "event_id STRING,\n  latency_ms BIGNUM,\n");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        for (Path root : List.of(lake, schemas)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Map<String, String> connector(String topic, String table, String schemaFile, String... extra) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("tables.root", lake.toString());
        config.put("tables.map", topic + ":" + table);
        config.put("flush.interval.ms", "1000");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("schemaless.schema", "${dir:" + schemas + ":" + schemaFile + "}");
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return config;
    }

    private static void produce(String topic, List<Map<String, Object>> values) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = CONNECT.producer(Map.of())) {
            for (Map<String, Object> value : values) {
                producer.send(new ProducerRecord<>(topic, null, JSON.writeValueAsBytes(value))).get();
            }
        }
    }

    private static long rowCount(Path table) {
        return Files.exists(table.resolve("_delta_log")) ? KernelTableReader.rows(table.toString()).size() : 0;
    }

    private static Map<String, Object> bronzeEvent(int i, long eventTime, String sentAt) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", "e" + i);
        event.put("event_type", i % 2 == 0 ? "click" : "purchase");
        event.put("event_time", eventTime);
        event.put("event_timestamp", eventTime);
        event.put("sent_at", sentAt);
        event.put("revenue", i * 1.5);
        event.put("amount", "1" + i + ".25");
        event.put("user id", "u" + i);
        event.put("entities", List.of(Map.of("text", "Acme " + i, "category", "ORG", "offset", (long) i)));
        event.put("key_phrases", List.of("p" + i, "all"));
        event.put("attrs", Map.of("n", i));
        event.put("not_in_schema", "ignored");
        return event;
    }

    @Test
    void aDdlFileThroughTheDirectoryConfigProviderTypesAndDescribesBronzeAndSilverAsSparkReadsThem() throws Exception {
        // bronze: date/hour partitions from an epoch-millisecond field, properties on create
        String bronzeTopic = "events.raw";
        CONNECT.createTopic(bronzeTopic, 1);
        CONNECT.rest().putConnectorConfig("bronze", connector(bronzeTopic, "bronze/events", "events.ddl",
                "partition.time.field", "event_time", "partition.time.granularity", "hour",
                "tables.create.properties", "delta.logRetentionDuration=interval 30 days"));
        CONNECT.rest().awaitRunning("bronze", 1, Duration.ofSeconds(90));
        long t0 = Instant.parse("2026-12-03T11:59:59.999Z").toEpochMilli();
        long t1 = Instant.parse("2026-12-03T12:00:00.123Z").toEpochMilli();
        produce(bronzeTopic, List.of(bronzeEvent(0, t0, "2026-12-03T12:00:01.5Z"),
                bronzeEvent(1, t1, "2026-12-03T12:00:02+01:00"),
                bronzeEvent(2, t1 + 3_600_000L, "2026-12-03T13:00:00Z")));

        // silver: date partitions from an ISO-8601 string field, as the Flink job writes events.clean
        String silverTopic = "events.clean";
        CONNECT.createTopic(silverTopic, 1);
        CONNECT.rest().putConnectorConfig("silver", connector(silverTopic, "silver/events", "silver.ddl",
                "partition.time.field", "event_timestamp", "partition.time.granularity", "date"));
        CONNECT.rest().awaitRunning("silver", 1, Duration.ofSeconds(90));
        produce(silverTopic, List.of(
                Map.of("event_id", "s0", "event_timestamp", "2026-12-03T12:00:00.123Z", "latency_ms", 12,
                        "processed_timestamp", "2026-12-03T12:00:05.001Z"),
                Map.of("event_id", "s1", "event_timestamp", "2026-12-03T23:59:59.999Z", "latency_ms", 13,
                        "processed_timestamp", "2026-12-04T00:00:04Z"),
                Map.of("event_id", "s2", "event_timestamp", "2026-12-04T00:00:00Z", "latency_ms", 14,
                        "processed_timestamp", "2026-12-04T00:00:05Z")));

        Path bronze = lake.resolve("bronze/events");
        Path silver = lake.resolve("silver/events");
        Await.until(Duration.ofSeconds(90), "3 rows in bronze/events", () -> rowCount(bronze) == 3);
        Await.until(Duration.ofSeconds(90), "3 rows in silver/events", () -> rowCount(silver) == 3);

        DeltaTableSnapshot b = SparkDeltaReader.read(bronze);
        assertThat(b.partitionColumns()).containsExactly("date", "hour");
        assertThat(b.schema()).extracting(SparkField::name, SparkField::type, SparkField::nullable).containsExactly(
                org.assertj.core.groups.Tuple.tuple("event_id", "string", false),
                org.assertj.core.groups.Tuple.tuple("event_type", "string", true),
                org.assertj.core.groups.Tuple.tuple("event_time", "bigint", true),
                org.assertj.core.groups.Tuple.tuple("event_timestamp", "timestamp", true),
                org.assertj.core.groups.Tuple.tuple("sent_at", "timestamp", true),
                org.assertj.core.groups.Tuple.tuple("revenue", "double", true),
                org.assertj.core.groups.Tuple.tuple("amount", "decimal(10,2)", true),
                org.assertj.core.groups.Tuple.tuple("user id", "string", true),
                org.assertj.core.groups.Tuple.tuple("entities",
                        "array<struct<text:string,category:string,offset:bigint>>", true),
                org.assertj.core.groups.Tuple.tuple("key_phrases", "array<string>", true),
                org.assertj.core.groups.Tuple.tuple("attrs", "map<string,int>", true),
                org.assertj.core.groups.Tuple.tuple("date", "date", true),
                org.assertj.core.groups.Tuple.tuple("hour", "int", true));
        assertThat(b.properties()).containsEntry("delta.logRetentionDuration", "interval 30 days")
                .containsEntry("delta.checkpointInterval", "10");
        Map<String, Map<String, Object>> rows = b.rows().stream()
                .collect(Collectors.toMap(r -> (String) r.get("event_id"), r -> r));
        assertThat(rows).containsOnlyKeys("e0", "e1", "e2");
        Map<String, Object> e1 = new LinkedHashMap<>();
        e1.put("event_id", "e1");
        e1.put("event_type", "purchase");
        e1.put("event_time", t1);
        e1.put("event_timestamp", "2026-12-03T12:00:00.123Z");
        e1.put("sent_at", "2026-12-03T11:00:02Z");
        e1.put("revenue", 1.5);
        e1.put("amount", new java.math.BigDecimal("11.25"));
        e1.put("user id", "u1");
        e1.put("entities", List.of(Map.of("text", "Acme 1", "category", "ORG", "offset", 1L)));
        e1.put("key_phrases", List.of("p1", "all"));
        e1.put("attrs", Map.of("n", 1));
        e1.put("date", "2026-12-03");
        e1.put("hour", 12);
        assertThat(rows.get("e1")).containsExactlyEntriesOf(e1);
        assertThat(rows.get("e0")).containsEntry("event_timestamp", "2026-12-03T11:59:59.999Z")
                .containsEntry("sent_at", "2026-12-03T12:00:01.500Z").containsEntry("date", "2026-12-03")
                .containsEntry("hour", 11).containsEntry("amount", new java.math.BigDecimal("10.25"));
        assertThat(rows.get("e2")).containsEntry("event_timestamp", "2026-12-03T13:00:00.123Z")
                .containsEntry("sent_at", "2026-12-03T13:00:00Z").containsEntry("hour", 13)
                .containsEntry("entities", List.of(Map.of("text", "Acme 2", "category", "ORG", "offset", 2L)));

        DeltaTableSnapshot s = SparkDeltaReader.read(silver);
        assertThat(s.partitionColumns()).containsExactly("date");
        assertThat(s.schema()).extracting(SparkField::name, SparkField::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("event_id", "string"),
                org.assertj.core.groups.Tuple.tuple("event_timestamp", "timestamp"),
                org.assertj.core.groups.Tuple.tuple("latency_ms", "bigint"),
                org.assertj.core.groups.Tuple.tuple("processed_timestamp", "timestamp"),
                org.assertj.core.groups.Tuple.tuple("date", "date"));
        assertThat(s.rows()).extracting(r -> r.get("event_id"), r -> r.get("event_timestamp"), r -> r.get("date"))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("s0", "2026-12-03T12:00:00.123Z", "2026-12-03"),
                        org.assertj.core.groups.Tuple.tuple("s1", "2026-12-03T23:59:59.999Z", "2026-12-03"),
                        org.assertj.core.groups.Tuple.tuple("s2", "2026-12-04T00:00:00Z", "2026-12-04"));
        assertThat(s.properties()).doesNotContainKey("delta.logRetentionDuration");

        // Comments as Spark's DESCRIBE shows them, and Spark's own reading of the same DDL file.
        JsonNode probe = sparkProbe(schemas.resolve("events-for-spark.ddl"), bronze, silver);
        Map<String, String> comments = describeComments(probe.path("tables").path(bronze.toString()));
        assertThat(comments).containsEntry("event_id", "id the producer gave the event")
                .containsEntry("event_time", "event time as sent: epoch milliseconds, UTC")
                .containsEntry("sent_at", "ISO-8601 string in the record")
                .containsEntry("event_type", null).containsEntry("date", null);
        JsonNode entity = field(probe.path("tables").path(bronze.toString()).path("schema"), "entities")
                .path("type").path("elementType");
        assertThat(field(entity, "category").path("metadata").path("comment").asText()).isEqualTo("PERSON, ORG, ...");
        assertThat(describeComments(probe.path("tables").path(silver.toString())))
                .containsEntry("event_timestamp", "event time, ISO-8601 in the record (as Flink writes it)");

        // Same DDL file: the schema the sink created the table with (as Spark reads it, without the derived
        // partition columns and column mapping's ids) is the one Spark's own StructType.fromDDL derives, except that
        // Spark 4 keeps VARCHAR(32) as a type of its own where the sink stores a plain string (Delta keeps no length).
        JsonNode fromDdl = probe.path("fromDdl");
        assertThat(field(fromDdl, "user id").path("type").asText()).isEqualTo("varchar(32)");
        JsonNode created = withoutColumnMapping(probe.path("tables").path(bronze.toString()).path("schema"));
        com.fasterxml.jackson.databind.node.ArrayNode fields =
                (com.fasterxml.jackson.databind.node.ArrayNode) created.path("fields");
        assertThat(fields.remove(fields.size() - 1).path("name").asText()).isEqualTo("hour");
        assertThat(fields.remove(fields.size() - 1).path("name").asText()).isEqualTo("date");
        assertThat(created).isEqualTo(varcharAsString(fromDdl));

        // Parquet compression default: Snappy in every column chunk of every data file.
        List<CompressionCodecName> codecs = new ArrayList<>();
        for (Path table : List.of(bronze, silver)) {
            try (Stream<Path> files = Files.walk(table)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                            new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
                        for (BlockMetaData block : reader.getFooter().getBlocks()) {
                            block.getColumns().stream().map(ColumnChunkMetaData::getCodec).forEach(codecs::add);
                        }
                    }
                }
            }
        }
        assertThat(codecs).isNotEmpty().containsOnly(CompressionCodecName.SNAPPY);
        CONNECT.rest().deleteConnector("bronze");
        CONNECT.rest().deleteConnector("silver");
    }

    @Test
    void validationNamesTheProblemOfABadDdlFile() {
        Map<String, String> config = connector("t", "t", "bad.ddl");
        config.put("name", "bad-ddl");
        JsonNode result = CONNECT.rest().validateConfig(CONNECTOR_CLASS, config);
        assertThat(result.path("error_count").asInt()).isEqualTo(1);
        List<String> errors = new ArrayList<>();
        result.path("configs").forEach(c -> {
            if (c.path("value").path("name").asText().equals("schemaless.schema")) {
                c.path("value").path("errors").forEach(e -> errors.add(e.asText()));
            }
        });
        assertThat(errors).singleElement().asString().contains("line 2, column 14")
                .contains("unknown type BIGNUM").contains("Spark SQL DDL");

        config.put("schemaless.schema", "${dir:" + schemas + ":events.ddl}");
        assertThat(CONNECT.rest().validateConfig(CONNECTOR_CLASS, config).path("error_count").asInt()).isZero();
    }

    /** Runs {@link SparkSchemaProbe} in a Spark child JVM and returns its output. */
    private static JsonNode sparkProbe(Path ddl, Path... tables) throws Exception {
        Path out = Files.createTempFile("spark-schema-probe", ".json");
        try {
            Path testClasses = Path.of(SparkSchemaProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<String> args = new ArrayList<>(List.of(out.toString(), ddl.toString()));
            Stream.of(tables).map(Path::toString).forEach(args::add);
            SparkProcess.create().withExtraClassPath(testClasses).run(SparkSchemaProbe.class.getName(), args);
            return JSON.readTree(Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Column name → comment from DESCRIBE TABLE rows (up to the first blank or '#' row). */
    private static Map<String, String> describeComments(JsonNode table) {
        Map<String, String> comments = new LinkedHashMap<>();
        for (JsonNode row : table.path("describe")) {
            String name = row.path(0).asText();
            if (name.isBlank() || name.startsWith("#")) {
                break;
            }
            comments.put(name, row.path(2).isNull() ? null : row.path(2).asText());
        }
        return comments;
    }

    private static JsonNode field(JsonNode struct, String name) {
        for (JsonNode f : struct.path("fields")) {
            if (f.path("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no field " + name + " in " + struct);
    }

    /** A copy without column mapping's field metadata (ids, physical names), at any depth. */
    private static JsonNode withoutColumnMapping(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        copy.findParents("metadata").forEach(parent -> {
            com.fasterxml.jackson.databind.node.ObjectNode metadata =
                    (com.fasterxml.jackson.databind.node.ObjectNode) parent.get("metadata");
            List<String> keys = new ArrayList<>();
            metadata.fieldNames().forEachRemaining(keys::add);
            keys.stream().filter(k -> k.startsWith("delta.columnMapping.")).forEach(metadata::remove);
        });
        return copy;
    }

    private static JsonNode varcharAsString(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        for (JsonNode f : copy.path("fields")) {
            if (f.path("type").asText().startsWith("varchar(")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) f).put("type", "string");
            }
        }
        return copy;
    }
}
