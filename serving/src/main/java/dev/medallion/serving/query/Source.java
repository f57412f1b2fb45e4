package dev.medallion.serving.query;

/** Which view served a bucket. MIXED: a day bucket whose hours straddle the boundary (each hour from one side). */
public enum Source {
    BATCH, SPEED, MIXED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    Source with(Source other) {
        return this == other ? this : MIXED;
    }
}
