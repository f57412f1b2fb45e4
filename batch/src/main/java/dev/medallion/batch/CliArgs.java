package dev.medallion.batch;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of one sub-command: {@code --name value} pairs and {@code --flag}s, checked against the names the
 * command knows, so a typo is an error that says which options exist instead of a silently ignored option.
 */
public final class CliArgs {

    private final String command;
    private final Map<String, String> values = new LinkedHashMap<>();

    private CliArgs(String command) {
        this.command = command;
    }

    /**
     * @param withValue option names (without {@code --}) that take a value
     * @param flags     option names that take none
     * @throws IllegalArgumentException naming the offending argument and the known options
     */
    public static CliArgs parse(String command, List<String> args, Set<String> withValue, Set<String> flags) {
        CliArgs parsed = new CliArgs(command);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.startsWith("--") ? arg.substring(2) : null;
            String inlineValue = null;
            if (name != null && name.contains("=")) {
                inlineValue = name.substring(name.indexOf('=') + 1);
                name = name.substring(0, name.indexOf('='));
            }
            if (name != null && flags.contains(name) && inlineValue == null) {
                parsed.values.put(name, "true");
            } else if (name != null && withValue.contains(name)) {
                if (inlineValue == null && (i + 1 >= args.size() || args.get(i + 1).startsWith("--"))) {
                    throw new IllegalArgumentException(command + ": option --" + name + " needs a value");
                }
                parsed.values.put(name, inlineValue != null ? inlineValue : args.get(++i));
            } else {
                throw new IllegalArgumentException(command + ": unknown argument '" + arg + "'; options: "
                        + String.join(", ", withValue.stream().map(n -> "--" + n + " <value>").sorted().toList())
                        + (flags.isEmpty() ? "" : ", " + String.join(", ",
                        flags.stream().map(n -> "--" + n).sorted().toList())));
            }
        }
        return parsed;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public Optional<Instant> instant(String name) {
        return get(name).map(v -> {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(command + ": --" + name + " '" + v
                        + "' is not an ISO-8601 UTC instant such as 2026-12-03T14:00:00Z");
            }
        });
    }

    /** A duration such as {@code 5m}, {@code 90s}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT5M}. */
    public Duration duration(String name, Duration fallback) {
        return get(name).map(v -> parseDuration(command, name, v)).orElse(fallback);
    }

    public int integer(String name, int fallback, int min) {
        return get(name).map(v -> {
            try {
                int n = Integer.parseInt(v);
                if (n < min) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(command + ": --" + name + " '" + v
                        + "' must be an integer >= " + min);
            }
        }).orElse(fallback);
    }

    /**
     * The Spark master for {@link BatchSpark#start}: {@code --master} (default {@code local[*]}), or null under
     * spark-submit, which sets {@code spark.master} for the driver and must keep its own.
     */
    public String sparkMaster() {
        if (System.getProperty("spark.master") != null && !has("master")) {
            return null;
        }
        return get("master", "local[*]");
    }

    public static Duration parseDuration(String command, String name, String v) {
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return Duration.parse(v);
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            Duration d = switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException();
            };
            if (d.isNegative()) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(command + ": --" + name + " '" + v
                    + "' is not a duration such as 90s, 5m, 2h or 1d");
        }
    }
}
