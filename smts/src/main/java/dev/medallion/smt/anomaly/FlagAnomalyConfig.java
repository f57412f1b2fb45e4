package dev.medallion.smt.anomaly;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.Map;

/** Configuration of {@link FlagAnomaly}. */
public final class FlagAnomalyConfig extends AbstractConfig {
    public static final String FIELD_CONFIG = "field";
    private static final String FIELD_DOC = "Path of the numeric field to watch, e.g. 'amount' or 'metrics.latency_ms'.";
    public static final String KEY_FIELD_CONFIG = "key.field";
    private static final String KEY_FIELD_DOC = "Path of the field whose value keys the statistics (e.g. 'device_id'"
            + " or 'event_type'); empty keeps one global statistic.";
    public static final String ALPHA_CONFIG = "alpha";
    private static final String ALPHA_DOC = "EWMA smoothing factor in (0, 1]: weight of the newest value. 0.05 remembers"
            + " roughly the last 40 values.";
    public static final String THRESHOLD_CONFIG = "zscore.threshold";
    private static final String THRESHOLD_DOC = "A value is an anomaly when |value - mean| / stddev reaches this.";
    public static final String WARMUP_CONFIG = "warmup.count";
    private static final String WARMUP_DOC = "Values a key must have seen before it can flag anything.";
    public static final String MAX_KEYS_CONFIG = "max.keys";
    private static final String MAX_KEYS_DOC = "Keys kept in memory per task; beyond it the least recently seen key is"
            + " forgotten. About 100 bytes per key.";
    public static final String OUTPUT_FIELD_CONFIG = "output.field";
    private static final String OUTPUT_FIELD_DOC = "Optional top-level boolean field to add to schemaless (Map) values;"
            + " headers anomaly.flag and anomaly.zscore are always written.";

    private static final String GROUP = "Anomaly";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(FIELD_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyStringWithoutControlChars(), ConfigDef.Importance.HIGH, FIELD_DOC, GROUP, 1,
                    ConfigDef.Width.MEDIUM, "Field")
            .define(KEY_FIELD_CONFIG, ConfigDef.Type.STRING, "", ConfigDef.Importance.MEDIUM, KEY_FIELD_DOC, GROUP, 2,
                    ConfigDef.Width.MEDIUM, "Key field")
            .define(ALPHA_CONFIG, ConfigDef.Type.DOUBLE, 0.05, ConfigDef.Range.between(0.0001, 1.0),
                    ConfigDef.Importance.MEDIUM, ALPHA_DOC, GROUP, 3, ConfigDef.Width.SHORT, "Alpha")
            .define(THRESHOLD_CONFIG, ConfigDef.Type.DOUBLE, 3.0, ConfigDef.Range.between(0.5, 100.0),
                    ConfigDef.Importance.MEDIUM, THRESHOLD_DOC, GROUP, 4, ConfigDef.Width.SHORT, "Z-score threshold")
            .define(WARMUP_CONFIG, ConfigDef.Type.INT, 30, ConfigDef.Range.between(2, 1_000_000),
                    ConfigDef.Importance.LOW, WARMUP_DOC, GROUP, 5, ConfigDef.Width.SHORT, "Warm-up")
            .define(MAX_KEYS_CONFIG, ConfigDef.Type.INT, 100_000, ConfigDef.Range.between(1, 10_000_000),
                    ConfigDef.Importance.LOW, MAX_KEYS_DOC, GROUP, 6, ConfigDef.Width.SHORT, "Max keys")
            .define(OUTPUT_FIELD_CONFIG, ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW, OUTPUT_FIELD_DOC, GROUP, 7,
                    ConfigDef.Width.MEDIUM, "Output field");

    public FlagAnomalyConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }
}
