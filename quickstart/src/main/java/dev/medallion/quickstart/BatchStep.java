package dev.medallion.quickstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The quickstart's last step, so a first run shows the whole Lambda: the batch layer's {@code hourly} job and
 * {@code quality} check, once each, as child JVMs with the batch jar and the Spark class path the build wrote
 * ({@code batch/target/spark-classpath.txt}); Spark never enters the pipeline's JVM (its Scala, Jackson and Jetty
 * clash with Kafka's and Flink's). The jobs' own output lines go to the summary; Spark's log to
 * {@code <data-dir>/_runtime/batch-<job>.log}.
 *
 * <p>A short run usually holds no complete hour (an hour is final 5 minutes after it ends), and the hourly job
 * says so; {@code --since} the run's first hour keeps it from starting the batch view at an old event (a backfill)
 * on a first run.
 */
final class BatchStep {

    static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);
    /** The module openings spark-submit passes on Java 17 (as batch/batch.sh). */
    private static final List<String> JAVA_OPENS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    /** What the step did: its summary lines, and the jobs' exit codes (-1: not run or timed out). */
    record Outcome(boolean ran, List<String> lines, int hourlyExit, int qualityExit) {
        static Outcome skipped(String why) {
            return new Outcome(false, List.of("batch layer: not run (" + why + ")"), -1, -1);
        }

        /** Not run counts as fine (--no-batch, Ctrl-C); a run passes when both jobs exit 0. */
        boolean ok() {
            return !ran || hourlyExit == 0 && qualityExit == 0;
        }
    }

    private final Path projectDir;
    private final Path dataDir;
    private final String lakehouse;
    private final List<String> jvmOptions;
    private volatile boolean stopped;
    private volatile Process current;

    BatchStep(Path projectDir, Path dataDir) {
        this(projectDir, dataDir, dataDir.toString(), List.of());
    }

    /** Jobs on another lakehouse root ({@code abfss://...}), with the JVM options it needs (--storage adls). */
    BatchStep(Path projectDir, Path dataDir, String lakehouse, List<String> jvmOptions) {
        this.projectDir = projectDir;
        this.dataDir = dataDir;
        this.lakehouse = lakehouse;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** Ctrl-C: ends the running job's JVM (Spark's shutdown hook stops it cleanly) and skips the next. */
    void stop() {
        stopped = true;
        Process process = current;
        if (process != null) {
            process.destroy();
        }
    }

    Outcome run(Instant runStart) {
        Path target = projectDir.resolve("batch").resolve("target");
        Path classpath = target.resolve("spark-classpath.txt");
        Path jar = batchJar(target);
        if (jar == null || !Files.isRegularFile(classpath)) {
            return Outcome.skipped("the batch module is not built: mvn -pl batch -am -DskipTests package");
        }
        List<String> lines = new ArrayList<>();
        String cp;
        try {
            cp = jar + java.io.File.pathSeparator + Files.readString(classpath).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String since = runStart.truncatedTo(ChronoUnit.HOURS).toString();
        int hourly = job(cp, lines, "hourly", "--lakehouse", lakehouse, "--since", since);
        int quality = stopped ? -1 : job(cp, lines, "quality", "--lakehouse", lakehouse);
        lines.add(String.format("batch layer: hourly exit %d, quality exit %d%s", hourly, quality,
                hourly == 0 && quality == 0 ? "" : " (FAILED: see " + dataDir.resolve("_runtime") + "/batch-*.log)"));
        return new Outcome(true, List.copyOf(lines), hourly, quality);
    }

    private int job(String classpath, List<String> lines, String name, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(jvmOptions);
        command.addAll(JAVA_OPENS);
        command.addAll(List.of("-cp", classpath, "dev.medallion.batch.BatchMain", name));
        command.addAll(List.of(args));
        Path log = dataDir.resolve("_runtime").resolve("batch-" + name + ".log");
        Path output = dataDir.resolve("_runtime").resolve("batch-" + name + ".out");
        Process process = null;
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(log.toFile()).start();
            current = process;
            if (stopped) {
                process.destroy();
            }
            if (!process.waitFor(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                lines.add("batch " + name + ": timed out after " + JOB_TIMEOUT.toMinutes() + " min");
                return -1;
            }
            Files.readAllLines(output, StandardCharsets.UTF_8).forEach(line -> lines.add("batch " + line));
            return process.exitValue();
        } catch (IOException e) {
            lines.add("batch " + name + ": could not start: " + e.getMessage());
            return -1;
        } catch (InterruptedException e) {
            // The run is being torn down (a test's timeout, Ctrl-C): no Spark child may outlive it.
            stopped = true;
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            lines.add("batch " + name + ": interrupted");
            return -1;
        }
    }

    private static Path batchJar(Path target) {
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("medallion-batch-") && n.endsWith(".jar") && !n.endsWith("-sources.jar")
                        && !n.endsWith("-tests.jar");
            }).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
