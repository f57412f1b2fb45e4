package dev.medallion.sparkreader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a child JVM whose class path is Spark + delta-spark (resolved when this module was built)
 * plus this module's own classes and any extra entries. Spark stays out of the caller's JVM, where its Scala,
 * Jackson, Jetty and log4j versions would clash with Kafka, Connect or Flink. The child's stdout and stderr go to a
 * log file that is quoted in the exception when the child fails.
 *
 * <p>System properties: {@code medallion.sparkreader.classpath} replaces the built-in class path;
 * {@code medallion.sparkreader.timeout.seconds} (default 600) bounds a run; {@code medallion.sparkreader.heap}
 * (default {@code 1g}) is the child's -Xmx.
 */
public final class SparkProcess {

    /** Java 17 module openings Spark needs (the list spark-submit passes through JavaModuleOptions). */
    private static final List<String> JAVA_MODULE_OPTIONS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private final List<Path> extraClassPath;
    private final Duration timeout;
    private final String heap;
    private final java.util.Map<String, String> systemProperties;

    private SparkProcess(List<Path> extraClassPath, Duration timeout, String heap,
                         java.util.Map<String, String> systemProperties) {
        this.extraClassPath = List.copyOf(extraClassPath);
        this.timeout = timeout;
        this.heap = heap;
        this.systemProperties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(systemProperties));
    }

    /** A launcher with the default class path, timeout and heap. */
    public static SparkProcess create() {
        return new SparkProcess(List.of(),
                Duration.ofSeconds(Long.getLong("medallion.sparkreader.timeout.seconds", 600)),
                System.getProperty("medallion.sparkreader.heap", "1g"), java.util.Map.of());
    }

    /** The same launcher with more class path entries after Spark's (e.g. a test's classes holding a writer main). */
    public SparkProcess withExtraClassPath(Path... entries) {
        List<Path> all = new ArrayList<>(extraClassPath);
        all.addAll(List.of(entries));
        return new SparkProcess(all, timeout, heap, systemProperties);
    }

    /**
     * The same launcher with a system property for the child JVM: {@code spark.hadoop.*} ones reach Spark's Hadoop
     * configuration (e.g. a storage account's settings), {@code javax.net.ssl.*} ones its TLS trust.
     */
    public SparkProcess withSystemProperty(String key, String value) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(systemProperties);
        all.put(key, value);
        return new SparkProcess(extraClassPath, timeout, heap, all);
    }

    public SparkProcess withTimeout(Duration newTimeout) {
        return new SparkProcess(extraClassPath, newTimeout, heap, systemProperties);
    }

    /**
     * Runs {@code mainClass} with {@code args} and waits for it to exit.
     *
     * @throws IllegalStateException if the child exits non-zero or times out; the message holds the log's tail
     */
    public void run(String mainClass, List<String> args) {
        Path log = null;
        try {
            log = Files.createTempFile("spark-child-", ".log");
            List<String> command = new ArrayList<>();
            command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx" + heap);
            command.add("-XX:+UseParallelGC");
            command.addAll(JAVA_MODULE_OPTIONS);
            command.add("-Dlog4j2.configurationFile=dev/medallion/sparkreader/log4j2-spark-child.properties");
            command.add("-Dspark.ui.enabled=false");
            systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add("-cp");
            command.add(classPath());
            command.add(mainClass);
            command.addAll(args);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                throw new IllegalStateException(mainClass + " in the Spark child JVM did not finish within " + timeout
                        + "; raise medallion.sparkreader.timeout.seconds if the machine is busy. Log tail:\n"
                        + tail(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(mainClass + " in the Spark child JVM failed with exit code "
                        + process.exitValue() + ". Log tail:\n" + tail(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Spark child JVM for " + mainClass, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Spark child JVM running " + mainClass,
                    e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a leftover temp log is harmless
                }
            }
        }
    }

    /** Spark's class path, this module's classes, then the extra entries. */
    String classPath() {
        List<String> entries = new ArrayList<>();
        entries.add(ownLocation().toString());
        entries.add(sparkClassPath());
        extraClassPath.forEach(p -> entries.add(p.toAbsolutePath().toString()));
        return String.join(java.io.File.pathSeparator, entries);
    }

    static String sparkClassPath() {
        String override = System.getProperty("medallion.sparkreader.classpath");
        if (override != null && !override.isBlank()) {
            return override.trim();
        }
        try (InputStream in = SparkProcess.class.getResourceAsStream("spark-classpath.txt")) {
            if (in == null) {
                throw new IllegalStateException("spark-classpath.txt is missing next to " + SparkProcess.class.getName()
                        + ": build medallion-spark-reader with Maven (it is written by dependency:build-classpath) or"
                        + " set "
                        + "-Dmedallion.sparkreader.classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read spark-classpath.txt", e);
        }
    }

    private static Path ownLocation() {
        try {
            return Paths.get(SparkProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the medallion-spark-reader classes", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }
}
