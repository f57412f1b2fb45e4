package dev.medallion.smt.anomaly;

import dev.medallion.common.PluginVersion;
import dev.medallion.smt.dlq.DeadLetterRouter;
import dev.medallion.smt.field.FieldPath;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flags statistical outliers of a numeric field: per key, an exponentially weighted mean and variance, and a z-score
 * threshold ({@link EwmaDetector}). Writes headers {@code anomaly.flag} (boolean) and {@code anomaly.zscore} (double,
 * absent during warm-up), optionally a boolean field on schemaless values. Records without a numeric value pass
 * unflagged (without the output field). Several instances chain, one per measure, each with its own output field. State lives in the task (bounded by {@code max.keys}) and restarts empty after a rebalance.
 */
public class FlagAnomaly<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
    public static final String FLAG_HEADER = "anomaly.flag";
    public static final String ZSCORE_HEADER = "anomaly.zscore";

    private FieldPath field;
    private FieldPath keyField;
    private String outputField;
    private EwmaDetector detector;

    @Override
    public void configure(Map<String, ?> props) {
        FlagAnomalyConfig config = new FlagAnomalyConfig(props);
        field = FieldPath.of(config.getString(FlagAnomalyConfig.FIELD_CONFIG));
        String key = config.getString(FlagAnomalyConfig.KEY_FIELD_CONFIG);
        keyField = key.isBlank() ? null : FieldPath.of(key);
        outputField = config.getString(FlagAnomalyConfig.OUTPUT_FIELD_CONFIG);
        detector = new EwmaDetector(config.getDouble(FlagAnomalyConfig.ALPHA_CONFIG),
                config.getDouble(FlagAnomalyConfig.THRESHOLD_CONFIG), config.getInt(FlagAnomalyConfig.WARMUP_CONFIG),
                config.getInt(FlagAnomalyConfig.MAX_KEYS_CONFIG));
    }

    @Override
    public R apply(R record) {
        if (record == null || record.value() == null || DeadLetterRouter.isDeadLetter(record)) {
            return record;
        }
        Object value = record.value();
        if (!(field.get(value) instanceof Number number)) {
            return withoutOutputField(record);
        }
        String key = keyField == null ? "" : String.valueOf(keyField.get(value));
        EwmaDetector.Score score = detector.observe(key, number.doubleValue());
        Headers headers = record.headers().duplicate();
        headers.remove(FLAG_HEADER);
        headers.remove(ZSCORE_HEADER);
        headers.addBoolean(FLAG_HEADER, score.anomaly());
        if (!Double.isNaN(score.zScore())) {
            headers.addDouble(ZSCORE_HEADER, score.zScore());
        }
        Object newValue = value;
        if (!outputField.isBlank() && value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), v));
            copy.put(outputField, score.anomaly());
            newValue = copy;
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                record.valueSchema(), newValue, record.timestamp(), headers);
    }

    /**
     * A record without a measure (e.g. revenue of a page view) gets no flag: the output field stays absent, and one
     * the value brought along is removed, so a flag in the value is always this transform's.
     */
    private R withoutOutputField(R record) {
        if (outputField.isBlank() || !(record.value() instanceof Map<?, ?> map) || !map.containsKey(outputField)) {
            return record;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        copy.remove(outputField);
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                record.valueSchema(), copy, record.timestamp(), record.headers().duplicate());
    }

    /** Live keys, for tests. */
    int keys() {
        return detector.keys();
    }

    @Override
    public ConfigDef config() {
        return FlagAnomalyConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void close() {
    }
}
