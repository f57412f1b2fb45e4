package dev.medallion.eventhubs.source.record;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts Jackson trees into Connect values: plain Java values for schemaless records, or values shaped by a Connect
 * schema (Struct, List, Map, primitives) with an InvalidBodyException naming the JSON path when the event does not fit.
 */
final class JsonValues {
    private JsonValues() {
    }

    static Object toPlain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                map.put(field.getKey(), toPlain(field.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(toPlain(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue().toString();
        }
        if (node.isNumber()) {
            return finite(node.doubleValue(), "value");
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    static Object toConnect(Schema schema, JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            if (schema.isOptional()) {
                return null;
            }
            if (schema.defaultValue() != null) {
                return schema.defaultValue();
            }
            throw new InvalidBodyException(path, "required " + path + " is missing or null");
        }
        if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
            return timestamp(node, path);
        }
        return switch (schema.type()) {
            case INT8 -> (byte) integral(node, path, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case INT16 -> (short) integral(node, path, Short.MIN_VALUE, Short.MAX_VALUE);
            case INT32 -> (int) integral(node, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64 -> integral(node, path, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT32 -> (float) number(node, path);
            case FLOAT64 -> number(node, path);
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw mismatch(path, "a boolean", node);
                }
                yield node.booleanValue();
            }
            case STRING -> node.isTextual() ? node.textValue() : node.toString();
            case BYTES -> {
                try {
                    yield node.binaryValue() != null ? node.binaryValue() : node.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new InvalidBodyException(path, path + " is not base64: " + e.getMessage());
                }
            }
            case ARRAY -> {
                if (!node.isArray()) {
                    throw mismatch(path, "an array", node);
                }
                List<Object> list = new ArrayList<>(node.size());
                int i = 0;
                for (JsonNode item : node) {
                    list.add(toConnect(schema.valueSchema(), item, path + "[" + i++ + "]"));
                }
                yield list;
            }
            case MAP -> {
                if (!node.isObject()) {
                    throw mismatch(path, "an object", node);
                }
                Map<Object, Object> map = new HashMap<>();
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    map.put(field.getKey(), toConnect(schema.valueSchema(), field.getValue(),
                            path + "." + field.getKey()));
                }
                yield map;
            }
            case STRUCT -> {
                if (!node.isObject()) {
                    throw mismatch(path, "an object", node);
                }
                Struct struct = new Struct(schema);
                for (Field field : schema.fields()) {
                    struct.put(field, toConnect(field.schema(), node.get(field.name()), path + "." + field.name()));
                }
                yield struct;
            }
        };
    }

    private static long integral(JsonNode node, String path, long min, long max) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw mismatch(path, "an integer", node);
        }
        long value = node.longValue();
        if (value < min || value > max) {
            throw new InvalidBodyException(path, path + " = " + value + " is outside [" + min + ", " + max + "]");
        }
        return value;
    }

    private static double number(JsonNode node, String path) {
        if (!node.isNumber()) {
            throw mismatch(path, "a number", node);
        }
        return finite(node.doubleValue(), path);
    }

    /** 1e99999 parses as infinity, which JSON cannot write back and no table column holds. */
    private static double finite(double value, String path) {
        if (!Double.isFinite(value)) {
            throw new InvalidBodyException(path, path + " is not a finite number (beyond the range of a double)");
        }
        return value;
    }

    private static Date timestamp(JsonNode node, String path) {
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw new InvalidBodyException(path, path + " is beyond the range of epoch milliseconds");
            }
            return new Date(node.longValue());
        }
        if (node.isTextual()) {
            Instant instant;
            try {
                instant = Instant.parse(node.textValue());
            } catch (DateTimeParseException e) {
                throw new InvalidBodyException(path, path + " is not an ISO-8601 instant");
            }
            try {
                return new Date(instant.toEpochMilli());
            } catch (ArithmeticException e) {
                // Instant reaches year 1,000,000,000; epoch milliseconds in a long end around year 292,278,994.
                throw new InvalidBodyException(path, path + " is beyond the range of epoch milliseconds");
            }
        }
        throw mismatch(path, "epoch milliseconds or an ISO-8601 instant", node);
    }

    private static InvalidBodyException mismatch(String path, String expected, JsonNode actual) {
        // The JSON type only, never the value: values can be personal data.
        return new InvalidBodyException(path,
                path + " should be " + expected + " but is a JSON " + actual.getNodeType());
    }
}
