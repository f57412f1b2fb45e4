package dev.medallion.common.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Accepts 0 (which means {@code zeroMeans}, e.g. "off") or a value in [min, max]. */
public final class ZeroOrBetween implements ConfigDef.Validator {
    private final long min;
    private final long max;
    private final String zeroMeans;

    public ZeroOrBetween(long min, long max, String zeroMeans) {
        this.min = min;
        this.max = max;
        this.zeroMeans = zeroMeans;
    }

    @Override
    public void ensureValid(String name, Object value) {
        long v = value instanceof Number n ? n.longValue() : -1;
        if (v != 0 && (v < min || v > max)) {
            throw new ConfigException(name, value, "must be 0 (" + zeroMeans + ") or between " + min + " and " + max);
        }
    }

    @Override
    public String toString() {
        return "0 (" + zeroMeans + ") or [" + min + ",...," + max + "]";
    }
}
