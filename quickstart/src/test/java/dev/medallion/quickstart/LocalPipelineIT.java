package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline end to end, as {@code ./quickstart.sh} runs it but smaller (about 5,000 events): real KRaft
 * Kafka, a distributed Connect worker loading the built plugins from their folders, the Event Hubs emulator reached
 * through the Azure SDK, the Flink SQL job, and the Delta tables read back with Delta Kernel.
 */
class LocalPipelineIT {
    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 9, unit = TimeUnit.MINUTES)
    void fiveThousandEventsReconcileAcrossBronzeDlqAndSilver() throws IOException {
        int kafkaPort = TestPorts.freePortPair();
        QuickstartOptions options = QuickstartOptions.parse("--no-batch", "--rate", "250", "--duration", "20s",
                "--data-dir", dataDir.toString(), "--project-dir", System.getProperty("medallion.project.dir", ".."),
                "--kafka-port", String.valueOf(kafkaPort), "--no-gateway", "--no-serving", "--connect-port", String.valueOf(TestPorts.freePort()),
                "--eventhubs-port", String.valueOf(TestPorts.freePort()));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        LocalPipeline.RunResult result;
        try (LocalPipeline pipeline = new LocalPipeline(options, new PrintStream(output, true, StandardCharsets.UTF_8))) {
            result = pipeline.run();
        } finally {
            System.out.println(output.toString(StandardCharsets.UTF_8));
        }

        Reconciliation r = result.reconciliation();
        // The timed phase: about 20 s x 250 events/s. The drain after it publishes a further ~10-13 events/s until the
        // first window is in gold (up to 150 s), so the total has no tight upper bound; the timed rate has. The rate
        // limiter must never exceed its target; how far below it a run falls depends on the machine's load (162/s
        // at a load average of 70 on 2 cores), so the lower bound only says the generator ran.
        assertThat(result.eventsPerSecond()).as("the timed phase's rate").isBetween(50.0, 300.0);
        assertThat(r.published()).as("up to 20 s x 250 events/s, plus the drain's (at most 150 s x 13/s)")
                .isBetween(1_000L, 8_000L);
        assertThat(r.invalidPublished()).isPositive();
        assertThat(r.checks()).allSatisfy(check -> assertThat(check.ok()).as(check.toString()).isTrue());
        assertThat(result.silverDistinct()).as("silver holds no duplicate").isEqualTo(r.silverRows());
        assertThat(r.distinctValid()).as("duplicates were published and removed").isLessThan(r.bronzeRows());

        // Independent of the summary: read the tables back and compare the id sets.
        DeltaColumnReader reader = new DeltaColumnReader();
        List<String> bronzeIds = reader.readTable(dataDir.resolve(Topology.BRONZE), "event_id");
        List<String> silverIds = reader.readTable(dataDir.resolve(Topology.SILVER), "event_id");
        assertThat(bronzeIds).hasSize((int) r.bronzeRows()).doesNotContainNull();
        assertThat(new HashSet<>(silverIds)).isEqualTo(new HashSet<>(bronzeIds));
        assertThat(result.tables().get(Topology.BRONZE).commits()).isGreaterThan(1);

        // Every valid event was seen in bronze and got a latency.
        assertThat(result.latency().count()).isEqualTo(r.distinctValid());
        assertThat(result.latency().p50()).isPositive().isLessThanOrEqualTo(result.latency().p99());
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("published = bronze + dlq", "p99");

        // The drain closed the first window of the run, so gold holds rows and each one equals silver's on-time rows.
        assertThat(result.drain().ok()).as(result.drain().line()).isTrue();
        assertThat(result.drain().line()).startsWith("drain: window ");
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("draining: ");
        GoldReconciliation.Result gold = result.gold();
        assertThat(gold.checkLine()).as(String.join("\n", gold.lines())).endsWith(" OK");
        assertThat(gold.checkable()).isTrue();
        assertThat(gold.closedWindows()).isPositive();
        assertThat(gold.groups()).isGreaterThanOrEqualTo(gold.closedWindows());
        assertThat(reader.readRows(dataDir.resolve(Topology.GOLD_1M), List.of("window_start", "event_count")))
                .as("gold/metrics_1m rows").isNotEmpty()
                .allSatisfy(row -> assertThat((Long) row[1]).isPositive());
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("late for the 1-minute windows: ",
                "1-minute windows still open: ");
        assertThat(result.passed()).isTrue();
    }
}
