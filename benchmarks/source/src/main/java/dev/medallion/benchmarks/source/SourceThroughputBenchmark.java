package dev.medallion.benchmarks.source;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.ReceiveOptions;
import dev.medallion.eventhubs.emulator.EventHubsEmulator;
import dev.medallion.testkit.ConnectTestCluster;
import dev.medallion.testkit.bench.CpuMeter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import reactor.core.Disposable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Measures events/s from the Event Hubs emulator into Kafka through the source connector (embedded KRaft broker +
 * Connect worker, plugin loaded from {@code source-connectors/target/plugin}) and, in the same JVM and run, the Azure
 * SDK's async consumer reading the same events with the same prefetch (the ceiling: the connector reads with that
 * client). Rates are taken from the first to the last event, so connection and task start-up are excluded for both.
 * Prints both rates, their ratio and the CPU time per event of each run by thread group. Usage:
 * {@code run.sh [events] [partitions] [tasks] [bodyBytes] [producerCompression]}.
 */
public final class SourceThroughputBenchmark {
    private static final String HUB = "bench";
    private static final int PREFETCH = 2000;
    /** What this benchmark's threads do, for the CPU breakdown (broker, emulator, GC and JIT are CpuMeter's own). */
    private static final Map<String, String> CPU_GROUPS = CpuMeter.groups(
            "task-thread-", "Connect task threads (poll, record build, converters, producer.send)",
            "kafka-producer-network-thread", "Kafka producer I/O",
            "reactor-executor", "Azure SDK AMQP receive (proton decode, EventData)");

    private SourceThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int tasks = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int bodyBytes = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        String compression = args.length > 4 ? args[4] : "none";
        boolean metadataHeaders = args.length <= 5 || !"off".equalsIgnoreCase(args[5]);
        int perPartition = events / partitions;
        int total = perPartition * partitions;
        System.out.printf("Event Hubs source benchmark: %,d events of %d bytes on %d partitions, %d task(s), producer"
                + " compression %s, metadata headers %s, %d cores%n", total, bodyBytes, partitions, tasks, compression,
                metadataHeaders ? "on" : "off",
                Runtime.getRuntime().availableProcessors());

        // Retention large enough to keep every event: each consumer run reads them all from the earliest.
        try (EventHubsEmulator emulator = EventHubsEmulator.builder().port(0).hub(HUB, partitions)
                .consumerGroup(HUB, "$Default")
                .retentionBytesPerPartition(Math.max(64L << 20, 4L * perPartition * (bodyBytes + 256)))
                .build().start()) {
            String connectionString = emulator.connectionString(HUB);
            long publishStart = System.nanoTime();
            publish(connectionString, partitions, perPartition, bodyBytes);
            System.out.printf("published %,d events in %.1f s%n", total, seconds(publishStart));

            // Warm-up of both paths (JIT, connections), discarded; then SDK, connector, SDK + producer, SDK, so drift on
            // this shared machine shows as a difference between the two SDK runs.
            System.out.printf("warm-up SDK consumer:          %,.0f events/s (discarded)%n",
                    sdkRate(connectionString, partitions, total));
            double sdkBefore;
            double connector;
            double sdkAfter;
            double sdkToKafka;
            try (ConnectTestCluster connect = ConnectTestCluster.builder().name("source-bench").build().start()) {
                System.out.printf("warm-up connector:             %,.0f events/s (discarded)%n",
                        connectorRate(connect, "warmup", connectionString, partitions, tasks, compression,
                                metadataHeaders, total,
                                () -> { }));
                CpuMeter cpu = CpuMeter.start(CPU_GROUPS);
                sdkBefore = sdkRate(connectionString, partitions, total);
                System.out.printf("SDK consumer (ceiling), run 1: %,.0f events/s%n%s", sdkBefore, cpu.perEvent(total));
                CpuMeter connectorCpu = CpuMeter.start(CPU_GROUPS);
                StringBuilder connectorCpuText = new StringBuilder();
                connector = connectorRate(connect, "bench", connectionString, partitions, tasks, compression,
                        metadataHeaders, total,
                        () -> connectorCpuText.append(connectorCpu.perEvent(total)));
                System.out.printf("connector into Kafka:          %,.0f events/s%n%s", connector, connectorCpuText);
                connect.createTopic("peer.raw", partitions);
                cpu = CpuMeter.start(CPU_GROUPS);
                sdkToKafka = SdkToKafkaPeer.rate(connectionString, partitions, total, PREFETCH,
                        connect.bootstrapServers(), "peer.raw", compression, metadataHeaders);
                System.out.printf("SDK consumer + KafkaProducer:  %,.0f events/s%n%s", sdkToKafka, cpu.perEvent(total));
                cpu = CpuMeter.start(CPU_GROUPS);
                sdkAfter = sdkRate(connectionString, partitions, total);
                System.out.printf("SDK consumer (ceiling), run 2: %,.0f events/s%n%s", sdkAfter, cpu.perEvent(total));
            }
            double ceiling = (sdkBefore + sdkAfter) / 2;
            System.out.printf("RESULT connector %,.0f events/s vs SDK consumer %,.0f events/s (mean of the 2 runs around"
                    + " it) = %.0f %% of the SDK rate (%.0f %% of the better SDK run; target >= 80 %%)%n",
                    connector, ceiling, 100.0 * connector / ceiling, 100.0 * connector / Math.max(sdkBefore, sdkAfter));
            System.out.printf("RESULT connector vs SDK consumer + KafkaProducer %,.0f events/s = %.0f %%%n", sdkToKafka,
                    100.0 * connector / sdkToKafka);
        }
        System.exit(0);
    }

    private static void publish(String connectionString, int partitions, int perPartition, int bodyBytes)
            throws InterruptedException {
        byte[] body = new byte[bodyBytes];
        Arrays.fill(body, (byte) 'x');
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            String partitionId = String.valueOf(p);
            Thread thread = new Thread(() -> {
                try (EventHubProducerClient producer = new EventHubClientBuilder()
                        .connectionString(connectionString).buildProducerClient()) {
                    CreateBatchOptions options = new CreateBatchOptions().setPartitionId(partitionId);
                    EventDataBatch batch = producer.createBatch(options);
                    for (int i = 0; i < perPartition; i++) {
                        EventData event = new EventData(body);
                        if (!batch.tryAdd(event)) {
                            producer.send(batch);
                            batch = producer.createBatch(options);
                            batch.tryAdd(event);
                        }
                    }
                    if (batch.getCount() > 0) {
                        producer.send(batch);
                    }
                }
            }, "publish-" + partitionId);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** The SDK's async consumer on every partition, from the earliest event, same prefetch as the connector. */
    private static double sdkRate(String connectionString, int partitions, int total) throws InterruptedException {
        EventHubConsumerAsyncClient client = new EventHubClientBuilder().connectionString(connectionString)
                .consumerGroup("$Default").prefetchCount(PREFETCH).buildAsyncConsumerClient();
        AtomicLong received = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong first = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        List<Disposable> subscriptions = new ArrayList<>();
        try {
            for (int p = 0; p < partitions; p++) {
                subscriptions.add(client.receiveFromPartition(String.valueOf(p), EventPosition.earliest(),
                                new ReceiveOptions().setTrackLastEnqueuedEventProperties(false))
                        .subscribe(event -> {
                            // Touch what a real reader touches: body, sequence number, enqueued time, properties.
                            EventData data = event.getData();
                            bytes.addAndGet(data.getBody().length + data.getSequenceNumber()
                                    + data.getEnqueuedTime().getNano() + data.getProperties().size());
                            long n = received.incrementAndGet();
                            if (n == 1) {
                                first.set(System.nanoTime());
                            }
                            if (n == total) {
                                done.countDown();
                            }
                        }));
            }
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("SDK consumer read only " + received.get() + " of " + total);
            }
            return (total - 1) / seconds(first.get());
        } finally {
            subscriptions.forEach(Disposable::dispose);
            client.close();
        }
    }

    /** The connector writing every event into Kafka; timed from the first to the last record in the topic. */
    private static double connectorRate(ConnectTestCluster connect, String name, String connectionString,
                                        int partitions, int tasks, String compression,
                                        boolean metadataHeaders, int total,
                                        Runnable whenDone)
            throws InterruptedException {
        String topic = name + ".raw";
        connect.createTopic(topic, partitions);
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.medallion.eventhubs.source.EventHubsSourceConnector");
        config.put("tasks.max", String.valueOf(tasks));
        config.put("eventhubs.connection.string", connectionString);
        config.put("eventhubs.hub", HUB);
        config.put("eventhubs.prefetch.count", String.valueOf(PREFETCH));
        config.put("eventhubs.max.events.per.poll", "5000");
        config.put("kafka.topic", topic);
        config.put("kafka.partition.from.eventhubs", "true");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("header.converter", "org.apache.kafka.connect.storage.SimpleHeaderConverter");
        config.put("producer.override.linger.ms", "5");
        config.put("producer.override.batch.size", "524288");
        config.put("producer.override.compression.type", compression);
        config.put("header.metadata.enabled", String.valueOf(metadataHeaders));
        connect.rest().putConnectorConfig(name, config);

        List<TopicPartition> topicPartitions = IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(topic, p)).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                connect.bootstrapServers()))) {
            long first = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (System.nanoTime() < deadline) {
                long written = endOffsets(admin, topicPartitions);
                if (first == 0 && written > 0) {
                    first = System.nanoTime();
                }
                if (written >= total) {
                    double rate = (written - 1) / seconds(first);
                    // Before the delete: a stopped task's thread ends and its CPU time can no longer be read.
                    whenDone.run();
                    connect.rest().deleteConnector(name);
                    return rate;
                }
                Thread.sleep(first == 0 ? 5 : 20);
            }
            throw new IllegalStateException("the connector wrote only " + endOffsets(admin, topicPartitions) + " of "
                    + total + "; status: " + connect.rest().connectorStatus(name));
        }
    }

    private static long endOffsets(Admin admin, List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        try {
            return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException("listOffsets failed", e);
        }
    }

    private static double seconds(long startNanos) {
        return Math.max(1, System.nanoTime() - startNanos) / 1e9;
    }
}
