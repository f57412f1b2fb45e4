package dev.medallion.sparkreader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the JSON document {@code SqlStatementDumper} writes into a {@link SqlRun}. Row values are rebuilt from each
 * result column's Spark type with the same mapping as {@link SnapshotJson}, so a {@code bigint} is always a Long.
 */
final class SqlRunJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SqlRunJson() {}

    static SqlRun parse(Path file) {
        try {
            return parse(MAPPER.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the Spark SQL run's output " + file, e);
        }
    }

    static SqlRun parse(String json) {
        try {
            return parse(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not parse the Spark SQL run's output", e);
        }
    }

    private static SqlRun parse(JsonNode root) {
        Map<String, SqlTableDetail> tables = new LinkedHashMap<>();
        for (JsonNode t : root.path("tables")) {
            String name = t.path("name").asText();
            tables.put(name, new SqlTableDetail(name, t.path("format").asText(), t.path("location").asText(),
                    strings(t.path("partitionColumns")), stringMap(t.path("properties")), t.path("numFiles").asLong(),
                    fields(t.path("schema")), stringMap(t.path("comments"))));
        }
        List<SqlStatementResult> results = new ArrayList<>();
        for (JsonNode r : root.path("results")) {
            List<SparkField> columns = fields(r.path("columns"));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (JsonNode row : r.path("rows")) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (SparkField column : columns) {
                    values.put(column.name(), SnapshotJson.value(row.get(column.name()), column));
                }
                rows.add(values);
            }
            Map<String, Long> filesRead = new LinkedHashMap<>();
            r.path("filesRead").fields().forEachRemaining(e -> filesRead.put(e.getKey(), e.getValue().asLong()));
            results.add(new SqlStatementResult(r.path("sql").asText(), columns, rows, filesRead));
        }
        return new SqlRun(tables, results);
    }

    private static List<SparkField> fields(JsonNode array) {
        List<SparkField> fields = new ArrayList<>();
        array.forEach(f -> fields.add(SnapshotJson.field(f)));
        return fields;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }
}
