package dev.medallion.serving.query;

import java.util.Locale;

/** Bucket widths the API serves. Below the boundary the finest grain is an hour (the batch view's). */
public enum Granularity {
    MINUTE("1m", 1), HOUR("1h", 60), DAY("1d", 1440);

    private final String label;
    private final long minutes;

    Granularity(String label, long minutes) {
        this.label = label;
        this.minutes = minutes;
    }

    public String label() {
        return label;
    }

    public long minutes() {
        return minutes;
    }

    /** Start (epoch minute) of the bucket holding {@code epochMinute}. */
    public long bucketStart(long epochMinute) {
        return Math.floorDiv(epochMinute, minutes) * minutes;
    }

    public static Granularity parse(String text) {
        for (Granularity g : values()) {
            if (g.label.equals(text.toLowerCase(Locale.ROOT))) {
                return g;
            }
        }
        throw new IllegalArgumentException("granularity must be one of 1m, 1h, 1d (was '" + text + "')");
    }
}
