package dev.medallion.sql;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Parses the runner's command line into a {@link SqlJobRunner.Builder}; {@link #USAGE} is what {@code --help} prints.
 */
final class CommandLine {
    static final String USAGE = """
            Usage: SqlJobRunner [options] [script.sql | classpath:sql/....sql ...]
              Runs the SQL scripts (default: the bundled pipeline) as one Flink streaming job.
              --remote host:port        submit to this Flink cluster (REST endpoint) instead of an embedded MiniCluster
              --var name=value          set a ${name} variable (repeatable), e.g. --var bootstrap.servers=kafka:9092
              --parallelism n           default parallelism of the job
              --checkpoint-interval d   checkpoint interval, e.g. 10s, 500ms, 1min (default 10s)
              --checkpoint-dir uri      durable checkpoint storage (file:///..., abfss://...)
              --state-backend b         hashmap (default) or rocksdb
              --exactly-once            transactional Kafka sinks (readers need isolation.level=read_committed)
              --conf key=value          any Flink option (repeatable)
              --jar path                jar to ship to a remote cluster (repeatable; default: connector/UDF jars)
              --gateway [host:]port     also start the analysts' SQL Gateway (REST) there, e.g. 8091 (binds 127.0.0.1)
              --gateway-bind-any        allow a non-loopback gateway address (it has no authentication!)
              --gateway-slots n         task slots of the embedded cluster beyond --parallelism, for analysts (default 4)
              --explain                 print the optimized plan and exit
              --help                    this text
            Variables and their defaults: %s
            """.formatted(SqlJobRunner.DEFAULT_VARIABLES);

    final SqlJobRunner.Builder builder = SqlJobRunner.builder();
    boolean explain;
    boolean help;

    static CommandLine parse(String... args) {
        CommandLine line = new CommandLine();
        List<String> list = List.of(args);
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            switch (arg) {
                case "--help", "-h" -> line.help = true;
                case "--explain" -> line.explain = true;
                case "--exactly-once" -> line.builder.exactlyOnce(true);
                case "--remote" -> line.builder.remote(value(list, ++i, arg));
                case "--var" -> {
                    String[] kv = keyValue(value(list, ++i, arg), arg);
                    line.builder.variable(kv[0], kv[1]);
                }
                case "--conf" -> {
                    String[] kv = keyValue(value(list, ++i, arg), arg);
                    line.builder.flinkOption(kv[0], kv[1]);
                }
                case "--parallelism" -> line.builder.parallelism(Integer.parseInt(value(list, ++i, arg)));
                case "--checkpoint-interval" -> line.builder.checkpointInterval(duration(value(list, ++i, arg)));
                case "--checkpoint-dir" -> line.builder.checkpointDir(value(list, ++i, arg));
                case "--state-backend" -> line.builder.stateBackend(value(list, ++i, arg));
                case "--jar" -> line.builder.jar(Path.of(value(list, ++i, arg)));
                case "--gateway" -> line.builder.gateway(value(list, ++i, arg));
                case "--gateway-bind-any" -> line.builder.gatewayBindAny(true);
                case "--gateway-slots" -> line.builder.gatewayExtraSlots(Integer.parseInt(value(list, ++i, arg)));
                default -> {
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
                    }
                    if (arg.startsWith("classpath:")) {
                        line.builder.scriptResource(arg.substring("classpath:".length()));
                    } else {
                        line.builder.script(Path.of(arg));
                    }
                }
            }
        }
        return line;
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args.get(index);
    }

    private static String[] keyValue(String arg, String option) {
        int eq = arg.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(option + " needs name=value, was '" + arg + "'");
        }
        return new String[] {arg.substring(0, eq), arg.substring(eq + 1)};
    }

    /** Accepts 500ms, 10s, 2min, 1h or an ISO-8601 duration (PT10S). */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(text);
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            if (t.endsWith("min")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 3).trim()));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            }
            if (t.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Not a duration: '" + text + "' (use e.g. 500ms, 10s, 2min, 1h)", e);
        }
        throw new IllegalArgumentException("Not a duration: '" + text + "' (use e.g. 500ms, 10s, 2min, 1h)");
    }
}
