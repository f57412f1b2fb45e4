package dev.medallion.quickstart;

import java.util.Arrays;

/**
 * Percentiles of a set of latencies in milliseconds (nearest-rank method: the p-th percentile is the smallest value
 * that at least p % of the samples do not exceed), so every reported figure is a latency that was actually observed.
 */
public record LatencySummary(long count, long p50, long p95, long p99, long max) {

    /** The summary of no samples: every percentile is -1, which {@link #format(long)} prints as "n/a". */
    public static final LatencySummary EMPTY = new LatencySummary(0, -1, -1, -1, -1);

    /** Summarizes {@code samples} (the array is copied, not changed). */
    public static LatencySummary of(long[] samples) {
        if (samples.length == 0) {
            return EMPTY;
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new LatencySummary(sorted.length, percentile(sorted, 50), percentile(sorted, 95),
                percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile of an ascending array; {@code p} in (0, 100]. */
    static long percentile(long[] sorted, double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** "1234 ms" or "n/a". */
    public static String format(long millis) {
        return millis < 0 ? "n/a" : millis + " ms";
    }
}
