package dev.medallion.smt.header;

import dev.medallion.smt.field.StructCopier;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the converted header values into top-level fields of a value. Structs get one optional field per mapping,
 * of the mapping's Connect type, whatever the record's headers (the extended schema is derived once per input schema
 * and cached, as Kafka's {@code InsertField} does), null where there is no value; maps get the value or, without
 * one, no entry. A field of the same name the value already has is replaced, so it always holds the header's value.
 */
final class HeaderFieldWriter {
    private final List<HeaderMapping> mappings;
    private final StructCopier copier;

    HeaderFieldWriter(List<HeaderMapping> mappings) {
        this.mappings = mappings;
        this.copier = new StructCopier(this::isMapped, this::extend);
    }

    /** @param values field name to converted value; a field without one is absent from the map */
    Map<String, Object> write(Map<?, ?> value, Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>(value.size() + mappings.size());
        value.forEach((k, v) -> out.put(String.valueOf(k), v));
        for (HeaderMapping m : mappings) {
            Object v = values.get(m.field());
            if (v == null) {
                out.remove(m.field());
            } else {
                out.put(m.field(), v);
            }
        }
        return out;
    }

    Struct write(Struct value, Map<String, Object> values) {
        Struct out = copier.copy(value);
        for (HeaderMapping m : mappings) {
            out.put(m.field(), values.get(m.field()));
        }
        return out;
    }

    private boolean isMapped(String field) {
        for (HeaderMapping m : mappings) {
            if (m.field().equals(field)) {
                return true;
            }
        }
        return false;
    }

    private Schema extend(Schema schema) {
        SchemaBuilder builder = copier.builder(schema);
        for (HeaderMapping m : mappings) {
            builder.field(m.field(), m.type().schema());
        }
        return builder.build();
    }
}
