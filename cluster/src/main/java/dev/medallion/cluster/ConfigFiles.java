package dev.medallion.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The configuration files of the cluster's processes: one {@code server-N.properties} per Kafka node, one
 * {@code connect-N.properties} per Connect worker, Flink's {@code config.yaml} and a log4j2 configuration. Plain
 * values computed from {@link ClusterOptions}, so a unit test checks them without starting anything.
 */
public final class ConfigFiles {
    private final ClusterOptions options;

    public ConfigFiles(ClusterOptions options) {
        this.options = options;
    }

    /** Combined broker + controller {@code node} (1-based) of a 3-voter KRaft quorum. */
    public Map<String, String> kafkaNode(int node) {
        String voters = IntStream.rangeClosed(1, ClusterOptions.KAFKA_NODES)
                .mapToObj(n -> n + "@127.0.0.1:" + options.controllerPort(n)).collect(Collectors.joining(","));
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(node));
        props.put("controller.quorum.voters", voters);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + options.kafkaPort(node) + ",CONTROLLER://127.0.0.1:"
                + options.controllerPort(node));
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + options.kafkaPort(node));
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", options.workDir().resolve("kafka-" + node).toString());
        // Every topic, internal ones included, on all three nodes; a write needs two of them, so one node may be
        // down (drills, rolling restarts) without losing an acknowledged record or stopping producers.
        props.put("default.replication.factor", "3");
        props.put("min.insync.replicas", "2");
        props.put("offsets.topic.replication.factor", "3");
        props.put("transaction.state.log.replication.factor", "3");
        props.put("transaction.state.log.min.isr", "2");
        props.put("unclean.leader.election.enable", "false");
        props.put("num.partitions", String.valueOf(options.partitions()));
        props.put("group.initial.rebalance.delay.ms", "0");
        return props;
    }

    /** Connect worker {@code worker} (1-based); all workers share one distributed group. */
    public Map<String, String> connectWorker(int worker) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", options.bootstrapServers());
        props.put("group.id", "medallion-cluster");
        props.put("listeners", "http://127.0.0.1:" + options.connectPort(worker));
        props.put("rest.advertised.host.name", "127.0.0.1");
        props.put("rest.advertised.port", String.valueOf(options.connectPort(worker)));
        props.put("config.storage.topic", "connect-configs");
        props.put("offset.storage.topic", "connect-offsets");
        props.put("status.storage.topic", "connect-status");
        props.put("config.storage.replication.factor", "3");
        props.put("offset.storage.replication.factor", "3");
        props.put("status.storage.replication.factor", "3");
        props.put("offset.storage.partitions", "5");
        props.put("status.storage.partitions", "1");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter.schemas.enable", "false");
        props.put("offset.flush.interval.ms", "1000");
        props.put("connector.client.config.override.policy", "All");
        props.put("exactly.once.source.support", "enabled");
        props.put("plugin.path", options.workDir().resolve("plugins").toString());
        props.put("plugin.discovery", "service_load");
        props.put("task.shutdown.graceful.timeout.ms", "10000");
        // Connect waits this long for a worker that left the group before it gives that worker's connectors and
        // tasks to the others (default 5 minutes, for a worker that restarts quickly). 10 s: a dead worker's tasks
        // move in about session timeout + this delay.
        props.put("scheduled.rebalance.max.delay.ms", "10000");
        props.put("config.providers", "dir");
        props.put("config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
        props.put("config.providers.dir.param.allowed.paths",
                options.projectDir().resolve("connect-configs").resolve("schemas").toString());
        return props;
    }

    /** Flink's {@code config.yaml} (flat keys), read by the JobManager and both TaskManagers. */
    public Map<String, String> flink() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("jobmanager.rpc.address", "127.0.0.1");
        conf.put("jobmanager.rpc.port", String.valueOf(options.flinkRpcPort()));
        conf.put("jobmanager.bind-host", "127.0.0.1");
        conf.put("rest.address", "127.0.0.1");
        conf.put("rest.bind-address", "127.0.0.1");
        conf.put("rest.port", String.valueOf(options.flinkRestPort()));
        conf.put("taskmanager.host", "127.0.0.1");
        conf.put("taskmanager.bind-host", "127.0.0.1");
        conf.put("taskmanager.numberOfTaskSlots", "2");
        // TaskManagerRunner started directly (not through Flink's scripts) wants every resource set explicitly.
        conf.put("taskmanager.cpu.cores", "2");
        conf.put("parallelism.default", String.valueOf(options.parallelism()));
        // Explicit memory (the JVMs get matching -Xmx, see FlinkProcesses): small enough for a shared laptop.
        conf.put("jobmanager.memory.heap.size", "384m");
        conf.put("jobmanager.memory.off-heap.size", "64m");
        conf.put("jobmanager.memory.jvm-metaspace.size", "192m");
        conf.put("taskmanager.memory.framework.heap.size", "128m");
        conf.put("taskmanager.memory.task.heap.size", "320m");
        conf.put("taskmanager.memory.managed.size", "32m");
        conf.put("taskmanager.memory.framework.off-heap.size", "96m");
        conf.put("taskmanager.memory.task.off-heap.size", "0m");
        conf.put("taskmanager.memory.network.min", "64m");
        conf.put("taskmanager.memory.network.max", "64m");
        conf.put("taskmanager.memory.jvm-metaspace.size", "192m");
        conf.put("taskmanager.memory.jvm-overhead.min", "64m");
        conf.put("taskmanager.memory.jvm-overhead.max", "64m");
        // A killed TaskManager is noticed in seconds (heartbeat RPCs to it fail), not after the 50 s default.
        conf.put("heartbeat.interval", "2000");
        conf.put("heartbeat.timeout", "10000");
        conf.put("io.tmp.dirs", options.workDir().resolve("flink-tmp").toString());
        conf.put("web.upload.dir", options.workDir().resolve("flink-tmp").toString());
        conf.put("state.backend.type", "hashmap");
        return conf;
    }

    /** Heap, direct memory and metaspace of a TaskManager JVM, as Flink's start scripts derive them from the above. */
    public static String taskManagerJvmOptions() {
        // heap = framework heap + task heap; direct = framework off-heap + task off-heap + network
        return "-Xmx448m -Xms448m -XX:MaxDirectMemorySize=160m -XX:MaxMetaspaceSize=192m";
    }

    public static String jobManagerJvmOptions() {
        return "-Xmx384m -Xms384m -XX:MaxDirectMemorySize=64m -XX:MaxMetaspaceSize=192m";
    }

    /** Everything on the console (each process's stdout goes to its own file under logs/). */
    public static String log4j2() {
        return """
                status = warn
                appender.console.type = Console
                appender.console.name = console
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = [%d{ISO8601}] %-5p %c{1} - %m%n
                rootLogger.level = info
                rootLogger.appenderRef.console.ref = console
                logger.kafka-clients.name = org.apache.kafka.clients
                logger.kafka-clients.level = warn
                """;
    }

    /** Writes every file into {@code conf/} of the work directory. */
    public void writeAll() {
        Path conf = options.confDir();
        try {
            Files.createDirectories(conf);
            for (int n = 1; n <= ClusterOptions.KAFKA_NODES; n++) {
                Files.writeString(conf.resolve("server-" + n + ".properties"), properties(kafkaNode(n)));
            }
            for (int n = 1; n <= ClusterOptions.CONNECT_WORKERS; n++) {
                Files.writeString(conf.resolve("connect-" + n + ".properties"), properties(connectWorker(n)));
            }
            Path flinkConf = conf.resolve("flink");
            Files.createDirectories(flinkConf);
            Files.writeString(flinkConf.resolve("config.yaml"), yaml(flink()));
            Files.writeString(conf.resolve("log4j2.properties"), log4j2());
            // Flink's entry points look for log4j.properties in their conf dir only for the web UI's log view.
            Files.writeString(flinkConf.resolve("log4j.properties"), log4j2());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the cluster's configuration into " + conf, e);
        }
    }

    static String properties(Map<String, String> props) {
        return props.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }

    static String yaml(Map<String, String> conf) {
        // Flat keys are valid in Flink 2's config.yaml; values quoted so YAML keeps them as strings.
        return conf.entrySet().stream().map(e -> e.getKey() + ": \"" + e.getValue() + "\"")
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
