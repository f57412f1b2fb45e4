package dev.medallion.eventhubs.source;

import dev.medallion.eventhubs.emulator.EventHubsEmulator;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectTestCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * KIP-618 exactly-once: workers with {@code exactly.once.source.support=enabled}, the connector with
 * {@code exactly.once.support=required} and {@code transaction.boundary=connector} (one transaction per poll batch,
 * committed by the task). The workers are restarted while events are still being published and read; a
 * read_committed consumer must then see every event exactly once and in order per partition.
 */
class EventHubsExactlyOnceIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> PARTITIONS = List.of("0", "1", "2", "3");
    private static final int PER_PARTITION = 10_000;
    private static EventHubsEmulator emulator;
    private static ConnectTestCluster connect;

    @BeforeAll
    static void start() {
        emulator = EventHubsEmulator.builder().port(0).hub("eos", 4).consumerGroup("eos", "$Default").build().start();
        // One broker: the transaction log must fit it, or EOS workers wait forever for __transaction_state.
        connect = ConnectTestCluster.builder().name("eventhubs-eos-it").exactlyOnceSource()
                .brokerProperty("transaction.state.log.replication.factor", "1")
                .brokerProperty("transaction.state.log.min.isr", "1")
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
    void workerRestartMidStreamYieldsEveryEventExactlyOnce() throws Exception {
        connect.createTopic("eos.raw", 4);
        Map<String, String> config = EventHubsSourceIT.connectorConfig(emulator.connectionString("eos"), "eos",
                "eos.raw", 2);
        config.put("exactly.once.support", "required");
        config.put("transaction.boundary", "connector");
        config.put("eventhubs.max.events.per.poll", "500");
        connect.rest().putConnectorConfig("eos", config);
        connect.rest().awaitRunning("eos", 2, TIMEOUT);

        // Publish in small rounds in the background so events keep arriving before, during and after the restart.
        CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
            try (HubPublisher publisher = new HubPublisher(emulator.connectionString("eos"))) {
                int round = 500;
                for (int from = 0; from < PER_PARTITION; from += round) {
                    for (String p : PARTITIONS) {
                        publisher.send(p, from, round);
                    }
                }
            }
        });
        Await.until(TIMEOUT, "a first part of the stream in Kafka", () ->
                connect.consume("eos.raw", 5_000, Duration.ofSeconds(2)).size() >= 5_000);
        connect.restartWorkers();
        publishing.get();
        connect.rest().awaitRunning("eos", 2, TIMEOUT);

        Map<String, Integer> expected = new TreeMap<>();
        PARTITIONS.forEach(p -> expected.put(p, PER_PARTITION));
        List<ConsumerRecord<byte[], byte[]>> records =
                connect.consume("eos.raw", PER_PARTITION * PARTITIONS.size(), TIMEOUT);
        TopicCheck.assertExactlyOnceInOrder(records, expected);
        assertThat(records).hasSize(PER_PARTITION * PARTITIONS.size());
    }
}
