package dev.medallion.delta.sink;

import dev.medallion.sparkreader.DeltaCommit;
import dev.medallion.sparkreader.DeltaTableSnapshot;
import dev.medallion.sparkreader.SparkDeltaReader;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectWorkerProcess;
import dev.medallion.testkit.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
        AtomicBoolean maintaining = new AtomicBoolean(true);
        AtomicInteger maintenanceRuns = new AtomicInteger();
        List<Throwable> maintenanceFailures = new CopyOnWriteArrayList<>();
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
        try (SinkDrill drill = new SinkDrill(KAFKA, lake, TOPIC, CONNECTOR);
             ConnectWorkerProcess worker = ConnectWorkerProcess.builder(KAFKA.bootstrapServers())
                     .groupId("maint-it").build()) {
            Path table = drill.table();
            worker.start();
            worker.rest().putConnectorConfig(CONNECTOR, SequencedEvents.sinkConfig(lake, TOPIC,
                    "partition.time.field", "event_time", "partition.time.granularity", "date"));
            worker.rest().awaitRunning(CONNECTOR, 2, Duration.ofSeconds(60));
            // About 40 events a second: a steady stream of small commits into a few date partitions.
            drill.startProducing(10, 250);
            Await.until(Duration.ofSeconds(60), "the sink's first commits", () -> drill.latestCommit() >= 2);
            maintenance.start();

            Await.until(Duration.ofMinutes(5), "an OPTIMIZE commit while the sink appends",
                    () -> optimizeCommits(drill) >= 1 || !maintenance.isAlive());
            assertThat(maintenanceFailures).isEmpty();
            assertThat(optimizeCommits(drill)).as("OPTIMIZE commits within %d runs", MAX_MAINTENANCE_RUNS)
                    .isGreaterThanOrEqualTo(1);
            worker.kill();
            int beforeRestart = optimizeCommits(drill);
            worker.start();
            Await.until(Duration.ofMinutes(5), "an OPTIMIZE commit after the worker's restart",
                    () -> optimizeCommits(drill) > beforeRestart || !maintenance.isAlive());
            assertThat(maintenanceFailures).isEmpty();
            assertThat(optimizeCommits(drill)).as("OPTIMIZE commits within %d runs", MAX_MAINTENANCE_RUNS)
                    .isGreaterThan(beforeRestart);

            long total = drill.stopProducing();
            Await.until(Duration.ofSeconds(90), "txn versions covering all " + total + " offsets",
                    () -> drill.committedOffsets() == total);
            maintaining.set(false);
            maintenance.join();
            worker.kill();
            assertThat(maintenanceFailures).isEmpty();

            DeltaTableSnapshot spark = SparkDeltaReader.read(table);
            SinkDrill.assertEveryRecordOnce(spark, total);
            List<DeltaCommit> optimizes = spark.history().stream()
                    .filter(c -> c.operation().equals("OPTIMIZE")).toList();
            assertThat(optimizes).hasSizeGreaterThanOrEqualTo(2);
            assertThat(optimizes).allSatisfy(c ->
                    assertThat(c.operationParameters().get("zOrderBy")).isEqualTo("[\"event_type\",\"seq\"]"));
            assertThat(maintenanceRuns.get()).isGreaterThanOrEqualTo(1);
        } finally {
            maintaining.set(false);
            if (maintenance.isAlive()) {
                maintenance.join();
            }
        }
    }

    /** Commits in the log whose commitInfo names OPTIMIZE. */
    private static int optimizeCommits(SinkDrill drill) {
        try (Stream<Path> files = drill.listLog()) {
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
}
