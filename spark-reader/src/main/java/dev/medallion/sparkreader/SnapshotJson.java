package dev.medallion.sparkreader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the JSON document {@code DeltaTableDumper} writes into a {@link DeltaTableSnapshot}, turning each value
 * into the Java type its Spark type maps to (see {@link DeltaTableSnapshot}). Values are rebuilt from the schema,
 * not from JSON's own number types, so a {@code bigint} is always a Long and a decimal keeps its scale.
 */
final class SnapshotJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SnapshotJson() {}

    static DeltaTableSnapshot parse(Path file) {
        try {
            return parse(MAPPER.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the Spark reader's output " + file, e);
        }
    }

    static DeltaTableSnapshot parse(String json) {
        try {
            return parse(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not parse the Spark reader's output", e);
        }
    }

    private static DeltaTableSnapshot parse(JsonNode root) {
        List<SparkField> schema = new ArrayList<>();
        root.path("schema").forEach(f -> schema.add(field(f)));
        List<DeltaCommit> history = new ArrayList<>();
        root.path("history").forEach(h -> history.add(new DeltaCommit(
                h.path("version").asLong(),
                text(h.get("timestamp")),
                text(h.get("operation")),
                stringMap(h.path("operationParameters")),
                stringMap(h.path("operationMetrics")),
                text(h.get("engineInfo")),
                longMap(h.path("transactions")))));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode row : root.path("rows")) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (SparkField f : schema) {
                values.put(f.name(), value(row.get(f.name()), f));
            }
            rows.add(values);
        }
        return new DeltaTableSnapshot(
                text(root.get("location")),
                root.path("version").asLong(),
                schema,
                strings(root.path("partitionColumns")),
                root.path("numFiles").asLong(),
                root.path("sizeInBytes").asLong(),
                root.path("minReaderVersion").asInt(),
                root.path("minWriterVersion").asInt(),
                strings(root.path("tableFeatures")),
                stringMap(root.path("properties")),
                longMap(root.path("transactions")),
                history,
                root.path("rowCount").asLong(),
                rows);
    }

    static SparkField field(JsonNode node) {
        List<SparkField> children = new ArrayList<>();
        node.path("children").forEach(c -> children.add(field(c)));
        return new SparkField(node.path("name").asText(), node.path("type").asText(),
                node.path("nullable").asBoolean(), children);
    }

    /** The Java value of a JSON value written for a field of this Spark type. */
    static Object value(JsonNode node, SparkField field) {
        if (node == null || node.isNull()) {
            return null;
        }
        String type = field.type();
        if (field.isStruct()) {
            Map<String, Object> struct = new LinkedHashMap<>();
            for (SparkField child : field.children()) {
                struct.put(child.name(), value(node.get(child.name()), child));
            }
            return struct;
        }
        if (field.isArray()) {
            SparkField element = field.child("element").orElseThrow();
            List<Object> list = new ArrayList<>();
            node.forEach(e -> list.add(value(e, element)));
            return list;
        }
        if (field.isMap()) {
            SparkField valueField = field.child("value").orElseThrow();
            Map<String, Object> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), value(e.getValue(), valueField));
            }
            return map;
        }
        if (type.startsWith("decimal")) {
            return new BigDecimal(node.asText());
        }
        return switch (type) {
            case "boolean" -> node.asBoolean();
            case "tinyint" -> (byte) node.asInt();
            case "smallint" -> (short) node.asInt();
            case "int" -> node.asInt();
            case "bigint" -> node.asLong();
            case "float" -> node.isTextual() ? Float.valueOf(node.asText()) : (float) node.asDouble();
            case "double" -> node.isTextual() ? Double.valueOf(node.asText()) : node.asDouble();
            default -> node.isValueNode() ? node.asText() : node.toString();
        };
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
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

    private static Map<String, Long> longMap(JsonNode object) {
        Map<String, Long> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }
}
