package dev.medallion.eventhubs.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.eventhubs.emulator.EventHubsEmulator;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectTestCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink in an embedded Connect worker (loaded from the built plugin folder) writing to the in-process Event Hubs
 * emulator through the real Azure SDK; the hub is read back with the SDK's consumer and reconciled record by record:
 * order per key, every record delivered, a worker restart, dropped connections and an emulator restart mid-stream
 * losing nothing, an event above the hub's 1 MB limit in the dead-letter topic with the reason, and the connection
 * string from a config provider, never shown by the REST API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventHubsSinkIT {
    static final String CONNECTOR_CLASS = "dev.medallion.eventhubs.sink.EventHubsSinkConnector";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int KEYS = 40;

    @TempDir
    static Path secrets;
    private static EventHubsEmulator emulator;
    private static ConnectTestCluster connect;
    private static KafkaProducer<byte[], byte[]> producer;
    private static final Map<String, Integer> ordersSent = new TreeMap<>();

    @BeforeAll
    static void start() {
        emulator = EventHubsEmulator.builder().port(0)
                .hub("orders", 4)
                .hub("big", 1)
                .build().start();
        connect = ConnectTestCluster.builder()
                .name("eventhubs-sink-it")
                .workerProperty("config.providers", "file")
                .workerProperty("config.providers.file.class",
                        "org.apache.kafka.common.config.provider.FileConfigProvider")
                // Room for the 1.2 MB record of the oversized test, in Kafka and in the dead-letter producer.
                .workerProperty("producer.max.request.size", "3000000")
                .brokerProperty("message.max.bytes", "3000000")
                .build().start();
        producer = connect.producer(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 3_000_000));
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (connect != null) {
            connect.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    static Map<String, String> connectorConfig(String connectionString, String topics, int tasks) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("tasks.max", String.valueOf(tasks));
        config.put("topics", topics);
        config.put("eventhubs.connection.string", connectionString);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("eventhubs.retry.backoff.ms", "100");
        config.put("eventhubs.retry.backoff.max.ms", "2000");
        config.put("eventhubs.operation.timeout.ms", "5000");
        return config;
    }

    /**
     * Produces {@code each} more records for every key, numbered on from what was sent before, and fails at once if
     * Kafka refused one (else it would only show as a record missing from the hub, minutes later).
     */
    private static void produce(String topic, Map<String, Integer> sent, int each) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int n = 0; n < each; n++) {
            for (int k = 0; k < KEYS; k++) {
                String key = "key-" + k;
                int i = sent.getOrDefault(key, 0);
                acks.add(producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                        Reconciliation.body(key, i).getBytes(StandardCharsets.UTF_8))));
                sent.put(key, i + 1);
            }
        }
        awaitAcknowledged(topic, acks);
    }

    private static void awaitAcknowledged(String topic, List<Future<RecordMetadata>> acks) {
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw new AssertionError("Kafka refused a record for " + topic + ": " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static int total(Map<String, Integer> sent) {
        return sent.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Waits until the hub holds every record sent (copies aside), then reconciles; answers the copies dropped. */
    private static int awaitReconciled(String hub, Map<String, Integer> sent) {
        try (HubReader reader = new HubReader(emulator.connectionString(hub))) {
            List<HubReader.ReadEvent> events = Await.untilValue(TIMEOUT, total(sent) + " records in hub " + hub,
                    () -> {
                        if (reader.storedCount() < total(sent)) {
                            return null;   // copies only add to the count, so fewer means some are still missing
                        }
                        List<HubReader.ReadEvent> all = reader.readAll();
                        long distinct = all.stream().map(HubReader.ReadEvent::kafkaPosition).distinct().count();
                        return distinct >= total(sent) ? all : null;
                    });
            return Reconciliation.assertEveryRecordOnceInOrderPerKey(events, sent);
        }
    }

    /** Waits until the connector's consumer group committed the end of every partition of {@code topic}. */
    private static void awaitCommittedToTheEnd(String connector, String topic, int partitions, long total) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                connect.bootstrapServers()))) {
            Await.until(TIMEOUT, "connect-" + connector + " committed " + total + " records of " + topic, () -> {
                try {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                            "connect-" + connector).partitionsToOffsetAndMetadata().get();
                    long sum = 0;
                    for (int p = 0; p < partitions; p++) {
                        OffsetAndMetadata offset = committed.get(new TopicPartition(topic, p));
                        sum += offset == null ? 0 : offset.offset();
                    }
                    return sum == total;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    @Order(1)
    void everyRecordArrivesInOrderPerKeyAndOffsetsAreCommittedAfterTheHubAcknowledged() throws Exception {
        Path secretFile = secrets.resolve("eventhubs.properties");
        Files.writeString(secretFile, "connection.string=" + emulator.namespaceConnectionString()
                .replace("\\", "\\\\") + "\n");
        connect.createTopic("orders", 4);
        produce("orders", ordersSent, 100);
        Map<String, String> config = connectorConfig("${file:" + secretFile + ":connection.string}", "orders", 2);
        config.put("eventhubs.hub", "${topic}");
        connect.rest().putConnectorConfig("orders", config);
        connect.rest().awaitRunning("orders", 2, TIMEOUT);

        int copies = awaitReconciled("orders", ordersSent);

        assertThat(copies).as("no failure, so no copy").isZero();
        awaitCommittedToTheEnd("orders", "orders", 4, total(ordersSent));
        // The worker stores and shows the placeholder, never the connection string.
        JsonNode stored = connect.rest().send("GET", "connectors/orders/config", null, 200);
        assertThat(stored.path("eventhubs.connection.string").asText()).startsWith("${file:");
        assertThat(stored.toString()).doesNotContain("SharedAccessKey=");
    }

    @Test
    @Order(2)
    void aWorkerRestartDroppedConnectionsAndAnEmulatorRestartMidStreamLoseNothing() {
        produce("orders", ordersSent, 50);
        connect.restartWorkers();
        produce("orders", ordersSent, 50);
        connect.rest().awaitRunning("orders", 2, TIMEOUT);

        // Each fault only once the tasks are sending (their connections are open): records beyond the last count
        // reach the hub, and more are still coming.
        long dropped = emulator.droppedConnections();
        produceAndAwaitSome("orders", 100);
        emulator.dropConnections();
        assertThat(emulator.droppedConnections()).as("the drop closed the tasks' connections")
                .isGreaterThan(dropped);
        produce("orders", ordersSent, 50);

        long restarts = emulator.restarts();
        produceAndAwaitSome("orders", 100);
        emulator.restart();
        produce("orders", ordersSent, 50);
        assertThat(emulator.restarts()).isEqualTo(restarts + 1);

        awaitReconciled("orders", ordersSent);
        awaitCommittedToTheEnd("orders", "orders", 4, total(ordersSent));
        connect.rest().awaitRunning("orders", 2, TIMEOUT);
        assertThat(total(ordersSent)).isEqualTo(KEYS * 500);
    }

    /** Produces {@code each} more records per key and waits until the first of them reached the hub. */
    private static void produceAndAwaitSome(String topic, int each) {
        try (HubReader reader = new HubReader(emulator.connectionString(topic))) {
            long before = reader.storedCount();
            produce(topic, ordersSent, each);
            Await.until(TIMEOUT, "more than " + before + " events in hub " + topic,
                    () -> reader.storedCount() > before);
        }
    }

    @Test
    @Order(3)
    void anEventAboveTheHubsLimitGoesToTheDeadLetterTopicWithTheReasonAndTheRestFlows() {
        connect.createTopic("big", 1);
        connect.createTopic("big.dlq", 1);
        Map<String, String> config = connectorConfig(emulator.connectionString("big"), "big", 1);
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", "big.dlq");
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        connect.rest().putConnectorConfig("big", config);
        connect.rest().awaitRunning("big", 1, TIMEOUT);

        Map<String, Integer> sent = new TreeMap<>();
        awaitAcknowledged("big", List.of(
                producer.send(new ProducerRecord<>("big", "key-0".getBytes(StandardCharsets.UTF_8),
                        Reconciliation.body("key-0", 0).getBytes(StandardCharsets.UTF_8))),
                producer.send(new ProducerRecord<>("big", "key-0".getBytes(StandardCharsets.UTF_8),
                        new byte[1_200_000])),
                producer.send(new ProducerRecord<>("big", "key-0".getBytes(StandardCharsets.UTF_8),
                        Reconciliation.body("key-0", 1).getBytes(StandardCharsets.UTF_8)))));
        sent.put("key-0", 2);

        List<ConsumerRecord<byte[], byte[]>> dead = connect.consume("big.dlq", 1, TIMEOUT);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).hasSize(1_200_000);
        assertThat(header(dead.get(0), "__connect.errors.exception.message"))
                .startsWith("event of 1200000 body bytes (plus properties) is larger than hub big accepts in one"
                        + " batch (");
        assertThat(header(dead.get(0), "__connect.errors.offset")).isEqualTo("1");

        assertThat(awaitReconciled("big", sent)).isZero();
        awaitCommittedToTheEnd("big", "big", 1, 3);
        connect.rest().awaitRunning("big", 1, TIMEOUT);
        connect.rest().deleteConnector("big");
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
