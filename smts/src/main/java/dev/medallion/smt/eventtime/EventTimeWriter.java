package dev.medallion.smt.eventtime;

import dev.medallion.smt.field.StructCopier;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the parsed event time into one top-level field of a record value: a {@link Date} in schemaless maps, an
 * optional Connect {@link Timestamp} field in structs (the extended schema is derived once per input schema and cached,
 * as Kafka's {@code InsertField} does). A field of that name the value already has is replaced, so the column always
 * holds this transform's reading of the event time.
 */
final class EventTimeWriter {
    private static final Schema FIELD_SCHEMA = Timestamp.builder().optional().build();

    private final String fieldName;
    private final StructCopier copier;

    EventTimeWriter(String fieldName) {
        this.fieldName = fieldName;
        this.copier = new StructCopier(name -> name.equals(fieldName), this::extend);
    }

    /**
     * The value with the field set to {@code millis}, or emptied when {@code millis} is null (time missing or
     * unreadable): absent from maps, null in structs (whose schema must not depend on the record). Values that are
     * neither maps nor structs are returned as they are.
     */
    Object write(Object value, Long millis) {
        if (value instanceof Struct struct) {
            return write(struct, millis);
        }
        if (value instanceof Map<?, ?> map) {
            if (millis == null && !map.containsKey(fieldName)) {
                return value;
            }
            Map<String, Object> out = new LinkedHashMap<>(map.size() + 1);
            map.forEach((k, v) -> out.put(String.valueOf(k), v));
            if (millis == null) {
                out.remove(fieldName);
            } else {
                out.put(fieldName, new Date(millis));
            }
            return out;
        }
        return value;
    }

    private Struct write(Struct value, Long millis) {
        Struct out = copier.copy(value);
        out.put(fieldName, millis == null ? null : new Date(millis));
        return out;
    }

    private Schema extend(Schema schema) {
        return copier.builder(schema).field(fieldName, FIELD_SCHEMA).build();
    }
}
