package dev.medallion.benchmarks.eventhubs.sink;

import dev.medallion.testkit.bench.CpuMeter;
import dev.medallion.eventhubs.emulator.EventHubsEmulator;
import dev.medallion.testkit.ConnectTestCluster;
import dev.medallion.testkit.PluginPaths;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Measures events/s from Kafka into the Event Hubs emulator through the sink connector (embedded KRaft broker +
 * Connect worker, plugin loaded from {@code sink-connectors/eventhubs-sink/target/plugin}) against the design's own
 * bridge in the same JVM: a plain Kafka consumer loop sending the same records with the Azure SDK producer
 * ({@link SdkProducerPeer}). Both sides first run once untimed on a smaller topic (JIT, class loading, connections),
 * then alternately, peer and connector, for a number of rounds, each run into its own hub; it prints each run, then
 * per side the median and the spread of events/s and of the sending side's CPU per event ({@link SendingThreads}),
 * and the ratio of the medians. The machine's load average is printed with each round, as other work on the machine
 * moves the rates. Usage: {@code run.sh [events] [partitions] [tasks] [bodyBytes] [rounds] [warmupEvents]}.
 */
public final class SinkThroughputBenchmark {
    private static final String TOPIC = "bench";
    private static final String WARMUP_TOPIC = "warmup";

    private SinkThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int tasks = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int bodyBytes = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        int warmupEvents = args.length > 5 ? Integer.parseInt(args[5]) : Math.max(1000, events / 5);
        if (rounds < 1 || events < 1 || warmupEvents < 1) {
            throw new IllegalArgumentException("events, rounds and warmupEvents must be at least 1");
        }
        System.out.printf("Event Hubs sink benchmark: %,d records of %d bytes on %d partitions, %d task(s), %d rounds"
                        + " after a warm-up of %,d records per side, %d cores, load average %.1f%n",
                events, bodyBytes, partitions, tasks, rounds, warmupEvents,
                Runtime.getRuntime().availableProcessors(), loadAverage());

        EventHubsEmulator.Builder hubs = EventHubsEmulator.builder().port(0)
                .hub("warmup-peer", partitions).hub("warmup-conn", partitions)
                .retentionBytesPerPartition(4L * events * (bodyBytes + 200) / partitions + (64L << 20));
        for (int round = 1; round <= rounds; round++) {
            hubs.hub("peer-" + round, partitions).hub("conn-" + round, partitions);
        }
        try (EventHubsEmulator emulator = hubs.build().start()) {
            Path root = Path.of("").toAbsolutePath();
            ConnectTestCluster connect = ConnectTestCluster.builder().name("eventhubs-sink-benchmark")
                    .pluginPath(List.of(PluginPaths.ofModule(root, "sink-connectors/eventhubs-sink")))
                    .build().start();
            try {
                connect.createTopic(WARMUP_TOPIC, partitions);
                produce(connect, WARMUP_TOPIC, warmupEvents, bodyBytes);
                connect.createTopic(TOPIC, partitions);
                produce(connect, TOPIC, events, bodyBytes);
                ConnectorSide connector = new ConnectorSide(connect, emulator, tasks);

                long warmupStart = System.nanoTime();
                runPeer(connect, emulator, WARMUP_TOPIC, "warmup-peer", warmupEvents, false);
                connector.run("warmup", WARMUP_TOPIC, "warmup-conn", warmupEvents, false);
                System.out.printf("warm-up, not timed: %,d records through each side in %.1f s%n", warmupEvents,
                        (System.nanoTime() - warmupStart) / 1e9);

                SideSummary peers = new SideSummary("SDK producer loop");
                SideSummary connectors = new SideSummary("connector");
                for (int round = 1; round <= rounds; round++) {
                    System.out.printf("round %d of %d (load average %.1f)%n", round, rounds, loadAverage());
                    peers.add(runPeer(connect, emulator, TOPIC, "peer-" + round, events, true));
                    connectors.add(connector.run("bench-sink-" + round, TOPIC, "conn-" + round, events, true));
                }
                System.out.println(peers.line());
                System.out.println(connectors.line());
                System.out.printf("RESULT connector %,.0f events/s vs SDK producer loop %,.0f events/s (medians of %d"
                                + " alternating rounds) = %.0f %% of the SDK rate; sending side CPU %.1f vs %.1f"
                                + " us/event; load average at the end %.1f%n",
                        connectors.medianRate(), peers.medianRate(), rounds,
                        100 * connectors.medianRate() / peers.medianRate(), connectors.medianCpu(),
                        peers.medianCpu(), loadAverage());
            } finally {
                connect.close();
            }
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void produce(ConnectTestCluster connect, String topic, int events, int bodyBytes) {
        byte[] padding = new byte[Math.max(0, bodyBytes - 40)];
        Arrays.fill(padding, (byte) 'x');
        String pad = new String(padding, StandardCharsets.US_ASCII);
        try (KafkaProducer<byte[], byte[]> producer = connect.producer(
                Map.<String, Object>of("linger.ms", 5, "batch.size", 524288))) {
            for (int i = 0; i < events; i++) {
                String key = "key-" + (i % 1000);
                producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                        ("{\"i\":" + i + ",\"pad\":\"" + pad + "\"}").getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private static RunResult runPeer(ConnectTestCluster connect, EventHubsEmulator emulator, String topic, String hub,
                                     int events, boolean report) throws Exception {
        CpuMeter cpu = CpuMeter.start(SinkThreads.CPU_GROUPS);
        Map<Long, Long> sdkCpuBefore = SendingThreads.snapshot(SendingThreads.SDK_AMQP);
        long start = System.nanoTime();
        long sendingCpu;
        try (SdkProducerPeer peer = new SdkProducerPeer(connect.bootstrapServers(), topic,
                emulator.connectionString(hub))) {
            // Before close: closing the SDK client ends its AMQP threads, and their CPU time with them.
            sendingCpu = peer.run(events) + SendingThreads.cpuNanosSince(SendingThreads.SDK_AMQP, sdkCpuBefore);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        RunResult result = new RunResult(events / seconds, sendingCpu / 1e3 / events);
        if (report) {
            System.out.printf("  SDK producer loop into %-6s %,8.0f events/s (%.1f s)   sending side CPU %.1f"
                            + " us/event%n%s", hub + ":", result.eventsPerSecond(), seconds,
                    result.sendingCpuMicrosPerEvent(), cpu.perEvent(events));
        }
        return result;
    }
}
