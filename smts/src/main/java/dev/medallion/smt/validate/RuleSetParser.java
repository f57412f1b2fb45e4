package dev.medallion.smt.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.smt.field.FieldPath;
import dev.medallion.smt.validate.FieldRule.Kind;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a rule specification into {@link FieldRule}s. Two equivalent forms, both easy to write in a connector config:
 * <pre>
 * rules = {"event_id": {"required": true, "type": "string", "regex": "[0-9a-f-]{36}"},
 *          "amount": {"type": "number", "min": 0, "max": 100000},
 *          "event_type": {"enum": ["click", "view", "purchase"]},
 *          "event_time": {"required": true, "timestamp": "iso8601"}}
 *
 * rules.amount.min = 0            (properties form: rules.&lt;field path&gt;.&lt;rule&gt; = value; enum values comma separated)
 * </pre>
 * Keys per field: required, type (string, integer, number, boolean, object, array), timestamp (iso8601, epoch_millis,
 * epoch_seconds, or a java.time pattern such as "yyyy-MM-dd HH:mm:ss"), enum, min, max (numbers), regex (whole value).
 * Mistakes fail with a message naming the field and key.
 */
public final class RuleSetParser {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final Set<String> KEYS = Set.of("required", "type", "timestamp", "enum", "min", "max", "regex");
    private static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "object", "array");

    private RuleSetParser() {
    }

    /** Parses the JSON form with the default {@link RuleLimits}. */
    public static List<FieldRule> parseJson(String json) {
        return parseJson(json, RuleLimits.DEFAULT);
    }

    /** Parses the JSON form. */
    public static List<FieldRule> parseJson(String json, RuleLimits limits) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("rules are not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("rules must be a JSON object of field path -> {rule: value}, e.g."
                    + " {\"amount\": {\"type\": \"number\", \"min\": 0}}");
        }
        Map<String, Map<String, Object>> spec = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isObject()) {
                throw new IllegalArgumentException("rules for field '" + field.getKey() + "' must be a JSON object");
            }
            Map<String, Object> rules = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> r = field.getValue().fields(); r.hasNext(); ) {
                Map.Entry<String, JsonNode> rule = r.next();
                rules.put(rule.getKey(), JSON.convertValue(rule.getValue(), Object.class));
            }
            spec.put(field.getKey(), rules);
        }
        return build(spec, limits);
    }

    /** Parses the properties form: keys are {@code <field path>.<rule>} (the {@code rules.} prefix already removed). */
    public static List<FieldRule> parseProperties(Map<String, ?> props, RuleLimits limits) {
        Map<String, Map<String, Object>> spec = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : new java.util.TreeMap<>(props).entrySet()) {
            String key = entry.getKey();
            int dot = key.lastIndexOf('.');
            if (dot <= 0) {
                throw new IllegalArgumentException("rule key 'rules." + key + "' must be rules.<field>.<rule>, e.g."
                        + " rules.amount.min");
            }
            String value = String.valueOf(entry.getValue()).trim();
            String rule = key.substring(dot + 1);
            Object parsed = rule.equals("enum") ? List.of(value.split("\\s*,\\s*")) : value;
            spec.computeIfAbsent(key.substring(0, dot), k -> new LinkedHashMap<>()).put(rule, parsed);
        }
        return build(spec, limits);
    }

    static List<FieldRule> build(Map<String, Map<String, Object>> spec, RuleLimits limits) {
        List<FieldRule> rules = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> field : spec.entrySet()) {
            FieldPath path = FieldPath.of(field.getKey());
            Map<String, Object> r = field.getValue();
            for (String key : r.keySet()) {
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("unknown rule '" + key + "' for field '" + path + "'; known"
                            + " rules: " + new java.util.TreeSet<>(KEYS));
                }
            }
            if (r.containsKey("required") && bool(r.get("required"), path, "required")) {
                rules.add(new FieldRule(path, Kind.REQUIRED, v -> null));
            }
            if (r.containsKey("type")) {
                rules.add(typeRule(path, String.valueOf(r.get("type")).toLowerCase(Locale.ROOT)));
            }
            if (r.containsKey("timestamp")) {
                rules.add(timestampRule(path, String.valueOf(r.get("timestamp")), limits));
            }
            if (r.containsKey("enum")) {
                rules.add(enumRule(path, r.get("enum")));
            }
            if (r.containsKey("min") || r.containsKey("max")) {
                rules.add(rangeRule(path, number(r.get("min"), path, "min"), number(r.get("max"), path, "max")));
            }
            if (r.containsKey("regex")) {
                rules.add(regexRule(path, String.valueOf(r.get("regex")), limits.regexMaxLength()));
            }
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("no rules configured; give at least one, e.g."
                    + " {\"event_id\": {\"required\": true}}");
        }
        return rules;
    }

    private static boolean bool(Object value, FieldPath path, String key) {
        String s = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        if (!s.equals("true") && !s.equals("false")) {
            throw new IllegalArgumentException("rule '" + key + "' of field '" + path + "' must be true or false, was " + value);
        }
        return s.equals("true");
    }

    private static BigDecimal number(Object value, FieldPath path, String key) {
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rule '" + key + "' of field '" + path + "' must be a number, was " + value);
        }
    }

    private static FieldRule typeRule(FieldPath path, String type) {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("type '" + type + "' of field '" + path + "' is not one of " + new java.util.TreeSet<>(TYPES));
        }
        return new FieldRule(path, Kind.TYPE, value -> {
            boolean ok = switch (type) {
                case "string" -> value instanceof CharSequence;
                // 64-bit: what the tables' BIGINT/long columns hold.
                case "integer" -> value instanceof Long || value instanceof Integer || value instanceof Short
                        || value instanceof Byte || value instanceof BigInteger b && b.bitLength() < 64;
                case "number" -> value instanceof Number;
                case "boolean" -> value instanceof Boolean;
                case "object" -> value instanceof Map || value instanceof org.apache.kafka.connect.data.Struct;
                case "array" -> value instanceof Collection;
                default -> false;
            };
            if (!ok && type.equals("integer") && value instanceof BigInteger) {
                return "field '" + path + "' = " + abbreviate(value.toString()) + " is outside the 64-bit integer range";
            }
            return ok ? null : "field '" + path + "' must be of type " + type + " but is " + describe(value);
        });
    }

    private static FieldRule timestampRule(FieldPath path, String format, RuleLimits limits) {
        String lower = format.toLowerCase(Locale.ROOT);
        FieldRule.Check check;
        switch (lower) {
            case "iso8601" -> check = value -> {
                if (!(value instanceof CharSequence s)) {
                    return "field '" + path + "' must be an ISO-8601 timestamp string but is " + describe(value);
                }
                Instant instant;
                try {
                    instant = OffsetDateTime.parse(s).toInstant();
                } catch (DateTimeParseException e) {
                    try {
                        instant = Instant.parse(s);
                    } catch (DateTimeParseException e2) {
                        return "field '" + path + "' is not an ISO-8601 timestamp with offset: '" + abbreviate(s) + "'";
                    }
                }
                return future(path, instant, limits);
            };
            case "epoch_millis", "epoch_seconds" -> check = value -> {
                if (value instanceof java.util.Date date) {
                    return future(path, date.toInstant(), limits);
                }
                if (!(value instanceof Long || value instanceof Integer)) {
                    return "field '" + path + "' must be " + lower + " (an integer) but is " + describe(value);
                }
                long v = ((Number) value).longValue();
                // Plausibility: 2000-01-01 .. 2100-01-01, which also catches seconds sent as millis and vice versa.
                // Seconds that overflow as millis must fail, not wrap into the window.
                long millis = !lower.equals("epoch_seconds") ? v
                        : v > Long.MAX_VALUE / 1000 || v < Long.MIN_VALUE / 1000 ? Long.MAX_VALUE : v * 1000;
                if (millis < 946_684_800_000L || millis >= 4_102_444_800_000L) {
                    return "field '" + path + "' = " + v + " is not a plausible " + lower + " timestamp (years 2000-2099)";
                }
                return future(path, Instant.ofEpochMilli(millis), limits);
            };
            default -> {
                DateTimeFormatter formatter;
                try {
                    formatter = DateTimeFormatter.ofPattern(format, Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("timestamp format '" + format + "' of field '" + path + "' is"
                            + " neither iso8601, epoch_millis, epoch_seconds nor a valid java.time pattern: " + e.getMessage());
                }
                check = value -> {
                    if (!(value instanceof CharSequence s)) {
                        return "field '" + path + "' must be a timestamp string '" + format + "' but is " + describe(value);
                    }
                    try {
                        java.time.temporal.TemporalAccessor parsed = formatter.parse(s);
                        // Only a pattern with an offset or zone names an instant; a local time cannot be bounded.
                        return parsed.isSupported(java.time.temporal.ChronoField.INSTANT_SECONDS)
                                ? future(path, Instant.from(parsed), limits) : null;
                    } catch (java.time.DateTimeException e) {
                        return "field '" + path + "' does not match timestamp format '" + format + "': '" + abbreviate(s) + "'";
                    }
                };
            }
        }
        return new FieldRule(path, Kind.TIMESTAMP, check);
    }

    /** Null when the time is not too far ahead of the clock, else the reason. */
    private static String future(FieldPath path, Instant instant, RuleLimits limits) {
        long latest = limits.latestMillis();
        return !instant.isAfter(Instant.ofEpochMilli(latest)) ? null : "field '" + path + "' = " + instant
                + " lies more than " + limits.maxFutureMillis() + " ms (timestamp.max.future.ms) in the future";
    }

    private static FieldRule enumRule(FieldPath path, Object values) {
        if (!(values instanceof Collection<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("enum of field '" + path + "' must be a non-empty list of values");
        }
        // Compared with their JSON type: the string "1" is not the number 1 (a table column takes only one of them).
        Set<Object> allowed = new HashSet<>();
        for (Object v : list) {
            allowed.add(enumKey(v));
        }
        String shown = list.toString();
        return new FieldRule(path, Kind.ENUM, value -> allowed.contains(enumKey(value)) ? null
                : "field '" + path + "' = " + shownValue(value) + " is not one of " + shown);
    }

    /** Strings by text, numbers by value (1 = 1.0), booleans as such; anything else never equals an enum value. */
    private static Object enumKey(Object value) {
        if (value instanceof CharSequence s) {
            return s.toString();
        }
        if (value instanceof Boolean) {
            return value;
        }
        BigDecimal number = NumericRange.decimal(value);
        return number != null ? number.stripTrailingZeros() : new Object();
    }

    private static String shownValue(Object value) {
        return value instanceof CharSequence s ? "'" + abbreviate(s) + "'"
                : value instanceof Number || value instanceof Boolean ? abbreviate(String.valueOf(value))
                : "a " + describe(value);
    }

    private static FieldRule rangeRule(FieldPath path, BigDecimal min, BigDecimal max) {
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new IllegalArgumentException("min " + min + " of field '" + path + "' is greater than max " + max);
        }
        String bounds = "[" + (min == null ? "-inf" : min.toString()) + ", " + (max == null ? "inf" : max.toString()) + "]";
        NumericRange range = new NumericRange(min, max);
        return new FieldRule(path, Kind.RANGE, value -> {
            if (!(value instanceof Number n)) {
                return "field '" + path + "' must be a number in " + bounds + " but is " + describe(value);
            }
            Boolean inside = range.contains(n);
            if (inside == null) {
                return "field '" + path + "' = " + abbreviate(n.toString()) + " is not a finite number in " + bounds;
            }
            return inside ? null : "field '" + path + "' = " + abbreviate(n.toString()) + " is outside " + bounds;
        });
    }

    private static FieldRule regexRule(FieldPath path, String regex, int maxLength) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regex of field '" + path + "' does not compile: " + e.getDescription());
        }
        return new FieldRule(path, Kind.REGEX, value -> {
            if (!(value instanceof CharSequence s)) {
                return "field '" + path + "' must be a string matching /" + regex + "/ but is " + describe(value);
            }
            if (s.length() > maxLength) {
                return "field '" + path + "' is " + s.length() + " characters long, more than the " + maxLength
                        + " a regex rule matches (regex.max.length)";
            }
            try {
                return pattern.matcher(s).matches() ? null
                        : "field '" + path + "' = '" + abbreviate(s) + "' does not match /" + regex + "/";
            } catch (StackOverflowError e) {
                // The engine recurses per character for some patterns; the stack is unwound here, the task goes on.
                return "field '" + path + "' (" + s.length() + " characters) is too long for /" + regex
                        + "/: matching overflowed the stack; lower regex.max.length or simplify the pattern";
            }
        });
    }

    static String describe(Object value) {
        return value.getClass().getSimpleName();
    }

    /** Reasons go into headers: keep them short, values may be long or sensitive. */
    static String abbreviate(CharSequence s) {
        return s.length() <= 40 ? s.toString() : s.subSequence(0, 37) + "...";
    }
}
