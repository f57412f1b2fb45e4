package dev.medallion.benchmarks.eventhubs.sink;

import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.PartitionProperties;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import dev.medallion.eventhubs.emulator.EventHubsEmulator;
import dev.medallion.testkit.ConnectTestCluster;
import dev.medallion.testkit.PluginPaths;
import dev.medallion.testkit.bench.CpuMeter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures events/s from Kafka into the Event Hubs emulator through the sink connector (embedded KRaft broker +
 * Connect worker, plugin loaded from {@code sink-connectors/eventhubs-sink/target/plugin}) and, in the same JVM and
 * run, the design's own bridge: a plain Kafka consumer loop sending the same records with the Azure SDK producer
 * ({@link SdkProducerPeer}), before and after the connector. Rates run from the first record taken to the last event
 * acknowledged. After the connector run, the hub is read back and every Kafka offset must be in it (at least once).
 * Prints the rates, their ratio and the CPU time per event of each run by thread group. Usage:
 * {@code run.sh [events] [partitions] [tasks] [bodyBytes]}.
 */
public final class SinkThroughputBenchmark {
    private static final String TOPIC = "bench";

    private SinkThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int tasks = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int bodyBytes = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        System.out.printf("Event Hubs sink benchmark: %,d records of %d bytes on %d partitions, %d task(s), %d cores%n",
                events, bodyBytes, partitions, tasks, Runtime.getRuntime().availableProcessors());

        try (EventHubsEmulator emulator = EventHubsEmulator.builder().port(0)
                .hub("peer1", partitions).hub("connector", partitions).hub("peer2", partitions)
                .retentionBytesPerPartition(4L * events * (bodyBytes + 200) / partitions + (64L << 20))
                .build().start()) {
            Path root = Path.of("").toAbsolutePath();
            ConnectTestCluster connect = ConnectTestCluster.builder().name("eventhubs-sink-benchmark")
                    .pluginPath(List.of(PluginPaths.ofModule(root, "sink-connectors/eventhubs-sink")))
                    .build().start();
            try {
                connect.createTopic(TOPIC, partitions);
                produce(connect, events, bodyBytes);

                double peer1 = runPeer(connect, emulator, "peer1", events);
                double connector = runConnector(connect, emulator, events, tasks);
                double peer2 = runPeer(connect, emulator, "peer2", events);
                double peer = (peer1 + peer2) / 2;
                System.out.printf("RESULT connector %,.0f events/s vs SDK producer loop %,.0f events/s (mean of the 2"
                        + " runs around it) = %.0f %% of the SDK rate%n", connector, peer, 100 * connector / peer);
            } finally {
                connect.close();
            }
        }
    }

    private static void produce(ConnectTestCluster connect, int events, int bodyBytes) {
        byte[] padding = new byte[Math.max(0, bodyBytes - 40)];
        Arrays.fill(padding, (byte) 'x');
        String pad = new String(padding, StandardCharsets.US_ASCII);
        try (KafkaProducer<byte[], byte[]> producer = connect.producer(
                Map.<String, Object>of("linger.ms", 5, "batch.size", 524288))) {
            for (int i = 0; i < events; i++) {
                String key = "key-" + (i % 1000);
                producer.send(new ProducerRecord<>(TOPIC, key.getBytes(StandardCharsets.UTF_8),
                        ("{\"i\":" + i + ",\"pad\":\"" + pad + "\"}").getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private static double runPeer(ConnectTestCluster connect, EventHubsEmulator emulator, String hub, int events)
            throws Exception {
        CpuMeter cpu = CpuMeter.start(SinkThreads.CPU_GROUPS);
        long start = System.nanoTime();
        try (SdkProducerPeer peer = new SdkProducerPeer(connect.bootstrapServers(), TOPIC,
                emulator.connectionString(hub))) {
            peer.run(events);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = events / seconds;
        System.out.printf("SDK producer loop into %s: %,.0f events/s (%.1f s)%n%s", hub, rate, seconds,
                cpu.perEvent(events));
        return rate;
    }

    private static double runConnector(ConnectTestCluster connect, EventHubsEmulator emulator, int events, int tasks) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.medallion.eventhubs.sink.EventHubsSinkConnector");
        config.put("tasks.max", String.valueOf(tasks));
        config.put("topics", TOPIC);
        config.put("eventhubs.connection.string", emulator.connectionString("connector"));
        config.put("eventhubs.partition.routing", "kafka_partition");
        config.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("consumer.override.max.poll.records", "2000");
        CpuMeter cpu = CpuMeter.start(SinkThreads.CPU_GROUPS);
        long start = System.nanoTime();
        connect.rest().putConnectorConfig("bench-sink", config);
        try (EventHubConsumerClient consumer = new EventHubClientBuilder()
                .connectionString(emulator.connectionString("connector"))
                .consumerGroup(EventHubClientBuilder.DEFAULT_CONSUMER_GROUP_NAME).buildConsumerClient()) {
            long stored;
            do {
                stored = stored(consumer);
                if (stored < events) {
                    Thread.sleep(20);  // a poll interval of the measurement, not a wait for a condition in a test
                }
            } while (stored < events);
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = events / seconds;
            System.out.printf("connector into Event Hubs:   %,.0f events/s (%.1f s, from the PUT, task start"
                    + " included)%n%s", rate, seconds, cpu.perEvent(events));
            reconcile(consumer, events, stored);
            return rate;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
