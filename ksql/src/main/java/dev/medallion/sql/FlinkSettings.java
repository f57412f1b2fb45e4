package dev.medallion.sql;

import org.apache.flink.configuration.Configuration;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the runner's settings into a Flink {@link Configuration}: where the job runs, checkpointing, state backend,
 * time zone, and which jars a remote cluster needs.
 */
final class FlinkSettings {
    /**
     * Jars a stock Flink distribution lacks in lib/: the Kafka connector, our UDFs and what they need (t-digest; optimaize
     * language-detector with its Guava and JSONIC for LANGUAGE; Avro, Apicurio's registry client and the
     * plain Jackson they need for avro-apicurio; the distribution has only a shaded Jackson).
     */
    private static final Pattern SHIPPED_JAR = Pattern.compile("(flink-connector-(?!base).*|flink-sql-connector-.*"
            + "|flink-avro.*|avro-\\d.*|apicurio-.*|jackson-(core|databind|annotations)-.*"
            + "|medallion-.*|t-digest.*|language-detector-.*|guava-.*|jsonic-.*)\\.jar");

    private FlinkSettings() {
    }

    static Configuration configuration(SqlJobRunner.Builder builder) {
        Map<String, String> options = new LinkedHashMap<>();
        // Window bounds and TO_TIMESTAMP_LTZ are rendered in UTC whatever the machine's zone.
        options.put("table.local-time-zone", "UTC");
        options.put("execution.checkpointing.interval", builder.checkpointInterval.toMillis() + " ms");
        options.put("execution.checkpointing.mode", "EXACTLY_ONCE");
        options.put("state.backend.type", builder.stateBackend);
        // Plan the pipeline's INSERTs as one graph with shared blocks: without it, projection push-down gives every
        // INSERT its own copy of the dedupe operator (three times the state and work).
        options.put("table.optimizer.reuse-optimize-block-with-digest-enabled", "true");
        if (builder.checkpointDir != null) {
            options.put("execution.checkpointing.dir", builder.checkpointDir);
        } else if (builder.remote == null) {
            // Without a directory Flink keeps checkpoints in JobManager memory, capped at 5 MB: the dedupe state of a
            // busy minute exceeds it and every checkpoint fails. A remote cluster uses its own configured directory.
            options.put("execution.checkpointing.dir", Path.of(System.getProperty("java.io.tmpdir"),
                    "medallion-sql-checkpoints").toUri().toString());
        }
        if (builder.parallelism != null) {
            options.put("parallelism.default", String.valueOf(builder.parallelism));
        }
        if (builder.remote == null) {
            options.put("execution.target", "local");
        } else {
            int colon = builder.remote.lastIndexOf(':');
            options.put("execution.target", "remote");
            options.put("rest.address", builder.remote.substring(0, colon));
            options.put("rest.port", builder.remote.substring(colon + 1));
            List<Path> jars = builder.jars.isEmpty() ? jarsToShip() : builder.jars;
            if (!jars.isEmpty()) {
                options.put("pipeline.jars", jars.stream().map(p -> p.toAbsolutePath().toUri().toString())
                        .collect(Collectors.joining(";")));
            }
        }
        options.putAll(builder.flinkOptions);
        return Configuration.fromMap(options);
    }

    static boolean isLocal(Configuration configuration) {
        return "local".equals(configuration.toMap().get("execution.target"));
    }

    /** Options of a shared embedded cluster: the runner's, less those that describe one job. */
    static Map<String, String> clusterOptions(Configuration configuration) {
        Map<String, String> options = new LinkedHashMap<>(configuration.toMap());
        options.remove("execution.target");
        options.remove("pipeline.name");
        options.remove("execution.state-recovery.path");
        return options;
    }

    /** The runner's configuration, submitting through the REST endpoint of the shared embedded cluster. */
    static Configuration onCluster(Configuration configuration, String host, int port, int parallelism) {
        Map<String, String> options = new LinkedHashMap<>(configuration.toMap());
        options.put("execution.target", "remote");
        options.put("rest.address", host);
        options.put("rest.port", String.valueOf(port));
        options.put("parallelism.default", String.valueOf(parallelism));
        return Configuration.fromMap(options);
    }

    /**
     * Flink options of every SQL Gateway session: the pipeline job's cluster and jars, its checkpointing (an analyst's
     * INSERT job checkpoints too, and {@code STOP JOB ... WITH SAVEPOINT} writes under the checkpoint directory), UTC,
     * and parallelism 1 so that one analyst query takes one task slot. Never the job's restore path or name.
     */
    static Map<String, String> gatewaySessions(Configuration jobConfiguration) {
        Map<String, String> job = jobConfiguration.toMap();
        Map<String, String> options = new LinkedHashMap<>();
        for (String key : List.of("execution.target", "rest.address", "rest.port", "pipeline.jars",
                "table.local-time-zone", "execution.checkpointing.interval", "execution.checkpointing.mode",
                "execution.checkpointing.dir", "state.backend.type")) {
            if (job.containsKey(key)) {
                options.put(key, job.get(key));
            }
        }
        options.put("parallelism.default", "1");
        String checkpoints = job.get("execution.checkpointing.dir");
        if (checkpoints != null) {
            options.put("execution.checkpointing.savepoint-dir", checkpoints.replaceAll("/+$", "") + "/gateway-savepoints");
        }
        return options;
    }

    static String target(Configuration configuration) {
        String target = configuration.toMap().get("execution.target");
        return "remote".equals(target)
                ? "remote cluster " + configuration.toMap().get("rest.address") + ":" + configuration.toMap().get("rest.port")
                : "an embedded MiniCluster";
    }

    static String checkHostPort(String hostAndPort) {
        int colon = hostAndPort == null ? -1 : hostAndPort.lastIndexOf(':');
        if (colon <= 0 || !hostAndPort.substring(colon + 1).matches("\\d{1,5}")) {
            throw new IllegalArgumentException("--remote needs host:port of the Flink REST endpoint (e.g. "
                    + "flink-jobmanager:8081), was '" + hostAndPort + "'");
        }
        return hostAndPort;
    }

    /** The jars of this JVM's class path that a stock Flink distribution lacks. */
    static List<Path> jarsToShip() {
        List<Path> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isRegularFile(path) && SHIPPED_JAR.matcher(path.getFileName().toString()).matches()) {
                jars.add(path);
            }
        }
        return jars;
    }
}
