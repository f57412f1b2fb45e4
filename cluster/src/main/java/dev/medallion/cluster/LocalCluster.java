package dev.medallion.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.quickstart.ConfigTemplate;
import dev.medallion.quickstart.ConnectRest;
import dev.medallion.quickstart.ConnectorConfigs;
import dev.medallion.quickstart.FlinkRestorePoint;
import dev.medallion.quickstart.Topology;
import dev.medallion.sql.SqlJob;
import dev.medallion.sql.SqlJobRunner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * The cluster's life cycle: {@link #up()} starts the processes in dependency order and waits for each, then submits
 * the SQL job and registers the connectors; {@link #down()} stops them in reverse order; {@link #status()} lists them.
 * Everything lives under the work directory, so {@code up} after {@code down} resumes with the same Kafka logs,
 * Connect configs and offsets, Flink checkpoints and tables.
 */
public final class LocalCluster {
    public static final String JOB_NAME = "medallion-cluster";
    static final String JOB_MANAGER = "flink-jobmanager";
    static final String EMULATOR = "eventhubs-emulator";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sink dead-letter topics: created with the pipeline's topics, replicated like them. */
    private static final List<String> SINK_DLQS = List.of("silver-sink.dlq", "gold-1m-sink.dlq", "gold-1h-sink.dlq");

    private final ClusterOptions options;
    private final ClusterProcesses processes;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public LocalCluster(ClusterOptions options, PrintStream out) {
        this.options = options;
        this.processes = new ClusterProcesses(options);
        this.out = out;
    }

    public ClusterProcesses processes() {
        return processes;
    }

    static String kafkaNode(int n) {
        return "kafka-" + n;
    }

    static String connectWorker(int n) {
        return "connect-" + n;
    }

    static String taskManager(int n) {
        return "flink-taskmanager-" + n;
    }

    /** Every process with its main port, in start order. */
    public Map<String, Integer> layout() {
        Map<String, Integer> layout = new LinkedHashMap<>();
        for (int n = 1; n <= ClusterOptions.KAFKA_NODES; n++) {
            layout.put(kafkaNode(n), options.kafkaPort(n));
        }
        layout.put(EMULATOR, options.eventHubsPort());
        for (int n = 1; n <= ClusterOptions.CONNECT_WORKERS; n++) {
            layout.put(connectWorker(n), options.connectPort(n));
        }
        layout.put(JOB_MANAGER, options.flinkRestPort());
        for (int n = 1; n <= ClusterOptions.TASK_MANAGERS; n++) {
            layout.put(taskManager(n), -1);
        }
        return layout;
    }

    public void up() {
        new ConfigFiles(options).writeAll();
        if (java.util.stream.IntStream.rangeClosed(1, ClusterOptions.CONNECT_WORKERS)
                .noneMatch(n -> processes.pid(connectWorker(n)).isPresent())) {
            // Never under a running worker: it has the jars open.
            new PluginInstaller(options.projectDir(), options.workDir().resolve("plugins")).install(out);
        }
        step("Starting Kafka, 3 KRaft nodes (broker + controller) on " + options.bootstrapServers(), () -> {
            for (int n = 1; n <= ClusterOptions.KAFKA_NODES; n++) {
                startKafka(n);
            }
            for (int n = 1; n <= ClusterOptions.KAFKA_NODES; n++) {
                processes.awaitPort(kafkaNode(n), options.kafkaPort(n), Duration.ofSeconds(120));
            }
            createTopics();
        });
        boolean emulatorStarted = processes.pid(EMULATOR).isEmpty();
        step("Starting Event Hubs emulator on amqp://127.0.0.1:" + options.eventHubsPort(), () -> {
            startEmulator();
            processes.awaitPort(EMULATOR, options.eventHubsPort(), Duration.ofSeconds(60));
            Waits.until("the emulator's connection string in its log", Duration.ofSeconds(30),
                    () -> !connectionString().isEmpty());
        });
        step("Starting Kafka Connect, 2 distributed workers on " + options.connectUrl(1) + ", "
                + options.connectUrl(2), () -> {
            for (int n = 1; n <= ClusterOptions.CONNECT_WORKERS; n++) {
                startConnectWorker(n);
            }
            for (int n = 1; n <= ClusterOptions.CONNECT_WORKERS; n++) {
                new ConnectRest(options.connectUrl(n)).awaitUp(Duration.ofSeconds(180));
            }
        });
        step("Starting Flink session cluster, JobManager REST on " + options.flinkRestUrl()
                + " and 2 TaskManagers", () -> {
            startJobManager();
            processes.awaitPort(JOB_MANAGER, options.flinkRestPort(), Duration.ofSeconds(120));
            for (int n = 1; n <= ClusterOptions.TASK_MANAGERS; n++) {
                startTaskManager(n);
            }
            Waits.until("2 TaskManagers registered at the JobManager", Duration.ofSeconds(180), () -> {
                for (int n = 1; n <= ClusterOptions.TASK_MANAGERS; n++) {
                    processes.requireAlive(taskManager(n));
                }
                return flinkGet("/taskmanagers").path("taskmanagers").size() >= ClusterOptions.TASK_MANAGERS;
            });
        });
        Optional<String> running = runningJob();
        if (running.isPresent()) {
            out.println("Flink SQL job " + JOB_NAME + " already running: " + running.get());
        } else {
            step("Starting Flink SQL job (SqlJobRunner --remote " + "127.0.0.1:" + options.flinkRestPort() + ")",
                    this::submitSqlJob);
        }
        ConnectRest rest = new ConnectRest(options.connectUrl(1));
        if (emulatorStarted && rest.exists(Topology.SOURCE_CONNECTOR)) {
            // A new emulator starts empty at sequence number 0: the source's committed offsets point past events
            // that do not exist yet. Forget them (KIP-875), as the quickstart does on a resumed run.
            step("Resetting the source offsets (the emulator restarted empty)", () -> {
                rest.resetOffsets(Topology.SOURCE_CONNECTOR, Duration.ofSeconds(60));
                rest.resume(Topology.SOURCE_CONNECTOR);
            });
        }
        Map<String, Map<String, String>> configs = connectorConfigs();
        step("Registering the connectors " + configs.keySet() + " through PUT /connectors/<name>/config", () -> {
            configs.forEach(rest::putConnectorConfig);
            configs.keySet().forEach(name -> rest.awaitRunning(name, Duration.ofSeconds(180)));
        });
        out.println();
        status();
    }

    /** The connect-configs/local files, filled in; sink DLQs replicated 3 times like every other topic here. */
    Map<String, Map<String, String>> connectorConfigs() {
        Path schemaDir = options.projectDir().resolve("connect-configs").resolve("schemas");
        ConfigTemplate template = new ConfigTemplate(Map.of(
                "DATA_DIR", options.lakehouse().toString(),
                "EVENTHUBS_CONNECTION_STRING", connectionString(),
                "BOOTSTRAP_SERVERS", options.bootstrapServers(),
                "SCHEMA_DIR", ConfigTemplate.providerPath(schemaDir)));
        Map<String, Map<String, String>> configs = ConnectorConfigs.load(
                options.projectDir().resolve("connect-configs").resolve("local"), template);
        configs.values().forEach(config -> config.computeIfPresent("errors.deadletterqueue.topic.replication.factor",
                (key, value) -> "3"));
        return configs;
    }

    /** The hub's connection string, as the emulator process printed it at start ("hub events (2 partitions): ..."). */
    public String connectionString() {
        Path log = processes.logFile(EMULATOR);
        String prefix = "hub " + Topology.HUB + " (";
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.startsWith(prefix) && line.contains("): Endpoint=")).reduce((a, b) -> b)
                    .map(line -> line.substring(line.indexOf("): ") + 3).trim())
                    .orElseThrow(() -> new IllegalStateException("The emulator has not printed its connection string"
                            + " yet; see " + log));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + log, e);
        }
    }

    public void down() {
        List<String> names = new ArrayList<>(layout().keySet());
        java.util.Collections.reverse(names);
        for (String name : names) {
            if (processes.pid(name).isPresent()) {
                out.print("Stopping " + name + " ... ");
                out.flush();
                processes.stop(name, Duration.ofSeconds(30));
                out.println("stopped");
            }
        }
    }

    /** One line per process: name, alive or not, port, pid. */
    public boolean status() {
        boolean all = true;
        out.printf("%-20s %-6s %-6s %s%n", "process", "alive", "port", "pid");
        for (Map.Entry<String, Integer> entry : layout().entrySet()) {
            Optional<Long> pid = processes.pid(entry.getKey());
            boolean alive = pid.isPresent() && (entry.getValue() < 0 || ClusterProcesses.listening(entry.getValue()));
            all &= alive;
            out.printf("%-20s %-6s %-6s %s%n", entry.getKey(), alive ? "yes" : "no",
                    entry.getValue() < 0 ? "-" : entry.getValue(), pid.map(String::valueOf).orElse("-"));
        }
        out.println("logs: " + options.logDir());
        return all;
    }

    void startKafka(int n) {
        if (processes.pid(kafkaNode(n)).isPresent()) {
            return;
        }
        Path config = options.confDir().resolve("server-" + n + ".properties");
        Path logDir = options.workDir().resolve("kafka-" + n);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(config);
        }
        processes.start(kafkaNode(n), jvm("-Xmx512m", "-Xms256m"), kafkaClasspath(), "kafka.Kafka",
                List.of(config.toString()));
    }

    /** {@code kafka-storage.sh format}: every node of the quorum with the same cluster id. */
    private void format(Path config) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvm("-Xmx256m"));
        command.addAll(List.of("-cp", kafkaClasspath(), "kafka.tools.StorageTool", "format", "-t", clusterId(),
                "-c", config.toString()));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(options.logDir().resolve("kafka-format.log")
                            .toFile())).start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("Formatting the Kafka log dir of " + config + " failed; see "
                        + options.logDir().resolve("kafka-format.log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not format " + config, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String clusterId() {
        Path file = options.confDir().resolve("kafka-cluster-id");
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, Uuid.randomUuid().toString());
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or write " + file, e);
        }
    }

    private void createTopics() {
        Map<String, Integer> wanted = new LinkedHashMap<>(Topology.topics(options.partitions()));
        SINK_DLQS.forEach(dlq -> wanted.put(dlq, 1));
        try (Admin admin = admin()) {
            Waits.until("3 Kafka brokers in the cluster", Duration.ofSeconds(120),
                    () -> get(admin.describeCluster().nodes()).size() == ClusterOptions.KAFKA_NODES);
            Set<String> existing = get(admin.listTopics().names());
            List<NewTopic> topics = wanted.entrySet().stream().filter(e -> !existing.contains(e.getKey()))
                    .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 3)
                            .configs(Map.of("min.insync.replicas", "2"))).toList();
            if (!topics.isEmpty()) {
                get(admin.createTopics(topics).all());
            }
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers()));
    }

    void startEmulator() {
        if (processes.pid(EMULATOR).isPresent()) {
            return;
        }
        processes.start(EMULATOR, jvm("-Xmx384m"), emulatorJar().toString(),
                "dev.medallion.eventhubs.emulator.EventHubsEmulatorMain",
                List.of("--port", String.valueOf(options.eventHubsPort()), "--hub",
                        Topology.HUB + ":" + options.partitions()));
    }

    void startConnectWorker(int n) {
        if (processes.pid(connectWorker(n)).isPresent()) {
            return;
        }
        processes.start(connectWorker(n), jvm("-Xmx1g", "-Xms256m"), kafkaClasspath(),
                "org.apache.kafka.connect.cli.ConnectDistributed",
                List.of(options.confDir().resolve("connect-" + n + ".properties").toString()));
    }

    void startJobManager() {
        if (processes.pid(JOB_MANAGER).isPresent()) {
            return;
        }
        List<String> jvm = jvm(ConfigFiles.jobManagerJvmOptions().split(" "));
        processes.start(JOB_MANAGER, jvm, flinkClasspath(),
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                List.of("--configDir", options.confDir().resolve("flink").toString()));
    }

    void startTaskManager(int n) {
        if (processes.pid(taskManager(n)).isPresent()) {
            return;
        }
        List<String> jvm = jvm(ConfigFiles.taskManagerJvmOptions().split(" "));
        processes.start(taskManager(n), jvm, flinkClasspath(),
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                List.of("--configDir", options.confDir().resolve("flink").toString(),
                        "-D", "taskmanager.resource-id=" + taskManager(n)));
    }

    private void submitSqlJob() {
        Path checkpoints = options.workDir().resolve("flink-checkpoints");
        // After down/up the job starts again from the last complete checkpoint of the previous one.
        Optional<Path> restoreFrom = FlinkRestorePoint.latestCheckpoint(checkpoints);
        FlinkRestorePoint.pruneOtherJobs(checkpoints, restoreFrom);
        restoreFrom.ifPresent(path -> out.print("restoring " + path + " ... "));
        SqlJobRunner.Builder builder = SqlJobRunner.builder()
                .remote("127.0.0.1:" + options.flinkRestPort())
                .bootstrapServers(options.bootstrapServers())
                .exactlyOnce(true)
                .checkpointInterval(Duration.ofSeconds(5))
                .parallelism(options.parallelism())
                .jobName(JOB_NAME)
                .checkpointDir(checkpoints.toUri().toString())
                .flinkOption("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION")
                .flinkOption("execution.checkpointing.num-retained", "2");
        restoreFrom.ifPresent(path -> builder.flinkOption("execution.state-recovery.path", path.toUri().toString()));
        if (restoreFrom.isPresent()) {
            markFlinkRestored(options);
        }
        // Not closed: closing would cancel the job; it belongs to the cluster now.
        SqlJob job = builder.start();
        out.print("job " + job.jobId() + " ... ");
    }

    /** The id of the running (or restarting) SQL job, if any. */
    public Optional<String> runningJob() {
        for (JsonNode job : flinkGet("/jobs/overview").path("jobs")) {
            String state = job.path("state").asText();
            if (JOB_NAME.equals(job.path("name").asText()) && !Set.of("FAILED", "CANCELED", "FINISHED")
                    .contains(state)) {
                return Optional.of(job.path("jid").asText());
            }
        }
        return Optional.empty();
    }

    public JsonNode flinkGet(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(options.flinkRestUrl() + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " on Flink answered HTTP " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " on " + options.flinkRestUrl() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private List<String> jvm(String... options) {
        List<String> jvm = new ArrayList<>(List.of(options));
        jvm.add("-XX:+UseSerialGC");
        jvm.add("-Dlog4j2.configurationFile=" + this.options.confDir().resolve("log4j2.properties"));
        jvm.add("-Dlog4j.configurationFile=" + this.options.confDir().resolve("log4j2.properties"));
        return jvm;
    }

    private String kafkaClasspath() {
        return classpathFile("kafka-classpath.txt");
    }

    private String flinkClasspath() {
        return classpathFile("flink-classpath.txt");
    }

    private String classpathFile(String name) {
        Path file = options.projectDir().resolve("cluster").resolve("target").resolve(name);
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("No " + file + "; cluster/cluster.sh writes it (mvn -f "
                    + "cluster/engines/*/pom.xml dependency:build-classpath)", e);
        }
    }

    private Path emulatorJar() {
        Path target = options.projectDir().resolve("eventhubs-emulator").resolve("target");
        try (var files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-standalone.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No standalone emulator jar in " + target
                            + "; build it: mvn -DskipTests package -pl eventhubs-emulator -am"));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + target, e);
        }
    }

    private void step(String what, Runnable action) {
        long start = System.nanoTime();
        out.print(what + " ... ");
        out.flush();
        action.run();
        out.printf("ready in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    static void markFlinkRestored(ClusterOptions options) {
        try {
            Files.createDirectories(options.runtimeDir());
            Files.writeString(options.flinkRestoredMarker(), java.time.Instant.now().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + options.flinkRestoredMarker(), e);
        }
    }

    static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
