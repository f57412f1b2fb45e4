package dev.medallion.eventhubs.source;

import dev.medallion.eventhubs.emulator.EventHubsEmulator;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectWorkerProcess;
import dev.medallion.testkit.KafkaTestCluster;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once source (KIP-618) across crashes: the Connect worker runs as a child JVM and is killed with SIGKILL
 * several times while the task has a transaction open (records written, offsets not yet committed), while the Event
 * Hubs emulator in this JVM keeps every event, so a restarted worker resumes from the committed offsets rather than an
 * empty hub. A read_committed consumer must then see every event exactly once and in order per partition.
 *
 * <p>Why it would fail without exactly-once: records are then sent outside transactions and offsets flushed every
 * {@code offset.flush.interval.ms} (30 s here), so a killed worker leaves the events since the last flush in Kafka
 * and its successor reads them again: duplicates. With exactly-once the killed task's transaction is aborted when its
 * successor fences it, and offsets are part of each transaction.
 */
class EventHubsSourceCrashIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String HUB = "crash";
    private static final String TOPIC = "crash.raw";
    private static final List<String> PARTITIONS = List.of("0", "1");
    private static final int KILLS = 3;

    @RegisterExtension
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();
    private static EventHubsEmulator emulator;

    @BeforeAll
    static void startEmulator() {
        emulator = EventHubsEmulator.builder().port(0).hub(HUB, PARTITIONS.size()).consumerGroup(HUB, "$Default")
                .build().start();
    }

    @AfterAll
    static void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void everyEventOnceAndInOrderAfterRepeatedKillsMidTransaction() throws Exception {
        KAFKA.createTopic(TOPIC, PARTITIONS.size());
        Map<String, Integer> published = new ConcurrentHashMap<>();
        AtomicBoolean publishing = new AtomicBoolean(true);
        Thread publisher = new Thread(() -> publishSteadily(published, publishing), "crash-it-publisher");
        try (ConnectWorkerProcess worker = ConnectWorkerProcess.builder(KAFKA.bootstrapServers())
                .groupId("eh-crash-it")
                .workerProperty("exactly.once.source.support", "enabled")
                // Irrelevant under exactly-once; without it, a long flush interval makes every kill repeat events.
                .workerProperty("offset.flush.interval.ms", "30000")
                .workerProperty("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter")
                .build()) {
            worker.start();
            Map<String, String> config = EventHubsSourceIT.connectorConfig(emulator.connectionString(HUB), HUB, TOPIC,
                    PARTITIONS.size());
            config.put("exactly.once.support", "required");
            config.put("transaction.boundary", "poll");
            config.put("eventhubs.max.events.per.poll", "200");
            worker.rest().putConnectorConfig(HUB, config);
            worker.rest().awaitRunning(HUB, PARTITIONS.size(), TIMEOUT);
            publisher.start();

            for (int kill = 0; kill < KILLS; kill++) {
                long committed = committedRecords();
                Await.until(TIMEOUT, "more committed records than " + committed + " and a transaction open",
                        () -> committedRecords() > committed && transactionOpen());
                worker.kill();
                worker.start();
                worker.rest().awaitRunning(HUB, PARTITIONS.size(), TIMEOUT);
            }
            publishing.set(false);
            publisher.join();

            int total = published.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(total).as("events published during the kills").isGreaterThan(500);
            // Duplicates would show up among the first `total` records as a repeated or missing index.
            List<ConsumerRecord<byte[], byte[]>> records = KAFKA.consume(TOPIC, total, TIMEOUT);
            TopicCheck.assertExactlyOnceInOrder(records, new TreeMap<>(published));
            assertThat(records).hasSize(total);
        } finally {
            publishing.set(false);
            publisher.join();
        }
    }

    /** Small rounds on every partition, so that events keep arriving before, during and after each kill. */
    private static void publishSteadily(Map<String, Integer> published, AtomicBoolean publishing) {
        try (HubPublisher hub = new HubPublisher(emulator.connectionString(HUB))) {
            while (publishing.get()) {
                for (String p : PARTITIONS) {
                    int from = published.getOrDefault(p, 0);
                    hub.send(p, from, 20);
                    published.put(p, from + 20);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sum of the last stable offsets: records (and markers) a read_committed consumer can reach. */
    private static long committedRecords() {
        return offsets(IsolationLevel.READ_COMMITTED).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Some partition's high watermark is above its last stable offset: records of an open transaction. */
    private static boolean transactionOpen() {
        Map<TopicPartition, Long> stable = offsets(IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, Long> written = offsets(IsolationLevel.READ_UNCOMMITTED);
        return written.entrySet().stream().anyMatch(e -> e.getValue() > stable.get(e.getKey()));
    }

    private static Map<TopicPartition, Long> offsets(IsolationLevel isolation) {
        Map<TopicPartition, OffsetSpec> latest = PARTITIONS.stream()
                .map(p -> new TopicPartition(TOPIC, Integer.parseInt(p)))
                .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
        try {
            return KAFKA.admin().listOffsets(latest, new ListOffsetsOptions(isolation)).all().get().entrySet()
                    .stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list the offsets of " + TOPIC, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
