package dev.medallion.sql;

import dev.medallion.sql.gateway.AnalystGateway;
import dev.medallion.sql.gateway.GatewaySettings;
import dev.medallion.sql.gateway.SessionStatements;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs Flink SQL scripts as one streaming job, on an embedded MiniCluster (default) or on a remote Flink cluster.
 *
 * <p>DDL statements ({@code CREATE TABLE/VIEW/FUNCTION}) and {@code SET 'key' = 'value'} are applied in script order;
 * every {@code INSERT} is collected into one statement set, so the pipeline's inserts share their source and dedupe
 * operators and run as a single job. Checkpointing is always on. As a library:
 * <pre>{@code
 * try (SqlJob job = SqlJobRunner.builder().variable("bootstrap.servers", bs).start()) { job.await(...); }
 * }</pre>
 * From a shell: {@code java -cp ... dev.medallion.sql.SqlJobRunner --help}.
 */
public final class SqlJobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SqlJobRunner.class);
    private static final Pattern SET = Pattern.compile("(?is)SET\\s+'([^']+)'\\s*=\\s*'([^']*)'");
    private static final Pattern INSERT = Pattern.compile("(?is)INSERT\\s+.*");

    /** The bundled pipeline: UDFs, source over events.raw, dedupe to events.clean, 1-minute and 1-hour metrics. */
    public static final List<String> PIPELINE = List.of(
            "sql/00-functions.sql",
            "sql/01-source-events-raw.sql",
            "sql/02-dedupe-events-clean.sql",
            "sql/03-metrics-1m.sql",
            "sql/04-metrics-1h.sql");

    /**
     * Source scripts of {@link #PIPELINE} by the {@code raw.format} variable: how {@code events.raw} is encoded.
     * {@code json} (default) or {@code avro-apicurio} (Avro framed with an Apicurio Registry id, e.g. written by
     * Connect's Apicurio AvroConverter; {@code registry.*} variables).
     */
    public static final Map<String, String> RAW_SOURCES = Map.of(
            "json", "sql/01-source-events-raw.sql",
            "avro-apicurio", "sql/01-source-events-raw-avro-apicurio.sql");

    /** Variables every script may use, with their defaults (see sql/README.md). */
    public static final Map<String, String> DEFAULT_VARIABLES = defaults();

    private final List<SqlScript> scripts;
    private final Map<String, String> variables;
    private final Configuration configuration;
    private final String jobName;
    private final GatewaySettings gateway;
    private final Integer parallelism;

    private SqlJobRunner(Builder builder) {
        Map<String, String> vars = new LinkedHashMap<>(DEFAULT_VARIABLES);
        if (builder.exactlyOnce) {
            vars.put("sink.delivery-guarantee", "exactly-once");
        }
        vars.putAll(builder.variables);
        this.variables = Map.copyOf(vars);
        this.scripts = builder.scripts.isEmpty()
                ? pipeline(vars.get("raw.format")).stream().map(SqlScript::fromResource).collect(Collectors.toList())
                : List.copyOf(builder.scripts);
        this.configuration = FlinkSettings.configuration(builder);
        this.jobName = builder.jobName;
        this.gateway = builder.gatewayAddress == null ? null
                : GatewaySettings.parse(builder.gatewayAddress, builder.gatewayBindAny, builder.gatewayExtraSlots);
        this.parallelism = builder.parallelism;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Command line entry point; runs until the job ends (bounded sources) or the JVM is stopped (then cancels it). */
    public static void main(String[] args) {
        CommandLine line;
        SqlJobRunner runner;
        try {
            line = CommandLine.parse(args);
            if (line.help) {
                System.out.println(CommandLine.USAGE);
                return;
            }
            runner = line.builder.build();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (line.explain) {
            System.out.println(runner.explain());
            return;
        }
        SqlJob job = runner.start();
        job.gatewayAddress().ifPresent(address -> System.out.println("SQL Gateway: http://" + address
                + " (REST; JDBC jdbc:flink://" + address + "; ./ksql.sh --endpoint " + address + ")"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                job.close();
            } catch (RuntimeException e) {
                // The embedded cluster may already be shutting down with the JVM; nothing left to cancel then.
                LOG.debug("Cancelling job {} on shutdown failed", job.jobId(), e);
            }
        }, "sql-job-cancel"));
        job.await(Duration.ofDays(365_000));
        System.exit(0);
    }

    /**
     * Plans the scripts and submits the job; returns as soon as Flink accepted it. With a gateway
     * ({@link Builder#gateway}), also starts the SQL Gateway, and on an embedded run first a MiniCluster shared by the
     * job and the analysts' queries; {@link SqlJob#close()} stops them.
     */
    public SqlJob start() {
        if (gateway == null) {
            return submit(configuration, List.of());
        }
        List<AutoCloseable> started = new ArrayList<>();
        try {
            Configuration jobConfiguration = configuration;
            if (FlinkSettings.isLocal(configuration)) {
                int jobParallelism = parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
                EmbeddedFlinkCluster cluster = EmbeddedFlinkCluster.start(FlinkSettings.clusterOptions(configuration),
                        jobParallelism + gateway.extraSlots());
                started.add(0, cluster);
                jobConfiguration = FlinkSettings.onCluster(configuration, cluster.restHost(), cluster.restPort(),
                        jobParallelism);
            }
            SqlJob job = submit(jobConfiguration, started);
            started.add(0, job);
            AnalystGateway analysts = AnalystGateway.start(gateway, FlinkSettings.gatewaySessions(jobConfiguration),
                    SessionStatements.forPipeline(variables));
            job.closeAlso(analysts);
            return job;
        } catch (RuntimeException e) {
            for (AutoCloseable resource : started) {
                try {
                    resource.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private SqlJob submit(Configuration conf, List<AutoCloseable> resources) {
        Planned planned = plan(conf);
        TableResult result = planned.inserts.execute();
        JobClient client = result.getJobClient().orElseThrow(
                () -> new SqlJobException("Flink returned no job client for " + jobName));
        LOG.info("Started SQL job '{}' ({}) with {} insert(s) on {}", jobName, client.getJobID(),
                planned.insertCount, FlinkSettings.target(conf));
        SqlJob job = new SqlJob(client, planned.plan);
        resources.forEach(job::closeAlso);
        return job;
    }

    /** The optimized plan of the scripts, without running them (what {@code EXPLAIN} would print). */
    public String explain() {
        return plan(configuration).plan;
    }

    private Planned plan(Configuration configuration) {
        TableEnvironment tableEnv = TableEnvironment.create(
                EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(configuration).build());
        tableEnv.getConfig().set("pipeline.name", jobName);
        StatementSet inserts = tableEnv.createStatementSet();
        int insertCount = 0;
        for (SqlScript script : scripts) {
            for (String statement : script.statements(variables)) {
                try {
                    Matcher set = SET.matcher(statement);
                    if (set.matches()) {
                        tableEnv.getConfig().set(set.group(1), set.group(2));
                    } else if (INSERT.matcher(statement).matches()) {
                        inserts.addInsertSql(statement);
                        insertCount++;
                    } else {
                        tableEnv.executeSql(statement);
                    }
                } catch (RuntimeException e) {
                    throw new SqlJobException("Statement of " + script.name() + " failed: " + e.getMessage()
                            + "\n--- statement ---\n" + statement, e);
                }
            }
        }
        if (insertCount == 0) {
            throw new SqlJobException("The scripts " + scripts.stream().map(SqlScript::name).toList()
                    + " contain no INSERT statement, so there is no job to run");
        }
        return new Planned(inserts, insertCount, inserts.explain());
    }

    /** {@link #PIPELINE} with the source script of {@code rawFormat} (see {@link #RAW_SOURCES}). */
    public static List<String> pipeline(String rawFormat) {
        String source = RAW_SOURCES.get(rawFormat);
        if (source == null) {
            throw new IllegalArgumentException("raw.format '" + rawFormat + "' is not one of "
                    + new java.util.TreeSet<>(RAW_SOURCES.keySet()));
        }
        return PIPELINE.stream().map(script -> script.equals(RAW_SOURCES.get("json")) ? source : script).toList();
    }

    private record Planned(StatementSet inserts, int insertCount, String plan) {
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("bootstrap.servers", "localhost:9092");
        defaults.put("topic.raw", "events.raw");
        defaults.put("topic.clean", "events.clean");
        defaults.put("topic.metrics.1m", "metrics.1m");
        defaults.put("topic.metrics.1h", "metrics.1h");
        defaults.put("group.id", "medallion-sql");
        defaults.put("scan.startup.mode", "group-offsets");
        defaults.put("scan.bounded.mode", "unbounded");
        // Skip, not fail: one record of another shape would otherwise fail the job on every restart and hold up all
        // later events. On the shipped path Validate already types every column (wrong types go to events.dlq), so
        // only records written to the topic by other producers are skipped; they stay in the topic and the bronze
        // sink sends them to its dead-letter topic with the reason.
        defaults.put("json.ignore-parse-errors", "true");
        defaults.put("raw.format", "json");
        defaults.put("registry.url", "http://localhost:8080/apis/registry/v2");
        defaults.put("registry.id-encoding", "8-byte");
        defaults.put("registry.use-id", "globalId");
        defaults.put("dedupe.ttl", "5 min");
        defaults.put("sink.delivery-guarantee", "at-least-once");
        defaults.put("sink.transactional-id-prefix", "medallion-sql");
        // Flink's default (1 h) exceeds the brokers' default transaction.max.timeout.ms (15 min) and would be refused.
        defaults.put("sink.transaction.timeout.ms", "900000");
        return java.util.Collections.unmodifiableMap(defaults);
    }

    /** Configures a {@link SqlJobRunner}; every setting has a default suitable for a local run. */
    public static final class Builder {
        final List<SqlScript> scripts = new ArrayList<>();
        final Map<String, String> variables = new LinkedHashMap<>();
        final Map<String, String> flinkOptions = new LinkedHashMap<>();
        final List<Path> jars = new ArrayList<>();
        String remote;
        Integer parallelism;
        Duration checkpointInterval = Duration.ofSeconds(10);
        String checkpointDir;
        String stateBackend = "hashmap";
        boolean exactlyOnce;
        String jobName = "medallion-sql";
        String gatewayAddress;
        boolean gatewayBindAny;
        int gatewayExtraSlots = GatewaySettings.DEFAULT_EXTRA_SLOTS;

        private Builder() {
        }

        /** Adds a script; scripts run in the order added. Without any, the bundled {@link #PIPELINE} runs. */
        public Builder script(SqlScript script) {
            scripts.add(Objects.requireNonNull(script, "script"));
            return this;
        }

        public Builder script(Path file) {
            return script(SqlScript.fromFile(file));
        }

        /** A script on the class path, e.g. {@code sql/03-metrics-1m.sql}. */
        public Builder scriptResource(String resource) {
            return script(SqlScript.fromResource(resource));
        }

        /** Sets a {@code ${name}} variable, e.g. {@code bootstrap.servers}, {@code topic.raw}, {@code dedupe.ttl}. */
        public Builder variable(String name, String value) {
            variables.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value of " + name));
            return this;
        }

        public Builder variables(Map<String, String> values) {
            values.forEach(this::variable);
            return this;
        }

        public Builder bootstrapServers(String bootstrapServers) {
            return variable("bootstrap.servers", bootstrapServers);
        }

        /** Submits to the Flink cluster whose REST endpoint is {@code host:port} instead of a MiniCluster. */
        public Builder remote(String hostAndPort) {
            this.remote = FlinkSettings.checkHostPort(hostAndPort);
            return this;
        }

        /** Jars to ship to a remote cluster; by default the connector, format and UDF jars of this class path. */
        public Builder jar(Path jar) {
            jars.add(jar);
            return this;
        }

        public Builder parallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /** How often Flink checkpoints (default 10 s); with exactly-once sinks, also how often results appear. */
        public Builder checkpointInterval(Duration interval) {
            if (interval.toMillis() < 10) {
                throw new IllegalArgumentException("checkpoint interval must be at least 10 ms, was " + interval);
            }
            this.checkpointInterval = interval;
            return this;
        }

        /** Durable checkpoint storage URI (e.g. {@code file:///var/flink/checkpoints}, {@code abfss://...}). */
        public Builder checkpointDir(String uri) {
            this.checkpointDir = uri;
            return this;
        }

        /** {@code hashmap} (heap, default) or {@code rocksdb} (state on local disk, for large dedupe state). */
        public Builder stateBackend(String backend) {
            String normalized = backend.toLowerCase(Locale.ROOT);
            if (!normalized.equals("hashmap") && !normalized.equals("rocksdb")) {
                throw new IllegalArgumentException("state backend must be 'hashmap' or 'rocksdb', was '" + backend + "'");
            }
            this.stateBackend = normalized;
            return this;
        }

        /** Kafka sinks write in transactions committed on checkpoints; readers must use read_committed. */
        public Builder exactlyOnce(boolean exactlyOnce) {
            this.exactlyOnce = exactlyOnce;
            return this;
        }

        /** Any Flink option, e.g. {@code table.exec.source.idle-timeout} = {@code 30 s}; wins over the defaults. */
        public Builder flinkOption(String key, String value) {
            flinkOptions.put(key, value);
            return this;
        }

        /**
         * Also starts the analysts' SQL Gateway (REST) on {@code [host:]port} (a bare port binds to 127.0.0.1; port 0
         * picks a free one; {@link SqlJob#gatewayAddress()} tells which), submitting to the pipeline's cluster.
         */
        public Builder gateway(String hostAndPort) {
            this.gatewayAddress = Objects.requireNonNull(hostAndPort, "hostAndPort");
            return this;
        }

        /** Allows a non-loopback gateway address: the gateway has no authentication (docs/sql-gateway.md). */
        public Builder gatewayBindAny(boolean bindAny) {
            this.gatewayBindAny = bindAny;
            return this;
        }

        /** Task slots of the embedded cluster beyond the job's parallelism, for analysts' queries (default 4). */
        public Builder gatewayExtraSlots(int slots) {
            if (slots < 0) {
                throw new IllegalArgumentException("gateway extra slots must be at least 0, was " + slots);
            }
            this.gatewayExtraSlots = slots;
            return this;
        }

        public Builder jobName(String name) {
            this.jobName = name;
            return this;
        }

        public SqlJobRunner build() {
            return new SqlJobRunner(this);
        }

        /** Shorthand for {@code build().start()}. */
        public SqlJob start() {
            return build().start();
        }
    }
}
