package dev.medallion.benchmarks.eventhubs.sink;

import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.PartitionProperties;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import dev.medallion.testkit.bench.CpuMeter;
import dev.medallion.eventhubs.emulator.EventHubsEmulator;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectTestCluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One run of the connector: a new connector (so a new consumer group, reading the topic from its start) into its own
 * hub, timed from the {@code PUT} of its config (task start included) to the last event stored in the hub; the hub is
 * then read back and every Kafka offset must be in it (at least once), and the connector is deleted and its task
 * threads awaited gone, so the next run has the machine to itself.
 */
final class ConnectorSide {
    private final ConnectTestCluster connect;
    private final EventHubsEmulator emulator;
    private final int tasks;

    ConnectorSide(ConnectTestCluster connect, EventHubsEmulator emulator, int tasks) {
        this.connect = connect;
        this.emulator = emulator;
        this.tasks = tasks;
    }

    RunResult run(String name, String topic, String hub, int events, boolean report) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.medallion.eventhubs.sink.EventHubsSinkConnector");
        config.put("tasks.max", String.valueOf(tasks));
        config.put("topics", topic);
        config.put("eventhubs.connection.string", emulator.connectionString(hub));
        config.put("eventhubs.partition.routing", "kafka_partition");
        config.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("consumer.override.max.poll.records", "2000");
        String taskThreads = "task-thread-" + name + "-";
        CpuMeter cpu = CpuMeter.start(SinkThreads.CPU_GROUPS);
        // Every thread: Connect runs tasks on pooled threads, renamed task-thread-<task> only while they run one.
        Map<Long, Long> cpuBefore = SendingThreads.snapshot("");
        long start = System.nanoTime();
        connect.rest().putConnectorConfig(name, config);
        try (EventHubConsumerClient consumer = new EventHubClientBuilder()
                .connectionString(emulator.connectionString(hub))
                .consumerGroup(EventHubClientBuilder.DEFAULT_CONSUMER_GROUP_NAME).buildConsumerClient()) {
            long stored;
            do {
                stored = stored(consumer);
                if (stored < events) {
                    Thread.sleep(20);  // a poll interval of the measurement, not a wait for a condition in a test
                }
            } while (stored < events);
            double seconds = (System.nanoTime() - start) / 1e9;
            long sendingCpu = SendingThreads.cpuNanosSince(taskThreads, cpuBefore)
                    + SendingThreads.cpuNanosSince(SendingThreads.SDK_AMQP, cpuBefore);
            RunResult result = new RunResult(events / seconds, sendingCpu / 1e3 / events);
            if (report) {
                System.out.printf("  connector into %-9s %,8.0f events/s (%.1f s, from the PUT, task start included)"
                                + "   sending side CPU %.1f us/event%n%s", hub + ":", result.eventsPerSecond(),
                        seconds, result.sendingCpuMicrosPerEvent(), cpu.perEvent(events));
            }
            reconcile(consumer, events, stored);
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            connect.rest().deleteConnector(name);
            Await.until(Duration.ofSeconds(60), "task threads of " + name + " stopped",
                    () -> !SendingThreads.anyAlive(taskThreads));
        }
    }

    private static long stored(EventHubConsumerClient consumer) {
        long total = 0;
        for (String id : consumer.getPartitionIds()) {
            PartitionProperties p = consumer.getPartitionProperties(id);
            total += p.isEmpty() ? 0 : p.getLastEnqueuedSequenceNumber() + 1;
        }
        return total;
    }

    /** Every Kafka offset is in the hub at least once; prints the copies. */
    private static void reconcile(EventHubConsumerClient consumer, int events, long stored) {
        Set<String> positions = new HashSet<>();
        for (String id : consumer.getPartitionIds()) {
            long last = consumer.getPartitionProperties(id).getLastEnqueuedSequenceNumber();
            EventPosition position = EventPosition.earliest();
            long seen = -1;
            while (seen < last) {
                for (PartitionEvent event : consumer.receiveFromPartition(id, 5000, position, Duration.ofSeconds(2))) {
                    seen = event.getData().getSequenceNumber();
                    Map<String, Object> p = event.getData().getProperties();
                    positions.add(p.get("kafka.partition") + "@" + p.get("kafka.offset"));
                }
                position = EventPosition.fromSequenceNumber(seen, false);
            }
        }
        if (positions.size() != events) {
            throw new IllegalStateException("the hub holds " + positions.size() + " distinct Kafka offsets, not "
                    + events);
        }
        System.out.printf("    reconciled: all %,d records in the hub, %,d copies%n", events, stored - events);
    }
}
