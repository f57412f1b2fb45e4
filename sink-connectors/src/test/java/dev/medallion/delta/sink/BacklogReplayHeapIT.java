package dev.medallion.delta.sink;

import dev.medallion.testkit.PluginPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backlog replay spanning a thousand date/hour partitions in one flush interval ({@link BacklogReplayMain}) in a
 * child JVM with a 256 MiB heap and the default {@code file.open.max}: it must finish and every event must be in the
 * table, in its partition. Without the limit the replay runs out of memory from about 600 partitions on.
 */
class BacklogReplayHeapIT {
    @TempDir
    Path dir;

    @Test
    void aReplaySpanningThousandsOfHoursFitsASmallHeapWithTheDefaultLimit() throws Exception {
        // 600 open files need more than 256 MiB (measured: the replay fails with OutOfMemoryError without a limit).
        int hours = 1000;
        Path log = dir.resolve("replay.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", classPath(),
                BacklogReplayMain.class.getName(), dir.toString(), String.valueOf(hours));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("replay finished").isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).as("exit status; output:%n%s", tail(log)).isZero();
        List<Map<String, Object>> rows = KernelTableReader.rows(dir.resolve("replay").toString());
        assertThat(rows).hasSize(hours * BacklogReplayMain.EVENTS_PER_HOUR);
        assertThat(rows.stream().map(r -> List.of(r.get("date"), r.get("hour"))).collect(Collectors.toSet()))
                .hasSize(hours);
    }

    /**
     * The test class path (the replay driver, testkit, Kafka) plus the sink's plugin folder: integration tests keep
     * the module's classes off their own class path, the plugin folder has them.
     */
    private static String classPath() {
        Path lib = PluginPaths.fromBuild().stream().map(folder -> folder.resolve("medallion-delta-sink/lib"))
                .filter(Files::isDirectory).findFirst().orElseThrow();
        return System.getProperty("java.class.path") + File.pathSeparator + lib + File.separator + "*";
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
