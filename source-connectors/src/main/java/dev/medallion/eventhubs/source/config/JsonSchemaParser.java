package dev.medallion.eventhubs.source.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

import java.util.Locale;

/**
 * Parses {@code value.json.schema}, written in the schema notation of Connect's JsonConverter
 * ({@code {"type":"struct","fields":[{"field":"id","type":"string"}]}}), into a Connect {@link Schema}. Supports the
 * primitive types, struct, array, map and the Timestamp logical type. Knows nothing of config keys: a schema it cannot
 * read is an {@link IllegalArgumentException} saying which element is wrong, which the config reports on its key.
 */
public final class JsonSchemaParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonSchemaParser() {
    }

    /** @throws IllegalArgumentException when the text is not JSON or not a schema this parser understands */
    public static Schema parse(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("schema is not valid JSON: " + e.getOriginalMessage());
        }
        return parse(node, "value");
    }

    private static Schema parse(JsonNode node, String path) {
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            throw invalid(path, "needs an object with a \"type\"");
        }
        String type = node.get("type").asText().toLowerCase(Locale.ROOT);
        String name = node.path("name").isTextual() ? node.get("name").asText() : null;
        SchemaBuilder builder = switch (type) {
            case "int8" -> SchemaBuilder.int8();
            case "int16" -> SchemaBuilder.int16();
            case "int32" -> SchemaBuilder.int32();
            case "int64" -> Timestamp.LOGICAL_NAME.equals(name) ? Timestamp.builder() : SchemaBuilder.int64();
            case "float" -> SchemaBuilder.float32();
            case "double" -> SchemaBuilder.float64();
            case "boolean" -> SchemaBuilder.bool();
            case "string" -> SchemaBuilder.string();
            case "bytes" -> SchemaBuilder.bytes();
            case "array" -> SchemaBuilder.array(parse(node.get("items"), path + "[]"));
            case "map" -> SchemaBuilder.map(parse(node.get("keys"), path + "{key}"),
                    parse(node.get("values"), path + "{value}"));
            case "struct" -> struct(node, path);
            default -> throw invalid(path, "has unknown type '" + type + "' (use int8..int64, float, double, boolean,"
                    + " string, bytes, array, map, struct)");
        };
        if (name != null && !Timestamp.LOGICAL_NAME.equals(name)) {
            builder.name(name);
        }
        if (node.path("optional").asBoolean(false)) {
            builder.optional();
        }
        return builder.build();
    }

    private static SchemaBuilder struct(JsonNode node, String path) {
        JsonNode fields = node.get("fields");
        if (fields == null || !fields.isArray()) {
            throw invalid(path, "is a struct without a \"fields\" array");
        }
        SchemaBuilder builder = SchemaBuilder.struct();
        for (JsonNode field : fields) {
            if (!field.path("field").isTextual()) {
                throw invalid(path, "has a field without a \"field\" name");
            }
            String fieldName = field.get("field").asText();
            builder.field(fieldName, parse(field, path + "." + fieldName));
        }
        return builder;
    }

    private static IllegalArgumentException invalid(String path, String problem) {
        return new IllegalArgumentException("schema element '" + path + "' " + problem);
    }
}
