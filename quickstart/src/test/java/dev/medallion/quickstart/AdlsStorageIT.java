package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --storage adls}: the quickstart with its lakehouse on the ADLS emulator started in its JVM. The Delta sinks
 * write every table through {@code abfss://}, the batch step's Spark JVMs run the hourly job and the quality check
 * on {@code abfss://} too, and the run reconciles as on local disk (the checks read the emulator's files).
 */
class AdlsStorageIT {
    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)   // the pipeline and the drain, then two Spark JVMs
    void aRunOnAdlsReconcilesAndTheBatchJobsRunOnAbfss() throws Exception {
        QuickstartOptions options = QuickstartOptions.parse("--storage", "adls", "--rate", "100", "--duration", "15s",
                "--data-dir", dataDir.toString(), "--project-dir", System.getProperty("medallion.project.dir", ".."),
                "--kafka-port", String.valueOf(TestPorts.freePortPair()), "--no-gateway", "--no-serving",
                "--connect-port", String.valueOf(TestPorts.freePort()),
                "--eventhubs-port", String.valueOf(TestPorts.freePort()));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        LocalPipeline.RunResult result;
        try (LocalPipeline pipeline = new LocalPipeline(options, new PrintStream(output, true, StandardCharsets.UTF_8))) {
            result = pipeline.run();
        } finally {
            System.out.println(output.toString(StandardCharsets.UTF_8));
        }
        String printed = output.toString(StandardCharsets.UTF_8);

        Reconciliation r = result.reconciliation();
        assertThat(r.checks()).allSatisfy(check -> assertThat(check.ok()).as(check.toString()).isTrue());
        assertThat(r.bronzeRows()).isPositive();
        assertThat(result.silverDistinct()).isEqualTo(r.silverRows()).isPositive();
        assertThat(printed).contains("ADLS Gen2 emulator on https://127.0.0.1:",
                "tables: abfss://lakehouse@medallionlake.dfs.core.windows.net/");
        // Every table went through the emulator: its files are in the emulator's folder, none in the data dir.
        // (gold/metrics_1h gets its first row only once an hour has passed.)
        for (String table : java.util.List.of(Topology.BRONZE, Topology.SILVER, Topology.GOLD_1M)) {
            assertThat(options.tablesDir().resolve(table).resolve("_delta_log")).as(table).isDirectory();
            assertThat(Files.exists(dataDir.resolve(table))).as(table + " beside the emulator").isFalse();
        }
        BatchStep.Outcome batch = result.batch();
        assertThat(batch.ran()).isTrue();
        assertThat(batch.hourlyExit()).as(String.join("\n", batch.lines())).isZero();
        assertThat(batch.qualityExit()).as(String.join("\n", batch.lines())).isZero();
        assertThat(options.tablesDir().resolve("gold/data_quality/_delta_log")).isDirectory();
        assertThat(result.passed()).isTrue();
    }
}
