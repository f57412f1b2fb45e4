package dev.medallion.delta.sink;

import dev.medallion.sparkreader.DeltaCommit;
import dev.medallion.sparkreader.DeltaTableSnapshot;
import dev.medallion.sparkreader.SparkDeltaReader;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectWorkerProcess;
import dev.medallion.testkit.KafkaTestCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch layer's maintenance job (OPTIMIZE ZORDER, VACUUM at the default retention, checkpoint) looping in a
 * Spark child JVM while the Delta sink, in a Connect worker JVM, appends to the same partitions and is killed with
 * SIGKILL once in the middle: afterwards Spark finds every record exactly once, the sink's {@code txn} versions
 * equal the last offsets, and the history holds the OPTIMIZE commits of both sides of the kill.
 */
class BatchMaintenanceConcurrencyIT {
    private static final String TOPIC = "maint.events";
    private static final String CONNECTOR = "maint-sink";
    /** Enough runs for an OPTIMIZE on each side of the kill with room for slow ones; bounds the IT's length in CI. */
    private static final int MAX_MAINTENANCE_RUNS = 6;

    @RegisterExtension
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();

    @TempDir
    Path lake;

    @Test
    void optimizeWhileTheSinkAppendsAndItsWorkerIsKilledLosesAndDuplicatesNothing() throws Exception {
        KAFKA.createTopic(TOPIC, 2);
        Path table = lake.resolve(TOPIC);
        AtomicLong produced = new AtomicLong();
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicBoolean maintaining = new AtomicBoolean(true);
        AtomicInteger maintenanceRuns = new AtomicInteger();
        List<Throwable> maintenanceFailures = new CopyOnWriteArrayList<>();
        Thread producer = new Thread(() -> produceSlowly(produced, producing), "maint-it-producer");
        // event_type and seq: columns the sink writes statistics for (date is the partition column).
        Thread maintenance = new Thread(() -> {
            while (maintaining.get() && maintenanceRuns.get() < MAX_MAINTENANCE_RUNS) {
                try {
                    BatchJobs.run("maintenance", "--lakehouse", lake.toString(), "--table", TOPIC,
                            "--all-partitions", "--zorder", "event_type,seq");
                    maintenanceRuns.incrementAndGet();
                } catch (RuntimeException e) {
                    maintenanceFailures.add(e);
                    return;
                }
            }
        }, "maint-it-batch");
        try (ConnectWorkerProcess worker = ConnectWorkerProcess.builder(KAFKA.bootstrapServers())
                .groupId("maint-it").build()) {
            worker.start();
            worker.rest().putConnectorConfig(CONNECTOR, SequencedEvents.sinkConfig(lake, TOPIC,
                    "partition.time.field", "event_time", "partition.time.granularity", "date"));
            worker.rest().awaitRunning(CONNECTOR, 2, Duration.ofSeconds(60));
            producer.start();
            Await.until(Duration.ofSeconds(60), "the sink's first commits", () -> latestCommit(table) >= 2);
            maintenance.start();

            Await.until(Duration.ofMinutes(5), "an OPTIMIZE commit while the sink appends",
                    () -> optimizeCommits(table) >= 1 || !maintenance.isAlive());
            assertThat(maintenanceFailures).isEmpty();
            assertThat(optimizeCommits(table)).as("OPTIMIZE commits within %d runs", MAX_MAINTENANCE_RUNS)
                    .isGreaterThanOrEqualTo(1);
            worker.kill();
            int beforeRestart = optimizeCommits(table);
            worker.start();
            Await.until(Duration.ofMinutes(5), "an OPTIMIZE commit after the worker's restart",
                    () -> optimizeCommits(table) > beforeRestart || !maintenance.isAlive());
            assertThat(maintenanceFailures).isEmpty();
            assertThat(optimizeCommits(table)).as("OPTIMIZE commits within %d runs", MAX_MAINTENANCE_RUNS)
                    .isGreaterThan(beforeRestart);

            producing.set(false);
            producer.join();
            long total = produced.get();
            Await.until(Duration.ofSeconds(90), "txn versions covering all " + total + " offsets",
                    () -> committedOffsets(table) == total);
            maintaining.set(false);
            maintenance.join();
            worker.kill();
            assertThat(maintenanceFailures).isEmpty();

            DeltaTableSnapshot spark = SparkDeltaReader.read(table);
            assertThat(spark.rowCount()).isEqualTo(total);
            Map<Long, Long> copies = spark.rows().stream()
                    .collect(Collectors.groupingBy(r -> ((Number) r.get("seq")).longValue(), Collectors.counting()));
            assertThat(copies).as("every seq once").hasSize((int) total);
            assertThat(copies.values()).containsOnly(1L);
            assertThat(spark.transactions().values().stream().mapToLong(v -> v + 1).sum()).isEqualTo(total);
            List<DeltaCommit> optimizes = spark.history().stream()
                    .filter(c -> c.operation().equals("OPTIMIZE")).toList();
            assertThat(optimizes).hasSizeGreaterThanOrEqualTo(2);
            assertThat(optimizes).allSatisfy(c ->
                    assertThat(c.operationParameters().get("zOrderBy")).isEqualTo("[\"event_type\",\"seq\"]"));
            assertThat(maintenanceRuns.get()).isGreaterThanOrEqualTo(1);
        } finally {
            producing.set(false);
            maintaining.set(false);
            producer.join();
            maintenance.join();
        }
    }

    /** About 40 events a second until told to stop: a steady stream of small commits into a few date partitions. */
    private static void produceSlowly(AtomicLong produced, AtomicBoolean producing) {
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer(Map.of())) {
            while (producing.get()) {
                long from = produced.get();
                SequencedEvents.produce(producer, TOPIC, from, from + 10);
                produced.set(from + 10);
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long latestCommit(Path table) {
        try (Stream<Path> files = listLog(table)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.json"))
                    .mapToLong(n -> Long.parseLong(n.substring(0, 20))).max().orElse(-1);
        }
    }

    /** Commits in the log whose commitInfo names OPTIMIZE. */
    private static int optimizeCommits(Path table) {
        try (Stream<Path> files = listLog(table)) {
            int count = 0;
            for (Path commit : files.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).toList()) {
                try {
                    if (Files.readString(commit).contains("\"operation\":\"OPTIMIZE\"")) {
                        count++;
                    }
                } catch (IOException e) {
                    // cleaned up or half written: counted on the next look
                }
            }
            return count;
        }
    }

    private static Stream<Path> listLog(Path table) {
        Path log = table.resolve("_delta_log");
        if (!Files.isDirectory(log)) {
            return Stream.empty();
        }
        try {
            return Files.list(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long committedOffsets(Path table) {
        if (latestCommit(table) < 0) {
            return 0;
        }
        io.delta.kernel.Snapshot snapshot = KernelTableReader.snapshot(table.toString());
        long sum = 0;
        for (int partition = 0; partition < 2; partition++) {
            sum += snapshot.getLatestTransactionVersion(KernelTableReader.engine(),
                    CONNECTOR + "-" + TOPIC + "-" + partition).map(v -> v + 1).orElse(0L);
        }
        return sum;
    }
}
