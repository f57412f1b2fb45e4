package dev.medallion.smt.json;

import dev.medallion.smt.dlq.DeadLetterConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.Map;

/** Configuration of {@link ParseJson}: only the dead-letter keys. */
public final class ParseJsonConfig extends AbstractConfig {
    public static final ConfigDef CONFIG_DEF = DeadLetterConfig.define(new ConfigDef());

    public ParseJsonConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }
}
