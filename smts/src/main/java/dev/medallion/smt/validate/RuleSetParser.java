package dev.medallion.smt.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.smt.field.FieldPath;
import dev.medallion.smt.validate.FieldRule.Kind;

import java.math.BigDecimal;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> KEYS = Set.of("required", "type", "timestamp", "enum", "min", "max", "regex");
    private static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "object", "array");

    private RuleSetParser() {
    }

    /** Parses the JSON form. */
    public static List<FieldRule> parseJson(String json) {
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
        return build(spec);
    }

    /** Parses the properties form: keys are {@code <field path>.<rule>} (the {@code rules.} prefix already removed). */
    public static List<FieldRule> parseProperties(Map<String, ?> props) {
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
        return build(spec);
    }

    static List<FieldRule> build(Map<String, Map<String, Object>> spec) {
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
                rules.add(timestampRule(path, String.valueOf(r.get("timestamp"))));
            }
            if (r.containsKey("enum")) {
                rules.add(enumRule(path, r.get("enum")));
            }
            if (r.containsKey("min") || r.containsKey("max")) {
                rules.add(rangeRule(path, number(r.get("min"), path, "min"), number(r.get("max"), path, "max")));
            }
            if (r.containsKey("regex")) {
                rules.add(regexRule(path, String.valueOf(r.get("regex"))));
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
                case "integer" -> value instanceof Long || value instanceof Integer || value instanceof Short
                        || value instanceof Byte || value instanceof java.math.BigInteger;
                case "number" -> value instanceof Number;
                case "boolean" -> value instanceof Boolean;
                case "object" -> value instanceof Map || value instanceof org.apache.kafka.connect.data.Struct;
                case "array" -> value instanceof Collection;
                default -> false;
            };
            return ok ? null : "field '" + path + "' must be of type " + type + " but is " + describe(value);
        });
    }

    private static FieldRule timestampRule(FieldPath path, String format) {
        String lower = format.toLowerCase(Locale.ROOT);
        FieldRule.Check check;
        switch (lower) {
            case "iso8601" -> check = value -> {
                if (!(value instanceof CharSequence s)) {
                    return "field '" + path + "' must be an ISO-8601 timestamp string but is " + describe(value);
                }
                try {
                    OffsetDateTime.parse(s);
                    return null;
                } catch (DateTimeParseException e) {
                    try {
                        Instant.parse(s);
                        return null;
                    } catch (DateTimeParseException e2) {
                        return "field '" + path + "' is not an ISO-8601 timestamp with offset: '" + abbreviate(s) + "'";
                    }
                }
            };
            case "epoch_millis", "epoch_seconds" -> check = value -> {
                if (value instanceof java.util.Date) {
                    return null;
                }
                if (!(value instanceof Long || value instanceof Integer)) {
                    return "field '" + path + "' must be " + lower + " (an integer) but is " + describe(value);
                }
                long v = ((Number) value).longValue();
                // Plausibility: 2000-01-01 .. 2100-01-01, which also catches seconds sent as millis and vice versa.
                long millis = lower.equals("epoch_seconds") ? v * 1000 : v;
                return millis >= 946_684_800_000L && millis < 4_102_444_800_000L ? null
                        : "field '" + path + "' = " + v + " is not a plausible " + lower + " timestamp (years 2000-2099)";
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
                        formatter.parse(s);
                        return null;
                    } catch (DateTimeParseException e) {
                        return "field '" + path + "' does not match timestamp format '" + format + "': '" + abbreviate(s) + "'";
                    }
                };
            }
        }
        return new FieldRule(path, Kind.TIMESTAMP, check);
    }

    private static FieldRule enumRule(FieldPath path, Object values) {
        if (!(values instanceof Collection<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("enum of field '" + path + "' must be a non-empty list of values");
        }
        Set<String> allowed = new HashSet<>();
        for (Object v : list) {
            allowed.add(String.valueOf(v));
        }
        String shown = list.toString();
        return new FieldRule(path, Kind.ENUM, value -> allowed.contains(String.valueOf(value)) ? null
                : "field '" + path + "' = '" + abbreviate(String.valueOf(value)) + "' is not one of " + shown);
    }

    private static FieldRule rangeRule(FieldPath path, BigDecimal min, BigDecimal max) {
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new IllegalArgumentException("min " + min + " of field '" + path + "' is greater than max " + max);
        }
        double lo = min == null ? Double.NEGATIVE_INFINITY : min.doubleValue();
        double hi = max == null ? Double.POSITIVE_INFINITY : max.doubleValue();
        String bounds = "[" + (min == null ? "-inf" : min.toPlainString()) + ", " + (max == null ? "inf" : max.toPlainString()) + "]";
        return new FieldRule(path, Kind.RANGE, value -> {
            if (!(value instanceof Number n)) {
                return "field '" + path + "' must be a number in " + bounds + " but is " + describe(value);
            }
            double d = n.doubleValue();
            return d >= lo && d <= hi ? null : "field '" + path + "' = " + n + " is outside " + bounds;
        });
    }

    private static FieldRule regexRule(FieldPath path, String regex) {
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
            return pattern.matcher(s).matches() ? null
                    : "field '" + path + "' = '" + abbreviate(s) + "' does not match /" + regex + "/";
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
