package dev.medallion.delta.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectTestCluster;
import dev.medallion.testkit.TestClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
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
    private static final Schema EVENT = SchemaBuilder.struct().name("Event")
            .field("event_id", Schema.STRING_SCHEMA)
            .field("seq", Schema.INT64_SCHEMA)
            .field("event_type", Schema.STRING_SCHEMA)
            .field("amount", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("event_time", Timestamp.SCHEMA)
            .build();

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
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("tasks.max", "2");
        config.put("topics", topics);
        config.put("tables.root", lake.toString());
        config.put("flush.interval.ms", "1000");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "true");
        config.put("consumer.override.max.poll.records", "200");
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return config;
    }

    private static byte[] json(String topic, int seq) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        Struct event = new Struct(EVENT).put("event_id", "ev-" + seq).put("seq", (long) seq)
                .put("event_type", seq % 3 == 0 ? "click" : "view").put("amount", seq * 0.5)
                .put("event_time", java.util.Date.from(Instant.parse("2026-11-25T00:00:00Z").plusSeconds(seq * 60L)));
        return converter.fromConnectData(topic, EVENT, event);
    }

    private static void produce(KafkaProducer<byte[], byte[]> producer, String topic, int from, int to) {
        for (int i = from; i < to; i++) {
            producer.send(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8), json(topic, i)));
        }
        producer.flush();
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
            produce(producer, topic, 0, 1000);
            // Restart before the first commit can have happened for some partitions...
            CONNECT.restartWorkers();
            CONNECT.rest().awaitRunning("eos-sink", 2, Duration.ofSeconds(120));
            produce(producer, topic, 1000, 3000);
            // ...after some commits...
            Await.until(Duration.ofSeconds(120), "some rows committed", () -> rowCount(table) > 0);
            CONNECT.restartWorkers();
            produce(producer, topic, 3000, 4500);
            CONNECT.rest().awaitRunning("eos-sink", 2, Duration.ofSeconds(120));
            // ...and while records are flowing.
            CONNECT.restartWorkers();
            produce(producer, topic, 4500, total);
            CONNECT.rest().awaitRunning("eos-sink", 2, Duration.ofSeconds(120));
        }
        Await.until(Duration.ofSeconds(180), "all " + total + " rows in the table", () -> rowCount(table) >= total);
        Thread.sleep(2000);   // let any late (duplicate) commit land before checking

        List<Map<String, Object>> rows = KernelTableReader.rows(table.toString());
        Map<Object, Long> perId = rows.stream().collect(Collectors.groupingBy(r -> r.get("event_id"), Collectors.counting()));
        assertThat(perId).hasSize(total);
        assertThat(perId.values()).as("no duplicates").containsOnly(1L);
        Map<String, Object> row = rows.stream().filter(r -> "ev-42".equals(r.get("event_id"))).findFirst().orElseThrow();
        assertThat(row).containsEntry("seq", 42L).containsEntry("event_type", "click").containsEntry("amount", 21.0)
                .containsEntry("date", (int) java.time.LocalDate.parse("2026-11-25").toEpochDay());

        JsonNode offsets = CONNECT.rest().connectorOffsets("eos-sink");
        long committed = 0;
        for (JsonNode offset : offsets.path("offsets")) {
            committed += offset.path("offset").path("kafka_offset").asLong();
        }
        assertThat(committed).as("Connect's consumer offsets never run ahead of the table").isLessThanOrEqualTo(total);
        CONNECT.rest().deleteConnector("eos-sink");
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
            produce(producer, topic, 0, 5);
            producer.send(new ProducerRecord<>(topic, null, "{not json".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(topic, null, wrongType.getBytes(StandardCharsets.UTF_8)));
            produce(producer, topic, 5, 10);
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
                "tables.map", "events.raw:bronze/events,events.clean:silver/events,metrics.1m:gold/metrics_1m"));
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
        for (String table : List.of("bronze/events", "silver/events", "gold/metrics_1m")) {
            Await.until(Duration.ofSeconds(90), table + " has 3 rows", () -> rowCount(lake.resolve(table)) == 3);
        }
        List<Map<String, Object>> gold = KernelTableReader.rows(lake.resolve("gold/metrics_1m").toString());
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
        assertThat(result.path("error_count").asInt()).isGreaterThanOrEqualTo(2);
        String body = result.toString();
        assertThat(body).contains("flush.interval.ms").contains("${topic}");
    }
}
