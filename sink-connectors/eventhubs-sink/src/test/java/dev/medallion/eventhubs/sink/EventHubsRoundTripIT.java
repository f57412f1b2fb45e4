package dev.medallion.eventhubs.sink;

import dev.medallion.eventhubs.emulator.EventHubsEmulator;
import dev.medallion.testkit.ConnectTestCluster;
import dev.medallion.testkit.PluginPaths;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge both ways on one Connect cluster: Kafka topic → Event Hubs sink → emulator hub → Event Hubs source →
 * Kafka topic. Every record comes out once, in order per key, with its original position in the kafka.* properties
 * (headers eventhubs.property.kafka.* after the source); without faults there is no copy to remove.
 */
class EventHubsRoundTripIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int KEYS = 20;
    private static final int EACH = 50;
    private static EventHubsEmulator emulator;
    private static ConnectTestCluster connect;

    @BeforeAll
    static void start() {
        emulator = EventHubsEmulator.builder().port(0).hub("bridge", 2).build().start();
        Path projectRoot = Path.of("").toAbsolutePath().getParent().getParent();
        connect = ConnectTestCluster.builder().name("eventhubs-round-trip-it")
                .pluginPath(List.of(PluginPaths.fromBuild().get(0),
                        PluginPaths.ofModule(projectRoot, "source-connectors")))
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

    @Test
    void kafkaToEventHubsAndBackDeliversEveryRecordOnceInOrderPerKey() {
        connect.createTopic("in", 3);
        connect.createTopic("out", 2);
        Map<String, String> sink = EventHubsSinkIT.connectorConfig(emulator.connectionString("bridge"), "in", 2);
        connect.rest().putConnectorConfig("to-hub", sink);

        Map<String, String> source = new LinkedHashMap<>();
        source.put("connector.class", "dev.medallion.eventhubs.source.EventHubsSourceConnector");
        source.put("tasks.max", "1");
        source.put("eventhubs.connection.string", emulator.connectionString("bridge"));
        source.put("kafka.topic", "out");
        source.put("kafka.partition.from.eventhubs", "true");
        source.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        source.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        connect.rest().putConnectorConfig("from-hub", source);
        connect.rest().awaitRunning("to-hub", 2, TIMEOUT);
        connect.rest().awaitRunning("from-hub", 1, TIMEOUT);

        try (KafkaProducer<byte[], byte[]> producer = connect.producer(Map.of())) {
            for (int i = 0; i < EACH; i++) {
                for (int k = 0; k < KEYS; k++) {
                    String key = "key-" + k;
                    producer.send(new ProducerRecord<>("in", key.getBytes(StandardCharsets.UTF_8),
                            Reconciliation.body(key, i).getBytes(StandardCharsets.UTF_8)));
                }
            }
        }

        List<ConsumerRecord<byte[], byte[]>> out = connect.consume("out", KEYS * EACH, TIMEOUT);

        Set<String> positions = new HashSet<>();
        Map<String, List<String>> perKey = new LinkedHashMap<>();
        int copies = 0;
        for (ConsumerRecord<byte[], byte[]> record : out) {
            String position = header(record, "eventhubs.property.kafka.topic") + "-"
                    + header(record, "eventhubs.property.kafka.partition") + "@"
                    + header(record, "eventhubs.property.kafka.offset");
            if (!positions.add(position)) {
                copies++;
                continue;
            }
            String key = new String(record.key(), StandardCharsets.UTF_8);
            perKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new String(record.value(),
                    StandardCharsets.UTF_8));
        }
        assertThat(copies).as("no fault, so no copy").isZero();
        assertThat(out).hasSize(KEYS * EACH);
        assertThat(perKey).hasSize(KEYS);
        perKey.forEach((key, bodies) -> {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < EACH; i++) {
                expected.add(Reconciliation.body(key, i));
            }
            assertThat(bodies).as("records of %s", key).containsExactlyElementsOf(expected);
        });
        connect.rest().awaitRunning("to-hub", 2, TIMEOUT);
        connect.rest().awaitRunning("from-hub", 1, TIMEOUT);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
