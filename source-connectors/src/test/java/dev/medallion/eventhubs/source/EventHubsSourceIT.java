package dev.medallion.eventhubs.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.eventhubs.emulator.EventHubsEmulator;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectTestCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector in an embedded Connect worker (loaded from the built plugin folder) reading the in-process Event Hubs
 * emulator through the real Azure SDK over AMQP: bulk ingestion exactly once and in order, resume after a worker
 * restart, a tasks.max change, reconnects after dropped links and an emulator restart, record shape, config providers
 * for the secret, and clear failures for bad credentials and an unknown hub.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventHubsSourceIT {
    static final String CONNECTOR_CLASS = "dev.medallion.eventhubs.source.EventHubsSourceConnector";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> FOUR = List.of("0", "1", "2", "3");

    @TempDir
    static Path secrets;
    private static EventHubsEmulator emulator;
    private static ConnectTestCluster connect;
    private static final Map<String, Integer> bulkSent = new TreeMap<>();

    @BeforeAll
    static void start() {
        emulator = EventHubsEmulator.builder().port(0)
                .hub("bulk", 4).consumerGroup("bulk", "$Default")
                .hub("faults", 2).consumerGroup("faults", "$Default")
                .hub("shape", 1).consumerGroup("shape", "$Default")
                .hub("dirty", 1).consumerGroup("dirty", "$Default")
                .hub("busy", 2).consumerGroup("busy", "$Default")
                .hub("growing", 2).consumerGroup("growing", "$Default")
                .build().start();
        connect = ConnectTestCluster.builder()
                .name("eventhubs-source-it")
                .workerProperty("config.providers", "file")
                .workerProperty("config.providers.file.class",
                        "org.apache.kafka.common.config.provider.FileConfigProvider")
                .build().start();
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    static Map<String, String> connectorConfig(String connectionString, String hub, String topic, int tasks) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("tasks.max", String.valueOf(tasks));
        config.put("eventhubs.connection.string", connectionString);
        config.put("eventhubs.hub", hub);
        config.put("kafka.topic", topic);
        config.put("kafka.partition.from.eventhubs", "true");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("eventhubs.reconnect.backoff.ms", "100");
        config.put("eventhubs.reconnect.backoff.max.ms", "2000");
        return config;
    }

    private static void publish(HubPublisher publisher, Map<String, Integer> sent, List<String> partitions, int each) {
        for (String p : partitions) {
            int from = sent.getOrDefault(p, 0);
            publisher.send(p, from, each);
            sent.put(p, from + each);
        }
    }

    private static int total(Map<String, Integer> sent) {
        return sent.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static List<ConsumerRecord<byte[], byte[]>> awaitAll(String topic, Map<String, Integer> sent) {
        int expected = total(sent);
        List<ConsumerRecord<byte[], byte[]>> records = connect.consume(topic, expected, TIMEOUT);
        TopicCheck.assertExactlyOnceInOrder(records, sent);
        return records;
    }

    @Test
    @Order(1)
    void hundredThousandEventsOnFourPartitionsArriveOnceAndInOrderThroughTwoTasks() {
        connect.createTopic("bulk.raw", 4);
        try (HubPublisher publisher = new HubPublisher(emulator.connectionString("bulk"))) {
            publish(publisher, bulkSent, FOUR, 25_000);
        }
        connect.rest().putConnectorConfig("bulk", connectorConfig(emulator.connectionString("bulk"), "bulk",
                "bulk.raw", 2));
        connect.rest().awaitRunning("bulk", 2, TIMEOUT);

        List<ConsumerRecord<byte[], byte[]>> records = awaitAll("bulk.raw", bulkSent);

        assertThat(records).hasSize(100_000);
        // Kafka partition = Event Hubs partition, and the metadata headers agree with the body.
        for (ConsumerRecord<byte[], byte[]> record : records.subList(0, 1000)) {
            JsonNode body = TopicCheck.body(record.value());
            assertThat(String.valueOf(record.partition())).isEqualTo(body.get("p").asText());
            assertThat(header(record, "eventhubs.partition.id")).isEqualTo(body.get("p").asText());
            assertThat(header(record, "eventhubs.property.index")).isEqualTo(body.get("i").asText());
            assertThat(Long.parseLong(header(record, "eventhubs.sequence.number"))).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    @Order(2)
    void workerRestartResumesAfterTheLastCommittedEvent() {
        connect.restartWorkers();
        try (HubPublisher publisher = new HubPublisher(emulator.connectionString("bulk"))) {
            publish(publisher, bulkSent, FOUR, 1_000);
        }
        connect.rest().awaitRunning("bulk", 2, TIMEOUT);

        assertThat(awaitAll("bulk.raw", bulkSent)).hasSize(104_000);
        // Connect's offsets (flushed every second) name each partition and its last sequence number (0-based). The
        // REST API looks offsets up by re-serialized partition maps, so this also proves the key bytes are stable.
        Await.until(TIMEOUT, "committed offsets at sequence number 25999 on 4 partitions", () -> {
            JsonNode offsets = connect.rest().connectorOffsets("bulk").path("offsets");
            int done = 0;
            for (JsonNode o : offsets) {
                assertThat(o.path("partition").path("hub").asText()).isEqualTo("bulk");
                assertThat(o.path("partition").path("consumerGroup").asText()).isEqualTo("$Default");
                if (o.path("offset").path("sequenceNumber").asLong() == 25_999L) {
                    done++;
                }
            }
            if (done != 4) {
                throw new IllegalStateException("offsets so far: " + offsets);
            }
            return true;
        });
    }

    @Test
    @Order(3)
    void changingTasksMaxLosesAndRepeatsNothing() {
        Map<String, String> config = connectorConfig(emulator.connectionString("bulk"), "bulk", "bulk.raw", 4);
        connect.rest().putConnectorConfig("bulk", config);
        connect.rest().awaitRunning("bulk", 4, TIMEOUT);
        try (HubPublisher publisher = new HubPublisher(emulator.connectionString("bulk"))) {
            publish(publisher, bulkSent, FOUR, 1_000);
        }
        assertThat(awaitAll("bulk.raw", bulkSent)).hasSize(108_000);

        connect.rest().putConnectorConfig("bulk", connectorConfig(emulator.connectionString("bulk"), "bulk",
                "bulk.raw", 1));
        connect.rest().awaitRunning("bulk", 1, TIMEOUT);
        try (HubPublisher publisher = new HubPublisher(emulator.connectionString("bulk"))) {
            publish(publisher, bulkSent, FOUR, 1_000);
        }
        assertThat(awaitAll("bulk.raw", bulkSent)).hasSize(112_000);
        connect.rest().deleteConnector("bulk");
    }

    @Test
    @Order(4)
    void reconnectsAfterDroppedConnectionsThrottlingAndAnEmulatorRestart() {
        List<String> two = List.of("0", "1");
        Map<String, Integer> sent = new TreeMap<>();
        connect.createTopic("faults.raw", 2);
        connect.rest().putConnectorConfig("faults", connectorConfig(emulator.connectionString("faults"), "faults",
                "faults.raw", 1));
        connect.rest().awaitRunning("faults", 1, TIMEOUT);
        try (HubPublisher publisher = new HubPublisher(emulator.connectionString("faults"))) {
            publish(publisher, sent, two, 500);
        }
        awaitAll("faults.raw", sent);

        // Each fault must reach the task: the publishers above are closed, so the open connections are the task's.
        long dropped = emulator.droppedConnections();
        long accepted = emulator.acceptedConnections();
        emulator.dropConnections();
        assertThat(emulator.droppedConnections()).as("the drop closed the task's connection").isGreaterThan(dropped);
        try (HubPublisher publisher = new HubPublisher(emulator.connectionString("faults"))) {
            publish(publisher, sent, two, 500);
        }
        awaitAll("faults.raw", sent);
        // The publisher made one connection; the task reconnected with at least one more.
        assertThat(emulator.acceptedConnections()).as("the task reconnected").isGreaterThanOrEqualTo(accepted + 2);

        long turnedAway = emulator.throttledReceivers();
        emulator.throttle(Duration.ofSeconds(2));
        try (HubPublisher publisher = new HubPublisher(emulator.connectionString("faults"))) {
            publish(publisher, sent, two, 500);
        }
        awaitAll("faults.raw", sent);
        assertThat(emulator.throttledReceivers()).as("the throttle detached or refused the task's receive links")
                .isGreaterThan(turnedAway);

        long restarts = emulator.restarts();
        dropped = emulator.droppedConnections();
        accepted = emulator.acceptedConnections();
        emulator.restart();
        assertThat(emulator.restarts()).isEqualTo(restarts + 1);
        assertThat(emulator.droppedConnections()).as("the restart closed the task's connection").isGreaterThan(dropped);
        try (HubPublisher publisher = new HubPublisher(emulator.connectionString("faults"))) {
            publish(publisher, sent, two, 500);
        }
        awaitAll("faults.raw", sent);
        assertThat(emulator.acceptedConnections()).as("the task reconnected after the restart")
                .isGreaterThanOrEqualTo(accepted + 2);
        connect.rest().awaitRunning("faults", 1, TIMEOUT);
        connect.rest().deleteConnector("faults");
    }

    @Test
    @Order(5)
    void jsonWithSchemaKeyTimestampAndPropertiesAndTheSecretFromAConfigProvider() throws Exception {
        Path secretFile = secrets.resolve("eventhubs.properties");
        Files.writeString(secretFile, "connection.string=" + emulator.connectionString("shape").replace("\\", "\\\\")
                + "\n");
        connect.createTopic("shape.raw", 1);
        long before = System.currentTimeMillis();
        try (HubPublisher publisher = new HubPublisher(emulator.connectionString("shape"))) {
            publisher.sendWithKey("customer-7", 0, 3);
        }
        Map<String, String> config = connectorConfig("${file:" + secretFile + ":connection.string}", "shape",
                "shape.raw", 1);
        config.remove("kafka.partition.from.eventhubs");
        config.put("value.format", "json");
        config.put("value.json.schema", "{\"type\":\"struct\",\"name\":\"TestEvent\",\"fields\":["
                + "{\"field\":\"p\",\"type\":\"string\"},{\"field\":\"i\",\"type\":\"int32\"}]}");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "true");
        connect.rest().putConnectorConfig("shape", config);
        connect.rest().awaitRunning("shape", 1, TIMEOUT);

        List<ConsumerRecord<byte[], byte[]>> records = connect.consume("shape.raw", 3, TIMEOUT);
        long after = System.currentTimeMillis();

        assertThat(records).hasSize(3);
        for (int i = 0; i < 3; i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("customer-7");
            JsonNode envelope = TopicCheck.body(record.value());
            assertThat(envelope.path("schema").path("name").asText()).isEqualTo("TestEvent");
            assertThat(envelope.path("payload").path("i").asInt()).isEqualTo(i);
            assertThat(record.timestamp()).isBetween(before - 1000, after);
            assertThat(header(record, "eventhubs.enqueued.time")).isEqualTo(String.valueOf(record.timestamp()));
            assertThat(header(record, "eventhubs.property.source")).isEqualTo("it");
        }
        // The worker stores and shows the placeholder, never the connection string.
        JsonNode stored = connect.rest().send("GET", "connectors/shape/config", null, 200);
        assertThat(stored.path("eventhubs.connection.string").asText()).startsWith("${file:");
        connect.rest().deleteConnector("shape");
    }

    @Test
    @Order(6)
    void invalidJsonGoesToTheDeadLetterTopicAndTheTaskKeepsReading() throws Exception {
        connect.createTopic("dirty.raw", 1);
        connect.createTopic("dirty.dlq", 1);
        List<String> bodies = List.of("{\"i\":0}", "{not json", "{\"i\":2}", "", "[1,", "{\"i\":5}");
        try (HubPublisher publisher = new HubPublisher(emulator.connectionString("dirty"))) {
            publisher.sendBodies("0", bodies);
        }
        Map<String, String> config = connectorConfig(emulator.connectionString("dirty"), "dirty", "dirty.raw", 1);
        config.put("value.format", "json");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        connect.rest().putConnectorConfig("dirty", config);

        // The empty body is a null value, not an error: JSON null, as the JsonConverter reads an empty message.
        List<ConsumerRecord<byte[], byte[]>> good = connect.consume("dirty.raw", 4, TIMEOUT);
        List<ConsumerRecord<byte[], byte[]>> dead = connect.consume("dirty.dlq", 2, TIMEOUT);

        assertThat(good).extracting(r -> header(r, "eventhubs.sequence.number")).containsExactly("0", "2", "3", "5");
        assertThat(dead).extracting(r -> header(r, "eventhubs.sequence.number")).containsExactly("1", "4");
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            int sequenceNumber = Integer.parseInt(header(record, "eventhubs.sequence.number"));
            // The body as sent: a BYTES value, which the JsonConverter writes as a base64 JSON string.
            assertThat(TopicCheck.body(record.value()).binaryValue()).isEqualTo(
                    bodies.get(sequenceNumber).getBytes(StandardCharsets.UTF_8));
            assertThat(header(record, "error.reason")).startsWith("body is not valid JSON: ");
            assertThat(header(record, "error.stage")).isEqualTo("source");
            assertThat(header(record, "error.original.topic")).isEqualTo("dirty.raw");
            assertThat(header(record, "eventhubs.partition.id")).isEqualTo("0");
            assertThat(header(record, "eventhubs.property.index")).isEqualTo(String.valueOf(sequenceNumber));
        }
        connect.rest().awaitRunning("dirty", 1, TIMEOUT);
        // The offset moved past the dead letters: Connect committed the last event's sequence number.
        Await.until(TIMEOUT, "committed offset at sequence number 5", () -> {
            JsonNode offsets = connect.rest().connectorOffsets("dirty").path("offsets");
            return offsets.size() == 1 && offsets.get(0).path("offset").path("sequenceNumber").asLong() == 5L;
        });
        connect.rest().deleteConnector("dirty");
    }

    @Test
    @Order(7)
    void aThrottledReceiverBacksOffAndResumesWithoutLossOrDuplicates() {
        List<String> two = List.of("0", "1");
        Map<String, Integer> sent = new TreeMap<>();
        connect.createTopic("busy.raw", 2);
        try (HubPublisher publisher = new HubPublisher(emulator.connectionString("busy"))) {
            publish(publisher, sent, two, 5_000);
        }
        Map<String, String> config = connectorConfig(emulator.connectionString("busy"), "busy", "busy.raw", 1);
        config.put("eventhubs.prefetch.count", "50");
        connect.rest().putConnectorConfig("busy", config);
        connect.rest().awaitRunning("busy", 1, TIMEOUT);
        connect.consume("busy.raw", 1, TIMEOUT);

        long turnedAwayBefore = emulator.throttledReceivers();
        emulator.throttle(Duration.ofSeconds(3));
        // The publisher's own retries outlast the throttle.
        try (HubPublisher publisher = new HubPublisher(emulator.connectionString("busy"))) {
            publish(publisher, sent, two, 5_000);
        }

        assertThat(awaitAll("busy.raw", sent)).hasSize(20_000);
        assertThat(emulator.throttledReceivers()).as("the throttle detached or refused the task's links")
                .isGreaterThan(turnedAwayBefore);
        connect.rest().awaitRunning("busy", 1, TIMEOUT);
        connect.rest().deleteConnector("busy");
    }

    @Test
    @Order(8)
    void partitionsAddedToTheHubAreReadAfterTheTasksAreReconfigured() {
        Map<String, Integer> sent = new TreeMap<>();
        connect.createTopic("growing.raw", 4);
        Map<String, String> config = connectorConfig(emulator.connectionString("growing"), "growing", "growing.raw",
                4);
        config.put("eventhubs.partition.check.interval.ms", "1000");
        // Latest for the partitions known at start: the added ones must still be read from their first event.
        config.put("eventhubs.start.position", "latest");
        connect.rest().putConnectorConfig("growing", config);
        connect.rest().awaitRunning("growing", 2, TIMEOUT);

        emulator.addPartitions("growing", 4);
        try (HubPublisher publisher = new HubPublisher(emulator.connectionString("growing"))) {
            publish(publisher, sent, List.of("2", "3"), 500);
        }

        // The events went to the new partitions before any task read them: with 'latest' they would be skipped.
        connect.rest().awaitRunning("growing", 4, TIMEOUT);
        assertThat(awaitAll("growing.raw", sent)).hasSize(1_000);
        connect.rest().deleteConnector("growing");
    }

    @Test
    @Order(9)
    void anUnknownHubFailsTheConnectorWithAnExplanation() {
        // The emulator does not check keys, so refused credentials are covered by unit tests (ErrorClassifierTest).
        connect.rest().putConnectorConfig("no-hub", connectorConfig(emulator.namespaceConnectionString(),
                "no-such-hub", "shape.raw", 1));
        assertThat(awaitFailed("no-hub")).contains("'no-such-hub'").contains("does not exist");
        connect.rest().deleteConnector("no-hub");
    }

    private static String awaitFailed(String connector) {
        return Await.untilValue(TIMEOUT, connector + " FAILED", () -> {
            JsonNode status = connect.rest().connectorStatus(connector);
            if ("FAILED".equals(status.path("connector").path("state").asText())) {
                return status.path("connector").path("trace").asText();
            }
            for (JsonNode task : status.path("tasks")) {
                if ("FAILED".equals(task.path("state").asText())) {
                    return task.path("trace").asText();
                }
            }
            return null;
        });
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
