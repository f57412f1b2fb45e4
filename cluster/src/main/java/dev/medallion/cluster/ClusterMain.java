package dev.medallion.cluster;

import java.nio.file.Path;

/** Entry point of {@code cluster/cluster.sh}: {@code up | down | status | run | drill <name>} (see {@link ClusterOptions#USAGE}). */
public final class ClusterMain {
    private ClusterMain() {
    }

    public static void main(String[] args) {
        Path projectDir = Path.of(System.getProperty("medallion.project.dir", ".")).toAbsolutePath().normalize();
        ClusterOptions options;
        try {
            options = ClusterOptions.parse(args, projectDir);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalCluster cluster = new LocalCluster(options, System.out);
        int exit;
        try {
            exit = switch (options.command()) {
                case "up" -> {
                    cluster.up();
                    yield 0;
                }
                case "down" -> {
                    cluster.down();
                    yield 0;
                }
                case "status" -> cluster.status() ? 0 : 1;
                case "run" -> new ClusterRun(options, cluster, System.out).run(null).passed() ? 0 : 1;
                case "drill" -> new ClusterRun(options, cluster, System.out).run(fault(options, cluster)).passed()
                        ? 0 : 1;
                default -> {
                    System.out.println(ClusterOptions.USAGE);
                    yield 0;
                }
            };
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println(options.command() + " failed: " + e.getMessage());
            e.printStackTrace(System.err);
            exit = 1;
        }
        System.out.flush();
        System.exit(exit);
    }

    private static Fault fault(ClusterOptions options, LocalCluster cluster) {
        return switch (options.argument()) {
            case "connect-worker" -> new ConnectWorkerFault(cluster, options);
            case "taskmanager" -> new TaskManagerFault(cluster);
            case "kafka-leader" -> new KafkaLeaderFault(cluster);
            default -> throw new IllegalArgumentException("unknown drill " + options.argument());
        };
    }
}
