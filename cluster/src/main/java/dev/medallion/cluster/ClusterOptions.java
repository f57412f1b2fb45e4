package dev.medallion.cluster;

import java.nio.file.Path;

/**
 * What {@code cluster/cluster.sh} was asked for: the command, the work directory, the port offset and the run's load.
 * Every port is a fixed default (the quickstart's where it has one) plus {@code --port-offset}, so two clusters, or a
 * cluster next to a quickstart, can share a machine.
 */
public record ClusterOptions(String command, String argument, Path workDir, Path projectDir, int portOffset,
                             int events, int rate, int partitions, int parallelism) {
    public static final int KAFKA_NODES = 3;
    public static final int CONNECT_WORKERS = 2;
    public static final int TASK_MANAGERS = 2;
    public static final java.util.List<String> DRILLS = java.util.List.of("connect-worker", "taskmanager",
            "kafka-leader");

    public static final String USAGE = """
            usage: cluster/cluster.sh <command> [options]
              up                      start every process (3 Kafka nodes, 2 Connect workers, Flink JobManager and 2
                                      TaskManagers, Event Hubs emulator), submit the SQL job, register the connectors
              status                  each process: alive, port, pid
              run                     publish --events N at --rate R, progress every 2 s, reconciled summary (exit 1 on FAIL)
              drill <name>            a run with one fault in its middle: connect-worker | taskmanager | kafka-leader
              down                    stop every process (SIGTERM, then SIGKILL after 30 s); the work dir stays
            options:
              --work-dir DIR          state, logs, pid files (default ./cluster-data)
              --port-offset N         added to every port (default 0: Kafka 9092/9094/9096, Connect 8083/8084,
                                      Flink REST 8081, Event Hubs AMQP 5672)
              --events N              events a run publishes (default 20000)
              --rate R                events/s (default 500)
              --partitions P          Event Hubs and topic partitions (default 2; at up only)
              --parallelism P         Flink job parallelism (default 1: the gold check is exact only at 1)
            """;

    public static ClusterOptions parse(String[] args, Path projectDir) {
        if (args.length == 0) {
            throw new IllegalArgumentException(USAGE);
        }
        String command = args[0];
        String argument = null;
        int first = 1;
        if ("drill".equals(command)) {
            if (args.length < 2 || args[1].startsWith("--")) {
                throw new IllegalArgumentException("drill needs a name: " + String.join(" | ", DRILLS));
            }
            argument = args[1];
            if (!DRILLS.contains(argument)) {
                throw new IllegalArgumentException("unknown drill '" + argument + "': " + String.join(" | ", DRILLS));
            }
            first = 2;
        } else if (!java.util.Set.of("up", "down", "status", "run", "help", "--help").contains(command)) {
            throw new IllegalArgumentException("unknown command '" + command + "'\n" + USAGE);
        }
        Path workDir = Path.of("cluster-data");
        int offset = 0;
        int events = 20_000;
        int rate = 500;
        int partitions = 2;
        int parallelism = 1;
        for (int i = first; i < args.length; i++) {
            String key = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(key + " needs a value");
            }
            String value = args[++i];
            switch (key) {
                case "--work-dir" -> workDir = Path.of(value);
                case "--port-offset" -> offset = bounded(key, value, 0, 50_000);
                case "--events" -> events = bounded(key, value, 1, Integer.MAX_VALUE);
                case "--rate" -> rate = bounded(key, value, 1, 100_000);
                case "--partitions" -> partitions = bounded(key, value, 1, 32);
                case "--parallelism" -> parallelism = bounded(key, value, 1, 8);
                default -> throw new IllegalArgumentException("unknown option " + key + "\n" + USAGE);
            }
        }
        return new ClusterOptions(command, argument, workDir.toAbsolutePath().normalize(), projectDir, offset, events,
                rate, partitions, parallelism);
    }

    private static int bounded(String key, String value, int min, int max) {
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " takes a whole number, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }

    /** Kafka node {@code n} (1-based): its client listener. */
    public int kafkaPort(int n) {
        return 9092 + 2 * (n - 1) + portOffset;
    }

    /** Kafka node {@code n} (1-based): its controller listener (the client port + 1). */
    public int controllerPort(int n) {
        return kafkaPort(n) + 1;
    }

    /** Connect worker {@code n} (1-based): its REST listener. */
    public int connectPort(int n) {
        return 8083 + (n - 1) + portOffset;
    }

    public int flinkRestPort() {
        return 8081 + portOffset;
    }

    public int flinkRpcPort() {
        return 6123 + portOffset;
    }

    public int eventHubsPort() {
        return 5672 + portOffset;
    }

    public String bootstrapServers() {
        StringBuilder servers = new StringBuilder();
        for (int n = 1; n <= KAFKA_NODES; n++) {
            servers.append(n > 1 ? "," : "").append("127.0.0.1:").append(kafkaPort(n));
        }
        return servers.toString();
    }

    public String flinkRestUrl() {
        return "http://127.0.0.1:" + flinkRestPort();
    }

    public String connectUrl(int n) {
        return "http://127.0.0.1:" + connectPort(n);
    }

    public Path confDir() {
        return workDir.resolve("conf");
    }

    public Path logDir() {
        return workDir.resolve("logs");
    }

    public Path pidDir() {
        return workDir.resolve("pids");
    }

    public Path lakehouse() {
        return workDir.resolve("lakehouse");
    }

    public Path runtimeDir() {
        return workDir.resolve("_runtime");
    }

    /**
     * Exists once the SQL job of this work dir has restored state (a restart after {@code down}, a drill's
     * fail-over): the gold check can then only check bounds, for this and every later run, as in the quickstart.
     */
    public Path flinkRestoredMarker() {
        return runtimeDir().resolve("flink-restored");
    }
}
