package dev.medallion.testkit.registry;

import dev.medallion.testkit.Await;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Apicurio Registry (in-memory storage) as a child JVM on a free port, for tests that need a schema registry:
 * the Apicurio converter and serdes ({@link #url()}, the v2 API) or Confluent-compatible clients ({@link #ccompatUrl()}).
 *
 * <p>JUnit 5: {@code @RegisterExtension static final ApicurioRegistry REGISTRY = ApicurioRegistry.builder().build();}
 * or try-with-resources. The app comes from {@link ApicurioDistribution#fromBuild()}. The child never outlives this
 * JVM: {@link #close()} stops it, a shutdown hook stops it when the JVM exits without closing, and if this JVM is
 * killed outright the child sees its standard input close and exits by itself ({@link ExitWithParent}).
 */
public final class ApicurioRegistry implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final String heap;
    private final Duration startTimeout;
    private final Map<String, String> systemProperties;
    private Process process;
    private OutputStream lifeline;
    private Thread shutdownHook;
    private Path logFile;
    private int port;

    private ApicurioRegistry(Builder builder) {
        this.heap = builder.heap;
        this.startTimeout = builder.startTimeout;
        this.systemProperties = new LinkedHashMap<>(builder.systemProperties);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the registry and returns once its REST API answers. */
    public synchronized ApicurioRegistry start() {
        if (process != null) {
            return this;
        }
        ApicurioDistribution dist = ApicurioDistribution.fromBuild();
        port = freePort();
        try {
            Path logs = Files.createDirectories(Path.of("target").toAbsolutePath());
            logFile = Files.createTempFile(logs, "apicurio-registry-" + port + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the registry log file under target/", e);
        }
        ProcessBuilder builder = new ProcessBuilder(command(dist))
                .directory(dist.runnerJar().getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Apicurio Registry " + dist.version(), e);
        }
        // Kept open and never written: its end-of-file is the child's signal to exit.
        lifeline = process.getOutputStream();
        shutdownHook = new Thread(this::stopProcess, "apicurio-registry-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            awaitReady();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        return this;
    }

    private List<String> command(ApicurioDistribution dist) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+UseSerialGC");
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(codeLocation() + File.pathSeparator + dist.runnerJar());
        command.add(ExitWithParent.class.getName());
        command.add(dist.runnerJar().toString());
        return command;
    }

    private static String codeLocation() {
        try {
            return Path.of(ExitWithParent.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the testkit classes", e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest info = HttpRequest.newBuilder(URI.create(url() + "/system/info"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        Await.until(startTimeout, "Apicurio Registry on port " + port + " (log: " + logFile + ")", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("Apicurio Registry exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                return http.send(info, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the registry", e);
            }
        });
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** The Apicurio v2 REST API, e.g. {@code apicurio.registry.url} of the 2.x converter and serdes. */
    public String url() {
        return baseUrl() + "/apis/registry/v2";
    }

    /** The Confluent-compatible API ({@code /apis/ccompat/v7}). */
    public String ccompatUrl() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    public String baseUrl() {
        if (process == null) {
            throw new IllegalStateException("The registry is not started");
        }
        return "http://127.0.0.1:" + port;
    }

    /** The child's process id, e.g. to check it is gone after {@link #close()}. */
    public long pid() {
        if (process == null) {
            throw new IllegalStateException("The registry is not started");
        }
        return process.pid();
    }

    /** The child's console output (Quarkus log). */
    public Path logFile() {
        return logFile;
    }

    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or has run.
        }
        process = null;
    }

    /** Closes the lifeline (the child exits cleanly through Quarkus' shutdown), then forces it if it hangs. */
    private void stopProcess() {
        Process child = process;
        if (child == null || !child.isAlive()) {
            return;
        }
        try {
            lifeline.close();
        } catch (IOException e) {
            // The pipe is already broken; destroy() below still stops the child.
        }
        try {
            if (!child.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                child.destroy();
                if (!child.waitFor(5, TimeUnit.SECONDS)) {
                    child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the registry", e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Builds an {@link ApicurioRegistry}; defaults: 256 MB heap, 3 minutes to start (slow on a loaded machine). */
    public static final class Builder {
        private String heap = "256m";
        private Duration startTimeout = Duration.ofMinutes(3);
        private final Map<String, String> systemProperties = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder heap(String maxHeap) {
            this.heap = maxHeap;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** A Quarkus/registry setting for the child, e.g. {@code registry.ccompat.legacy-id-mode.enabled=true}. */
        public Builder systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        public ApicurioRegistry build() {
            return new ApicurioRegistry(this);
        }
    }
}
