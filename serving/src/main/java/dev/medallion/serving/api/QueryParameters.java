package dev.medallion.serving.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The query string of one request, validated against the parameters its route knows: an unknown or repeated
 * parameter, or a value out of its range, is a {@link BadRequestException} naming it.
 */
public final class QueryParameters {
    /**
     * Times the API accepts. Instants near Instant.MIN/MAX overflow epoch-minute arithmetic, and no pipeline event
     * lies outside these years.
     */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    /** Values are echoed in messages at most this long, so a huge value never makes a huge response. */
    private static final int ECHO_MAX = 64;

    private final Map<String, String> values;

    private QueryParameters(Map<String, String> values) {
        this.values = values;
    }

    public static QueryParameters parse(String rawQuery, Set<String> allowed) {
        Map<String, String> values = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            if (rawQuery.length() > 2048) {
                throw new BadRequestException("query string too long (over 2048 characters)");
            }
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!allowed.contains(name)) {
                    throw new BadRequestException("unknown parameter '" + echo(name) + "'; this endpoint accepts "
                            + new java.util.TreeSet<>(allowed));
                }
                if (value.isEmpty()) {
                    throw new BadRequestException("parameter '" + name + "' has no value; leave it out to use its"
                            + " default");
                }
                if (values.put(name, value) != null) {
                    throw new BadRequestException("parameter '" + name + "' given more than once");
                }
            }
        }
        return new QueryParameters(values);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("malformed query string: " + e.getMessage());
        }
    }

    /** {@code value} for an error message: cut to a few dozen characters. */
    public static String echo(String value) {
        return value.length() <= ECHO_MAX ? value : value.substring(0, ECHO_MAX) + "... (" + value.length()
                + " characters)";
    }

    /** The value, or null when absent. */
    public String get(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public String required(String name) {
        String v = get(name);
        if (v == null) {
            throw new BadRequestException("parameter '" + name + "' is required");
        }
        return v;
    }

    public Instant instant(String name) {
        String v = required(name);
        Instant t;
        try {
            t = Instant.parse(v);
        } catch (DateTimeParseException e) {
            // A '+' (year or offset sign) arrives as a space when the client did not encode it.
            throw new BadRequestException("parameter '" + name + "' must be an ISO-8601 instant such as"
                    + " 2026-01-31T10:00:00Z (was '" + echo(v) + "')"
                    + (v.contains(" ") ? "; send a '+' as %2B" : ""));
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new BadRequestException("parameter '" + name + "' must lie between " + EARLIEST + " and "
                    + LATEST + " (was '" + echo(v) + "')");
        }
        return t;
    }

    public int intInRange(String name, int defaultValue, int min, int max) {
        String v = get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new BadRequestException("parameter '" + name + "' must be between " + min + " and " + max
                        + " (was " + n + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequestException("parameter '" + name + "' must be an integer (was '" + echo(v)
                    + "')");
        }
    }

    /** An optional name (event type, region): letters, digits, '_', '-', '.', at most 64 characters. */
    public String name(String param) {
        String v = get(param);
        if (v != null && !v.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new BadRequestException("parameter '" + param + "' must be 1-64 letters, digits, '_', '-' or '.'");
        }
        return v;
    }
}
