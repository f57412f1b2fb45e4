package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quickstart JVM is killed with SIGKILL in the middle of a run and started again on the same data directory: the
 * Flink job must restore its dedupe state and offsets from the last retained checkpoint, the sinks must not write an
 * event twice, and the tables must reconcile with everything both runs got into Kafka.
 */
class KillAndResumeIT {
    private static final Pattern PROGRESS = Pattern.compile("published ([\\d,]+) .*tables bronze ([\\d,]+) silver ([\\d,]+)");

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aKilledRunResumesFromItsCheckpointAndTheTablesReconcileAcrossBothRuns() throws Exception {
        List<String> ports = List.of("--kafka-port", String.valueOf(TestPorts.freePortPair()), "--connect-port",
                String.valueOf(TestPorts.freePort()), "--eventhubs-port", String.valueOf(TestPorts.freePort()));

        // Run 1: publish until silver has rows from a few checkpoints, then kill -9 between checkpoints.
        Child first = Child.start(dataDir, ports, "--rate", "150", "--duration", "0");
        first.awaitProgress(p -> p.silver() > 1_500, TimeUnit.MINUTES.toMillis(4));
        assertThat(FlinkRestorePoint.latestCheckpoint(dataDir.resolve("_runtime/flink-checkpoints")))
                .as("a complete retained checkpoint before the kill").isPresent();
        Thread.sleep(2_500);
        first.process.destroyForcibly();
        assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process.exitValue()).as("SIGKILL").isEqualTo(137);
        RunLedger beforeKill = RunLedger.load(dataDir.resolve("_runtime/ledger.json"));

        // Run 2 on the same data directory: resumes and finishes normally.
        Child second = Child.start(dataDir, ports, "--rate", "150", "--duration", "15s");
        assertThat(second.process.waitFor(5, TimeUnit.MINUTES)).as("second run finished").isTrue();
        second.drainOutput();
        String output = String.join("\n", second.lines);
        assertThat(second.process.exitValue()).as("reconciliation of the second run:\n" + output).isZero();
        assertThat(output).contains("The previous run was killed").containsPattern("restoring \\S*/flink-checkpoints/\\S+/chk-\\d+");

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

    record Progress(long published, long bronze, long silver) {
    }

    /** One quickstart JVM, as {@code ./quickstart.sh} starts it, with its output collected line by line. */
    private static final class Child {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final Thread reader;

        private Child(Process process) {
            this.process = process;
            this.reader = new Thread(this::read, "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(Path dataDir, List<String> ports, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1536m",
                    "-Dlog4j2.configurationFile=classpath:quickstart-log4j2.properties",
                    "-Dquickstart.log=" + dataDir.resolve("_runtime/quickstart.log"),
                    "-cp", System.getProperty("java.class.path"),
                    LocalPipeline.class.getName(),
                    "--data-dir", dataDir.toString(),
                    "--project-dir", System.getProperty("medallion.project.dir", "..")));
            command.addAll(ports);
            command.addAll(List.of(args));
            return new Child(new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    System.out.println("[quickstart " + process.pid() + "] " + line);
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void drainOutput() throws InterruptedException {
            reader.join(10_000);
        }

        void awaitProgress(Predicate<Progress> condition, long timeoutMillis)
                throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            int seen = 0;
            while (System.currentTimeMillis() < deadline) {
                assertThat(process.isAlive()).as("quickstart still running:\n" + String.join("\n", lines)).isTrue();
                for (; seen < lines.size(); seen++) {
                    Matcher m = PROGRESS.matcher(lines.get(seen));
                    if (m.find() && condition.test(new Progress(number(m.group(1)), number(m.group(2)),
                            number(m.group(3))))) {
                        return;
                    }
                }
                Thread.sleep(200);
            }
            throw new AssertionError("no progress line matched within " + timeoutMillis + " ms:\n"
                    + String.join("\n", lines));
        }

        private static long number(String text) {
            return Long.parseLong(text.replace(",", ""));
        }
    }
}
