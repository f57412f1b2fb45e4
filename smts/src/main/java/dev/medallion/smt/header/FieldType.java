package dev.medallion.smt.header;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Timestamp;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The types a header can become in a value field, with the optional Connect schema each one adds to a Struct. */
public enum FieldType {
    STRING(Schema.OPTIONAL_STRING_SCHEMA),
    INT64(Schema.OPTIONAL_INT64_SCHEMA),
    FLOAT64(Schema.OPTIONAL_FLOAT64_SCHEMA),
    BOOLEAN(Schema.OPTIONAL_BOOLEAN_SCHEMA),
    TIMESTAMP(Timestamp.builder().optional().build());

    private final Schema schema;

    FieldType(Schema schema) {
        this.schema = schema;
    }

    public Schema schema() {
        return schema;
    }

    /** The name used in mappings, e.g. {@code int64}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type of that name (case-insensitive), or null. */
    public static FieldType of(String label) {
        for (FieldType t : values()) {
            if (t.label().equalsIgnoreCase(label)) {
                return t;
            }
        }
        return null;
    }

    public static String labels() {
        return Arrays.stream(values()).map(FieldType::label).collect(Collectors.joining(", "));
    }
}
