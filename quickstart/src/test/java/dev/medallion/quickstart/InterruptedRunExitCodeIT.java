package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C (SIGINT) prints the summary and must leave the exit code of its checks: 1 when one fails, not the signal's
 * status nor 0.
 */
class InterruptedRunExitCodeIT {

    @TempDir
    Path dataDir;

    // Kafka, Connect and Flink start in a child JVM first: on a loaded 2-core machine that alone took 4 minutes.
    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void anInterruptedRunWhoseCheckFailsExitsWithOne() throws Exception {
        // An earlier run on this directory, per its ledger, published 1,000 events that no table holds: the check
        // published = bronze + dlq cannot pass.
        new RunLedger(1_000, 0, 1_000, 0, 0, false).save(dataDir.resolve("_runtime/ledger.json"));
        List<String> ports = List.of("--kafka-port", String.valueOf(TestPorts.freePortPair()), "--no-gateway", "--no-serving", "--connect-port",
                String.valueOf(TestPorts.freePort()), "--eventhubs-port", String.valueOf(TestPorts.freePort()));
        QuickstartChild run = QuickstartChild.start(dataDir, ports, "--no-batch", "--rate", "100", "--duration", "0");
        run.awaitProgress(p -> p.published() > 0, TimeUnit.MINUTES.toMillis(8));

        // What Ctrl-C sends. (Process.destroy() would also close the child's output before the summary is read.)
        assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(run.process.pid())).start().waitFor())
                .isZero();

        assertThat(run.process.waitFor(3, TimeUnit.MINUTES)).as("stopped after the summary").isTrue();
        run.drainOutput();
        assertThat(run.output()).containsPattern("published = bronze \\+ dlq +FAIL");
        assertThat(run.process.exitValue()).as("exit code after Ctrl-C with a failed check:\n" + run.output())
                .isEqualTo(1);
    }
}
