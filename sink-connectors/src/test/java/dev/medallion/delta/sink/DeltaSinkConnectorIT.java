package dev.medallion.delta.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectTestCluster;
import dev.medallion.testkit.TestClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import dev.medallion.sparkreader.DeltaTableSnapshot;
import dev.medallion.sparkreader.SparkDeltaReader;
import dev.medallion.sparkreader.SparkField;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the connector from its plugin folder in an embedded Connect worker and checks the Delta tables it writes: JSON
 * with schemas and schemaless JSON, routing several topics, dead-letter queue for bad records, and exactly-once
 * across repeated worker restarts in the middle of a stream.
 */
class DeltaSinkConnectorIT {
    private static final String CONNECTOR_CLASS = "dev.medallion.delta.sink.DeltaSinkConnector";

    @RegisterExtension
    static final ConnectTestCluster CONNECT = ConnectTestCluster.builder().name("delta-sink-it")
            // Workers give up on a stopping task after 1 ms, so a restart leaves the old task committing while its
            // successor starts: the zombie case the txn versions must handle.
            .workerProperty("task.shutdown.graceful.timeout.ms", "1").build();

    private static Path lake;

    @BeforeAll
    static void lake() throws Exception {
        lake = Files.createTempDirectory("delta-sink-it");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (Stream<Path> files = Files.walk(lake)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Map<String, String> connector(String topics, String... extra) {
        return SequencedEvents.sinkConfig(lake, topics, extra);
    }

    /** Sum of the sink's committed consumer offsets over its partitions ({@code GET /connectors/:name/offsets}). */
    private static long committedOffsets(String connector) {
        long committed = 0;
        for (JsonNode offset : CONNECT.rest().connectorOffsets(connector).path("offsets")) {
            committed += offset.path("offset").path("kafka_offset").asLong();
        }
        return committed;
    }

    private static long rowCount(Path table) {
        if (!Files.exists(table.resolve("_delta_log"))) {
            return 0;
        }
        return KernelTableReader.rows(table.toString()).size();
    }

    @Test
    void everyRecordLandsExactlyOnceAcrossWorkerRestartsMidStream() throws Exception {
        String topic = "eos.events";
        CONNECT.createTopic(topic, 2);
        int total = 6000;
        CONNECT.rest().putConnectorConfig("eos-sink", connector(topic,
                "flush.interval.ms", "700", "flush.max.records", "250",
                "partition.time.field", "event_time", "partition.time.granularity", "date"));
        CONNECT.rest().awaitRunning("eos-sink", 2, Duration.ofSeconds(90));
        Path table = lake.resolve(topic);
        try (KafkaProducer<byte[], byte[]> producer = CONNECT.producer(Map.of())) {
            SequencedEvents.produce(producer, topic, 0, 1000);
            // Restart before the first commit can have happened for some partitions...
            CONNECT.restartWorkers();
            CONNECT.rest().awaitRunning("eos-sink", 2, Duration.ofSeconds(120));
            SequencedEvents.produce(producer, topic, 1000, 3000);
            // ...after some commits...
            Await.until(Duration.ofSeconds(120), "some rows committed", () -> rowCount(table) > 0);
            CONNECT.restartWorkers();
            SequencedEvents.produce(producer, topic, 3000, 4500);
            CONNECT.rest().awaitRunning("eos-sink", 2, Duration.ofSeconds(120));
            // ...and while records are flowing.
            CONNECT.restartWorkers();
            SequencedEvents.produce(producer, topic, 4500, total);
            CONNECT.rest().awaitRunning("eos-sink", 2, Duration.ofSeconds(120));
        }
        Await.until(Duration.ofSeconds(180), "all " + total + " rows in the table", () -> rowCount(table) >= total);
        // Connect's offsets only follow what the table committed; once they stand at the end of both partitions
        // nothing is in flight that could still land as a late duplicate.
        Await.until(Duration.ofSeconds(120), "Connect's offsets at the end of both partitions",
                () -> committedOffsets("eos-sink") == total);

        // Delta Kernel's own log replay decides which files are in the table (Spark reads the same log; the Spark
        // check of this connector's output is sparkReadsBack..., one Spark start per class keeps the suite short).
        List<Map<String, Object>> rows = KernelTableReader.rows(table.toString());
        io.delta.kernel.Snapshot snapshot = KernelTableReader.snapshot(table.toString());
        long txn0 = snapshot.getLatestTransactionVersion(KernelTableReader.engine(), "eos-sink-" + topic + "-0").orElseThrow();
        long txn1 = snapshot.getLatestTransactionVersion(KernelTableReader.engine(), "eos-sink-" + topic + "-1").orElseThrow();
        assertThat(txn0 + 1 + txn1 + 1).as("txn versions cover every offset of both partitions").isEqualTo(total);
        Map<Object, Long> perId = rows.stream().collect(Collectors.groupingBy(r -> r.get("event_id"), Collectors.counting()));
        assertThat(rows).as("exactly one row per record").hasSize(total);
        assertThat(perId).hasSize(total);
        assertThat(perId.values()).as("no duplicates").containsOnly(1L);
        Map<String, Object> row = rows.stream().filter(r -> "ev-42".equals(r.get("event_id"))).findFirst().orElseThrow();
        assertThat(row).containsEntry("seq", 42L).containsEntry("event_type", "click").containsEntry("amount", 21.0)
                .containsEntry("date", (int) java.time.LocalDate.parse("2026-11-25").toEpochDay());

        assertThat(committedOffsets("eos-sink")).as("Connect's consumer offsets never run ahead of the table")
                .isEqualTo(total);
        CONNECT.rest().deleteConnector("eos-sink");
    }

    /** Kafka's consumer offsets of the connector, summed per topic (the topics the consumer reads). */
    private static Map<String, Long> consumerOffsetsPerTopic(String connector) {
        Map<String, Long> perTopic = new java.util.TreeMap<>();
        for (JsonNode offset : CONNECT.rest().connectorOffsets(connector).path("offsets")) {
            perTopic.merge(offset.path("partition").path("kafka_topic").asText(),
                    offset.path("offset").path("kafka_offset").asLong(), Long::sum);
        }
        return perTopic;
    }

    @Test
    void twoTopicsMergedByRegexRouterLandInOneTableExactlyOnceAcrossRestarts() {
        String a = "events.a";
        String b = "events.b";
        String merged = "events.merged";
        String name = "merge-sink";
        CONNECT.createTopic(a, 2);
        CONNECT.createTopic(b, 2);
        CONNECT.rest().putConnectorConfig(name, connector(a + "," + b,
                "transforms", "merge",
                "transforms.merge.type", "org.apache.kafka.connect.transforms.RegexRouter",
                "transforms.merge.regex", "events\\.(a|b)",
                "transforms.merge.replacement", merged));
        CONNECT.rest().awaitRunning(name, 2, Duration.ofSeconds(90));
        Path table = lake.resolve(merged);
        try (KafkaProducer<byte[], byte[]> producer = CONNECT.producer(Map.of())) {
            // Same offsets in both topics: shared bookkeeping would skip one topic's records as the other's.
            SequencedEvents.produce(producer, a, 0, 10);
            SequencedEvents.produce(producer, b, 100, 110);
            Await.until(Duration.ofSeconds(90), "20 rows in " + merged, () -> rowCount(table) == 20);
            Await.until(Duration.ofSeconds(60), "consumer offsets of the consumed topics at 10 each",
                    () -> consumerOffsetsPerTopic(name).equals(Map.of(a, 10L, b, 10L)));

            CONNECT.rest().restartConnectorAndTasks(name);
            CONNECT.rest().awaitRunning(name, 2, Duration.ofSeconds(90));
            SequencedEvents.produce(producer, a, 10, 15);
            SequencedEvents.produce(producer, b, 110, 115);
            CONNECT.restartWorkers();
            CONNECT.rest().awaitRunning(name, 2, Duration.ofSeconds(120));
            SequencedEvents.produce(producer, a, 15, 20);
            SequencedEvents.produce(producer, b, 115, 120);
        }
        // Kafka's offsets move only past records in committed Delta versions: at 20 each, every record is in.
        Await.until(Duration.ofSeconds(120), "consumer offsets of the consumed topics at 20 each",
                () -> consumerOffsetsPerTopic(name).equals(Map.of(a, 20L, b, 20L)));
        CONNECT.rest().awaitRunning(name, 2, Duration.ofSeconds(10));

        DeltaTableSnapshot spark = SparkDeltaReader.read(table);
        List<Object> ids = spark.rows().stream().map(r -> r.get("event_id")).toList();
        List<String> expected = Stream.concat(java.util.stream.LongStream.range(0, 20).boxed(),
                java.util.stream.LongStream.range(100, 120).boxed()).map(SequencedEvents::eventId).toList();
        assertThat(ids).as("every record of both topics once").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(spark.transactions().keySet()).as("one txn app id per consumed topic partition")
                .containsExactlyInAnyOrder(name + "-" + a + "-0", name + "-" + a + "-1",
                        name + "-" + b + "-0", name + "-" + b + "-1");
        assertThat(spark.transactions().values().stream().mapToLong(v -> v + 1).sum())
                .as("txn versions cover every offset").isEqualTo(40);
        CONNECT.rest().deleteConnector(name);
    }

    private static final Schema GEO = SchemaBuilder.struct().name("Geo").optional()
            .field("lat", Schema.FLOAT64_SCHEMA).field("lon", Schema.FLOAT64_SCHEMA).build();

    private static Schema bronzeSchema(boolean withRegion) {
        SchemaBuilder builder = SchemaBuilder.struct().name("BronzeEvent")
                .field("event_id", Schema.STRING_SCHEMA)
                .field("event_type", Schema.STRING_SCHEMA)
                .field("amount", Decimal.builder(2).parameter("connect.decimal.precision", "12").optional().build())
                .field("event_time", Timestamp.SCHEMA)
                .field("day", org.apache.kafka.connect.data.Date.builder().optional().build())
                .field("quantity", Schema.INT32_SCHEMA)
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
                .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).optional().build())
                .field("geo", GEO);
        if (withRegion) {
            builder.field("region", Schema.OPTIONAL_STRING_SCHEMA);
        }
        return builder.build();
    }

    private static byte[] bronzeJson(String topic, Schema schema, int i) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true", "decimal.format", "NUMERIC"), false);
        Struct value = new Struct(schema).put("event_id", "b-" + i).put("event_type", i % 2 == 0 ? "click" : "view")
                .put("amount", new BigDecimal("10.25").add(BigDecimal.valueOf(i)))
                .put("event_time", java.util.Date.from(Instant.parse("2026-11-25T03:59:00Z").plusSeconds(60L * i)))
                .put("day", java.util.Date.from(Instant.parse("2026-11-25T00:00:00Z")))
                .put("quantity", i).put("tags", List.of("t" + i, "all")).put("attrs", Map.of("n", (long) i))
                .put("geo", new Struct(GEO).put("lat", 52.5).put("lon", 13.4));
        if (schema.field("region") != null) {
            value.put("region", "eu-west");
        }
        return converter.fromConnectData(topic, schema, value);
    }

    @Test
    void sparkReadsBackTheBronzeTableRowsValuesPartitionsAndEvolvedSchema() {
        String topic = "bronze.events";
        CONNECT.createTopic(topic, 1);
        CONNECT.rest().putConnectorConfig("bronze-sink", connector(topic, "tasks.max", "1",
                "tables.map", topic + ":bronze/events",
                "partition.time.field", "event_time", "partition.time.granularity", "hour"));
        CONNECT.rest().awaitRunning("bronze-sink", 1, Duration.ofSeconds(90));
        Schema v1 = bronzeSchema(false);
        Schema v2 = bronzeSchema(true);
        try (KafkaProducer<byte[], byte[]> producer = CONNECT.producer(Map.of())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, null, bronzeJson(topic, v1, i)));
            }
            for (int i = 3; i < 6; i++) {
                producer.send(new ProducerRecord<>(topic, null, bronzeJson(topic, v2, i)));
            }
        }
        Path table = lake.resolve("bronze/events");
        Await.until(Duration.ofSeconds(90), "6 rows in bronze/events", () -> rowCount(table) == 6);

        DeltaTableSnapshot spark = SparkDeltaReader.read(table);
        assertThat(spark.rowCount()).isEqualTo(6);
        assertThat(spark.partitionColumns()).containsExactly("date", "hour");
        assertThat(spark.transactions()).containsEntry("bronze-sink-" + topic + "-0", 5L);
        Map<String, String> types = spark.schema().stream().collect(Collectors.toMap(SparkField::name, SparkField::type));
        assertThat(types).containsEntry("event_id", "string").containsEntry("amount", "decimal(12,2)")
                .containsEntry("event_time", "timestamp").containsEntry("day", "date").containsEntry("quantity", "int")
                .containsEntry("tags", "array<string>").containsEntry("attrs", "map<string,bigint>")
                .containsEntry("geo", "struct<lat:double,lon:double>").containsEntry("region", "string")
                .containsEntry("date", "date").containsEntry("hour", "int");
        assertThat(spark.field("region").orElseThrow().nullable()).isTrue();

        Map<String, Map<String, Object>> byId = spark.rows().stream()
                .collect(Collectors.toMap(r -> (String) r.get("event_id"), r -> r));
        assertThat(byId).containsOnlyKeys("b-0", "b-1", "b-2", "b-3", "b-4", "b-5");
        Map<String, Object> b0 = byId.get("b-0");
        assertThat(b0).containsEntry("amount", new BigDecimal("10.25")).containsEntry("event_time", "2026-11-25T03:59:00Z")
                .containsEntry("day", "2026-11-25").containsEntry("quantity", 0).containsEntry("tags", List.of("t0", "all"))
                .containsEntry("attrs", Map.of("n", 0L)).containsEntry("geo", Map.of("lat", 52.5, "lon", 13.4))
                .containsEntry("date", "2026-11-25").containsEntry("hour", 3).containsEntry("region", null);
        assertThat(byId.get("b-4")).containsEntry("region", "eu-west").containsEntry("hour", 4)
                .containsEntry("event_time", "2026-11-25T04:03:00Z").containsEntry("amount", new BigDecimal("14.25"));
        CONNECT.rest().deleteConnector("bronze-sink");
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicWithTheReasonAndGoodOnesToTheTable() {
        String topic = "dlq.events";
        CONNECT.createTopic(topic, 1);
        CONNECT.createTopic("dlq.events.dlq", 1);
        CONNECT.rest().putConnectorConfig("dlq-sink", connector(topic, "tasks.max", "1",
                "errors.tolerance", "all",
                "errors.deadletterqueue.topic.name", "dlq.events.dlq",
                "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true"));
        CONNECT.rest().awaitRunning("dlq-sink", 1, Duration.ofSeconds(90));
        String wrongType = "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"event_id\",\"type\":\"string\"},"
                + "{\"field\":\"seq\",\"type\":\"string\"}]},\"payload\":{\"event_id\":\"bad-1\",\"seq\":\"x\"}}";
        try (KafkaProducer<byte[], byte[]> producer = CONNECT.producer(Map.of())) {
            SequencedEvents.produce(producer, topic, 0, 5);
            producer.send(new ProducerRecord<>(topic, null, "{not json".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(topic, null, wrongType.getBytes(StandardCharsets.UTF_8)));
            SequencedEvents.produce(producer, topic, 5, 10);
        }
        Path table = lake.resolve(topic);
        Await.until(Duration.ofSeconds(90), "10 rows", () -> rowCount(table) == 10);
        List<ConsumerRecord<byte[], byte[]>> dead = CONNECT.consume("dlq.events.dlq", 2, Duration.ofSeconds(60));
        assertThat(dead).hasSize(2);
        Function<ConsumerRecord<byte[], byte[]>, String> reason = r -> TestClients.utf8(
                r.headers().lastHeader("__connect.errors.exception.message").value());
        assertThat(dead).extracting(reason).anySatisfy(m -> assertThat(m).contains("Converting byte[] to Kafka Connect data failed"))
                .anySatisfy(m -> assertThat(m).contains("seq").contains("string").contains("long"));
        Await.until(Duration.ofSeconds(30), "records-rejected plugin metric = 1", () -> rejectedMetric("dlq-sink") == 1.0);
        CONNECT.rest().deleteConnector("dlq-sink");
    }

    /** The records-rejected gauge the task registers through Connect's plugin metrics (JMX), or -1. */
    private static double rejectedMetric(String connector) {
        try {
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            for (javax.management.ObjectName name : server.queryNames(
                    new javax.management.ObjectName("kafka.connect:type=plugins,*"), null)) {
                if (name.toString().contains(connector)) {
                    try {
                        return ((Number) server.getAttribute(name, "records-rejected")).doubleValue();
                    } catch (javax.management.AttributeNotFoundException e) {
                        // another plugin's metrics group (converter, predicate) of the same connector
                    }
                }
            }
            return -1;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void oneConnectorRoutesBronzeSilverAndGoldTopicsAndSchemalessJsonIsInferred() {
        for (String t : List.of("events.raw", "events.clean", "metrics.1m")) {
            CONNECT.createTopic(t, 1);
        }
        CONNECT.rest().putConnectorConfig("layers-sink", connector("events.raw,events.clean,metrics.1m",
                "tasks.max", "1", "value.converter.schemas.enable", "false",
                "tables.map", "events.raw:layers/bronze/events,events.clean:layers/silver/events,metrics.1m:layers/gold/metrics_1m"));
        CONNECT.rest().awaitRunning("layers-sink", 1, Duration.ofSeconds(90));
        try (KafkaProducer<byte[], byte[]> producer = CONNECT.producer(Map.of())) {
            for (String t : List.of("events.raw", "events.clean", "metrics.1m")) {
                for (int i = 0; i < 3; i++) {
                    String value = "{\"id\":" + i + ",\"layer\":\"" + t + "\",\"score\":" + (i + 0.5)
                            + ",\"tags\":[\"a\"],\"geo\":{\"lat\":1.5}}";
                    producer.send(new ProducerRecord<>(t, null, value.getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        for (String table : List.of("layers/bronze/events", "layers/silver/events", "layers/gold/metrics_1m")) {
            Await.until(Duration.ofSeconds(90), table + " has 3 rows", () -> rowCount(lake.resolve(table)) == 3);
        }
        List<Map<String, Object>> gold = KernelTableReader.rows(lake.resolve("layers/gold/metrics_1m").toString());
        assertThat(gold).extracting(r -> r.get("layer")).containsOnly("metrics.1m");
        assertThat(gold).extracting(r -> r.get("id")).containsExactlyInAnyOrder(0L, 1L, 2L);
        assertThat(gold).extracting(r -> r.get("geo")).containsOnly(Map.of("lat", 1.5));
        CONNECT.rest().deleteConnector("layers-sink");
    }

    @Test
    void validationExplainsBadSettings() {
        JsonNode result = CONNECT.rest().validateConfig(CONNECTOR_CLASS, Map.of(
                "connector.class", CONNECTOR_CLASS, "topics", "t", "tables.root", "/tmp/x",
                "flush.interval.ms", "5", "tables.template", "fixed"));
        List<String> withErrors = new java.util.ArrayList<>();
        result.path("configs").forEach(c -> {
            if (!c.path("value").path("errors").isEmpty()) {
                withErrors.add(c.path("value").path("name").asText() + ": " + c.path("value").path("errors"));
            }
        });
        assertThat(withErrors).as("the keys with errors (name: Connect requires one)")
                .hasSize(result.path("error_count").asInt())
                .extracting(e -> e.substring(0, e.indexOf(':')))
                .containsExactlyInAnyOrder("name", "flush.interval.ms", "tables.template");
        String body = result.toString();
        assertThat(body).contains("flush.interval.ms").contains("${topic}");
    }
}
