package dev.medallion.smt.pii;

import dev.medallion.common.PluginVersion;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Masks e-mail addresses, phone numbers and card numbers inside string fields (named ones, or every string in the
 * value), keeping enough to stay useful (domain, last digits). Kafka's {@code MaskField} blanks whole fields; this
 * masks only the personal part of free text such as comments. Struct schemas are unchanged (strings stay strings).
 */
public class MaskPii<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
    private PiiMasker masker;
    private Set<String> fields;

    @Override
    public void configure(Map<String, ?> props) {
        MaskPiiConfig config = new MaskPiiConfig(props);
        masker = config.masker();
        fields = new HashSet<>(config.getList(MaskPiiConfig.FIELDS_CONFIG));
    }

    @Override
    public R apply(R record) {
        if (record == null || record.value() == null) {
            return record;
        }
        Object masked = maskValue(record.value(), true);
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                record.valueSchema(), masked, record.timestamp(), record.headers().duplicate());
    }

    private Object maskValue(Object value, boolean top) {
        if (value instanceof String s) {
            return fields.isEmpty() ? masker.mask(s) : s;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object v = e.getValue();
                out.put(e.getKey(), selected(top, String.valueOf(e.getKey()), v) ? masker.mask((String) v)
                        : fields.isEmpty() ? maskValue(v, false) : v);
            }
            return out;
        }
        if (value instanceof Struct struct) {
            Struct out = new Struct(struct.schema());
            for (Field f : struct.schema().fields()) {
                Object v = struct.get(f);
                out.put(f, selected(top, f.name(), v) ? masker.mask((String) v)
                        : fields.isEmpty() && f.schema().type() != Schema.Type.STRING ? maskValue(v, false) : v);
            }
            return out;
        }
        if (value instanceof List<?> list && fields.isEmpty()) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object v : list) {
                out.add(maskValue(v, false));
            }
            return out;
        }
        return value;
    }

    private boolean selected(boolean top, String name, Object value) {
        return value instanceof String && (fields.isEmpty() || top && fields.contains(name));
    }

    @Override
    public ConfigDef config() {
        return MaskPiiConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void close() {
    }
}
