package dev.medallion.smt.header;

import dev.medallion.common.PluginVersion;
import dev.medallion.smt.dlq.DeadLetterRouter;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies record headers into top-level value fields, typed ({@code mappings} = {@code <header>:<field>:<type>}), so
 * metadata the source put in headers (Event Hubs coordinates, ingestion time) becomes table columns. Works on Struct
 * values (optional fields of the matching Connect type are added; schemas cached) and schemaless Map values. The last
 * header of a name wins. A missing header leaves the field empty; a header value that cannot be converted leaves it
 * empty too and adds header {@value #ERROR_HEADER} with the reason: the record itself is sound, so it is kept rather
 * than dead-lettered for one metadata column, and {@code apply} never throws for a value.
 */
public class HeaderToField<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
    public static final String ERROR_HEADER = "header.to.field.error";

    private List<HeaderMapping> mappings;
    private HeaderFieldWriter writer;

    @Override
    public void configure(Map<String, ?> props) {
        HeaderToFieldConfig config = new HeaderToFieldConfig(props);
        mappings = config.mappings();
        writer = new HeaderFieldWriter(mappings);
    }

    @Override
    public R apply(R record) {
        if (record == null || DeadLetterRouter.isDeadLetter(record)
                || !(record.value() instanceof Struct || record.value() instanceof Map<?, ?>)) {
            // Tombstones and other values have no fields to add to.
            return record;
        }
        Headers headers = record.headers().duplicate();
        headers.remove(ERROR_HEADER); // a reason the event brought along is not ours
        Map<String, Object> values = new HashMap<>();
        for (HeaderMapping m : mappings) {
            Header header = record.headers().lastWithName(m.header());
            if (header == null || header.value() == null) {
                continue;
            }
            try {
                values.put(m.field(), HeaderValueConverter.convert(header.value(), m.type()));
            } catch (RuntimeException e) {
                headers.addString(ERROR_HEADER, "header '" + m.header() + "' -> field '" + m.field() + "' ("
                        + m.type().label() + "): " + reason(e));
            }
        }
        Object value = record.value();
        try {
            if (value instanceof Struct struct) {
                Struct out = writer.write(struct, values);
                return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                        out.schema(), out, record.timestamp(), headers);
            }
            return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                    record.valueSchema(), writer.write((Map<?, ?>) value, values), record.timestamp(), headers);
        } catch (RuntimeException e) {
            // The value cannot take the fields (e.g. a Struct missing a required field): keep it as it is, marked;
            // throwing here would fail the task on the same record at every restart.
            headers.addString(ERROR_HEADER, "value left unchanged: " + e.getClass().getSimpleName());
            return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                    record.valueSchema(), value, record.timestamp(), headers);
        }
    }

    /** The converter's own reasons are safe to show; any other exception is named by class only. */
    private static String reason(RuntimeException e) {
        return e.getClass() == IllegalArgumentException.class ? e.getMessage()
                : "conversion failed: " + e.getClass().getSimpleName();
    }

    @Override
    public ConfigDef config() {
        return HeaderToFieldConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void close() {
    }
}
