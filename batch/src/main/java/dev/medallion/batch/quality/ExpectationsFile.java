package dev.medallion.batch.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static dev.medallion.batch.CliArgs.parseDuration;

/**
 * The versioned expectations file (YAML; JSON is YAML too): {@code version}, {@code default_threshold} and per table
 * its {@code date_column}, optional {@code threshold} and {@code expectations}. Mistakes are refused with the table,
 * the entry and what is expected, before any Spark work starts.
 */
public record ExpectationsFile(int version, List<TableExpectations> tables) {

    public static final double DEFAULT_THRESHOLD = 0.998;
    public static final String BUNDLED = "/dev/medallion/batch/quality/expectations.yaml";

    /** One table's checks. */
    public record TableExpectations(String table, String dateColumn, double threshold, List<Expectation> checks) {}

    public static ExpectationsFile bundled() throws IOException {
        try (InputStream in = ExpectationsFile.class.getResourceAsStream(BUNDLED)) {
            return parse(in, BUNDLED);
        }
    }

    public static ExpectationsFile parse(InputStream in, String source) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
        if (root == null || !root.path("version").canConvertToInt() || !root.path("version").isNumber()) {
            throw new IllegalArgumentException(source + ": needs an integer 'version' at the top");
        }
        double defaultThreshold = threshold(root.path("default_threshold"), DEFAULT_THRESHOLD, source);
        if (!root.path("tables").isArray() || root.path("tables").isEmpty()) {
            throw new IllegalArgumentException(source + ": needs a non-empty 'tables' list");
        }
        List<TableExpectations> tables = new ArrayList<>();
        for (JsonNode t : root.path("tables")) {
            String table = text(t, "table", source);
            String where = source + ", table " + table;
            List<Expectation> checks = new ArrayList<>();
            for (JsonNode e : t.path("expectations")) {
                checks.add(expectation(e, where));
            }
            if (checks.isEmpty()) {
                throw new IllegalArgumentException(where + ": needs at least one entry under 'expectations'");
            }
            tables.add(new TableExpectations(table, text(t, "date_column", where),
                    threshold(t.path("threshold"), defaultThreshold, where), List.copyOf(checks)));
        }
        return new ExpectationsFile(root.path("version").asInt(), List.copyOf(tables));
    }

    private static Expectation expectation(JsonNode e, String where) {
        String type = text(e, "type", where);
        String at = where + ", expectation " + type;
        return switch (type) {
            case "not_null" -> new Expectation.NotNull(strings(e, "columns", at));
            case "unique" -> new Expectation.Unique(strings(e, "columns", at));
            case "range" -> {
                Double min = e.hasNonNull("min") ? e.get("min").asDouble() : null;
                Double max = e.hasNonNull("max") ? e.get("max").asDouble() : null;
                if (min == null && max == null || min != null && max != null && min > max) {
                    throw new IllegalArgumentException(at + ": needs 'min' and/or 'max', with min <= max");
                }
                yield new Expectation.Range(text(e, "column", at), min, max);
            }
            case "allowed_values" -> new Expectation.AllowedValues(text(e, "column", at), strings(e, "values", at));
            case "freshness" -> new Expectation.Freshness(text(e, "column", at),
                    parseDuration("quality", "max_age", text(e, "max_age", at)));
            case "row_count_drift" -> {
                if (!e.path("max_change").isNumber() || e.get("max_change").asDouble() < 0) {
                    throw new IllegalArgumentException(at + ": needs 'max_change', a number >= 0 (0.5 = 50 %)");
                }
                yield new Expectation.RowCountDrift(e.get("max_change").asDouble());
            }
            default -> throw new IllegalArgumentException(where + ": unknown expectation type '" + type
                    + "'; known: not_null, unique, range, allowed_values, freshness, row_count_drift");
        };
    }

    private static double threshold(JsonNode node, double fallback, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        double v = node.asDouble(-1);
        if (!node.isNumber() || v < 0 || v > 1) {
            throw new IllegalArgumentException(where + ": threshold must be a number between 0 and 1");
        }
        return v;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": needs '" + field + "'");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode node, String field, String where) {
        JsonNode v = node.path(field);
        if (!v.isArray() || v.isEmpty()) {
            throw new IllegalArgumentException(where + ": needs a non-empty list '" + field + "'");
        }
        List<String> out = new ArrayList<>();
        v.forEach(x -> out.add(x.asText()));
        return List.copyOf(out);
    }

}
