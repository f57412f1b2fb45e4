package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quickstart JVM is killed with SIGKILL in the middle of a run and started again on the same data directory: the
 * Flink job must restore its dedupe state and offsets from the last retained checkpoint, the sinks must not write an
 * event twice, and the tables must reconcile with everything both runs got into Kafka.
 */
class KillAndResumeIT {
    @TempDir
    Path dataDir;

    // Kafka, Connect and Flink start in a child JVM first: on a loaded 2-core machine that alone took 4 minutes.
    @Test
    @Timeout(value = 16, unit = TimeUnit.MINUTES)
    void aKilledRunResumesFromItsCheckpointAndTheTablesReconcileAcrossBothRuns() throws Exception {
        List<String> ports = List.of("--kafka-port", String.valueOf(TestPorts.freePortPair()), "--no-gateway", "--no-serving", "--connect-port",
                String.valueOf(TestPorts.freePort()), "--eventhubs-port", String.valueOf(TestPorts.freePort()));

        // Run 1: publish until silver has rows from a few checkpoints, then kill -9 between checkpoints.
        QuickstartChild first = QuickstartChild.start(dataDir, ports, "--no-batch", "--rate", "150", "--duration", "0");
        QuickstartChild.Progress checkpointed = first.awaitProgress(p -> p.silver() > 1_500,
                TimeUnit.MINUTES.toMillis(8));
        assertThat(FlinkRestorePoint.latestCheckpoint(dataDir.resolve("_runtime/flink-checkpoints")))
                .as("a complete retained checkpoint before the kill").isPresent();
        // Kill with events in flight after that checkpoint: once a later progress line counts more published events.
        first.awaitProgress(p -> p.published() > checkpointed.published(), TimeUnit.MINUTES.toMillis(1));
        first.process.destroyForcibly();
        assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process.exitValue()).as("SIGKILL").isEqualTo(137);
        RunLedger beforeKill = RunLedger.load(dataDir.resolve("_runtime/ledger.json"));

        // Run 2 on the same data directory: resumes and finishes normally.
        QuickstartChild second = QuickstartChild.start(dataDir, ports, "--no-batch", "--rate", "150", "--duration", "15s");
        // 15 s of publishing, then the drain (at most 150 s) until the run's first window is in gold.
        assertThat(second.process.waitFor(6, TimeUnit.MINUTES)).as("second run finished").isTrue();
        second.drainOutput();
        String output = second.output();
        assertThat(second.process.exitValue()).as("reconciliation of the second run:\n" + output).isZero();
        assertThat(output).contains("The previous run was killed").containsPattern("restoring \\S*/flink-checkpoints/\\S+/chk-\\d+");
        // What the rebuilt ledger makes true by construction is said, not reported as OK.
        assertThat(output).containsPattern("dlq = invalid published \\(earlier runs\\) +n/a +not checkable after a resume")
                .containsPattern("dlq = invalid published \\(this run\\) +OK")
                .contains("every connector, task and the Flink job RUNNING");
        // Gold across the kill: the restored job's windows (state and watermark from the checkpoint) against silver,
        // gold <= on-time rows per group (the late flag restarts without a watermark, the windows keep theirs).
        assertThat(output).containsPattern("gold 1m = silver on-time rows per window: n/a after a restored Flink job"
                        + ".*: [\\d,]+ windows, [\\d,]+ groups OK")
                .containsPattern("drain: window \\S+ UTC of the run's first event in gold/metrics_1m");

        // Independent of the summary: the ledger (rebuilt from Kafka after the kill) against the tables.
        RunLedger ledger = RunLedger.load(dataDir.resolve("_runtime/ledger.json"));
        assertThat(ledger.published()).as("both runs published").isGreaterThan(beforeKill.published());
        assertThat(ledger.duplicates()).isPositive();
        assertThat(ledger.invalid()).isPositive();
        DeltaColumnReader reader = new DeltaColumnReader();
        List<String> bronzeIds = reader.readTable(dataDir.resolve(Topology.BRONZE), "event_id");
        List<String> silverIds = reader.readTable(dataDir.resolve(Topology.SILVER), "event_id");
        assertThat((long) bronzeIds.size()).as("bronze = published - DLQ, each event once")
                .isEqualTo(ledger.published() - ledger.invalid());
        assertThat(new HashSet<>(silverIds)).as("no duplicate event ids in silver").hasSize(silverIds.size());
        assertThat((long) silverIds.size()).as("silver = distinct valid events").isEqualTo(ledger.distinctValid());
        assertThat(new HashSet<>(silverIds)).isEqualTo(new HashSet<>(bronzeIds));
    }
}
