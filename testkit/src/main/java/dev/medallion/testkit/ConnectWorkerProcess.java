package dev.medallion.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One Kafka Connect worker in distributed mode ({@code ConnectDistributed}) running as a child JVM against a broker the
 * test started (e.g. {@link KafkaTestCluster}), with this build's plugin folders on {@code plugin.path}.
 *
 * <p>Unlike the in-process {@link ConnectTestCluster}, the worker can be killed with SIGKILL ({@link #kill()}): no
 * shutdown hook, no task {@code stop()}, no offset commit, open files left half written, exactly what a crashed
 * machine or an OOM-killed container leaves behind. {@link #start()} again brings up a fresh worker in the same Connect
 * group (same internal topics), which picks up the connectors stored in the config topic. The child JVM uses this
 * JVM's class path (Connect runtime and logging); plugins load only from {@code plugin.path}.
 */
public final class ConnectWorkerProcess implements AutoCloseable {
    private final Map<String, String> workerProperties;
    private final List<String> jvmOptions;
    private final Path workDir;
    private Process process;
    private ConnectRestClient rest;
    private int starts;

    private ConnectWorkerProcess(Builder builder) {
        this.workerProperties = new HashMap<>(builder.workerProperties);
        this.jvmOptions = List.copyOf(builder.jvmOptions);
        try {
            this.workDir = Files.createTempDirectory("connect-worker-" + builder.groupId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /** Launches the worker JVM on a free REST port and returns when its REST API answers. */
    public ConnectWorkerProcess start() {
        if (isAlive()) {
            throw new IllegalStateException("The worker process is already running");
        }
        starts++;
        int port = freePort();
        Map<String, String> props = new HashMap<>(workerProperties);
        props.put("listeners", "http://localhost:" + port);
        Path propsFile = workDir.resolve("worker-" + starts + ".properties");
        Path log = workDir.resolve("worker-" + starts + ".log");
        writeProperties(props, propsFile);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.apache.kafka.connect.cli.ConnectDistributed");
        command.add(propsFile.toString());
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not launch the Connect worker JVM", e);
        }
        rest = new ConnectRestClient("http://localhost:" + port + "/");
        try {
            Await.untilValue(Duration.ofSeconds(90), "REST API of Connect worker process (log " + log + ")", () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The Connect worker exited with " + process.exitValue()
                            + "; its output: " + log);
                }
                return rest.connectorPlugins(true);
            });
        } catch (RuntimeException e) {
            kill();
            throw e;
        }
        return this;
    }

    /** SIGKILL: the worker gets no chance to stop tasks, commit offsets or close files. Waits until it is gone. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The Connect worker process " + process.pid() + " did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The REST client of the current (last started) worker. */
    public ConnectRestClient rest() {
        if (rest == null) {
            throw new IllegalStateException("The worker process was never started");
        }
        return rest;
    }

    /** Where the worker's properties and output (one log per start) are kept. */
    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        kill();
    }

    private static void writeProperties(Map<String, String> props, Path file) {
        Properties properties = new Properties();
        properties.putAll(props);
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "Connect worker started by " + ConnectWorkerProcess.class.getSimpleName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Builds a {@link ConnectWorkerProcess}; defaults: group {@code medallion-worker}, this build's plugin folders,
     * JSON converters, 1 s offset flushes, and short session timeouts so that a killed worker's group memberships
     * (the worker's own and its sink tasks' consumers) expire in seconds rather than Kafka's default 45 s.
     */
    public static final class Builder {
        private final Map<String, String> workerProperties = new HashMap<>();
        private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        private String groupId = "medallion-worker";
        private List<Path> pluginPath;

        private Builder(String bootstrapServers) {
            workerProperties.put("bootstrap.servers", bootstrapServers);
            TestWorkerDefaults.putInto(workerProperties);
            workerProperties.put("config.storage.replication.factor", "1");
            workerProperties.put("offset.storage.replication.factor", "1");
            workerProperties.put("status.storage.replication.factor", "1");
            workerProperties.put("session.timeout.ms", "6000");
            workerProperties.put("heartbeat.interval.ms", "1000");
            workerProperties.put("consumer.session.timeout.ms", "6000");
            workerProperties.put("consumer.heartbeat.interval.ms", "1000");
        }

        /** The Connect group; the internal topics are named after it. */
        public Builder groupId(String group) {
            this.groupId = group;
            return this;
        }

        public Builder pluginPath(List<Path> folders) {
            this.pluginPath = List.copyOf(folders);
            return this;
        }

        public Builder workerProperty(String key, String value) {
            workerProperties.put(key, value);
            return this;
        }

        /** Replaces the JVM options of the worker process (default {@code -Xmx512m} and a fast-starting JIT). */
        public Builder jvmOptions(List<String> options) {
            jvmOptions.clear();
            jvmOptions.addAll(options);
            return this;
        }

        public ConnectWorkerProcess build() {
            workerProperties.put("group.id", groupId);
            workerProperties.putIfAbsent("config.storage.topic", groupId + "-configs");
            workerProperties.putIfAbsent("offset.storage.topic", groupId + "-offsets");
            workerProperties.putIfAbsent("status.storage.topic", groupId + "-status");
            List<Path> folders = pluginPath != null ? pluginPath : PluginPaths.fromBuild();
            workerProperties.put("plugin.path",
                    folders.stream().map(Path::toString).collect(Collectors.joining(",")));
            return new ConnectWorkerProcess(this);
        }
    }
}
