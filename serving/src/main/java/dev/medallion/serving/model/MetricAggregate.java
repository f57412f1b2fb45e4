package dev.medallion.serving.model;

import com.tdunning.math.stats.MergingDigest;

import java.nio.ByteBuffer;

/**
 * Mergeable metrics of one bucket: counts, sums with the number of rows each sum covers, and a t-digest of the
 * response times (compression 100, the batch layer's encoding). Averages are derived at read time from sums and row
 * counts, so merging buckets never averages averages. Not thread-safe: owners synchronise.
 */
public final class MetricAggregate {
    public static final double DIGEST_COMPRESSION = 100;

    private long eventCount;
    private long lateEventCount;
    private long latencySum;
    private long latencyRows;
    private long processingTimeSum;
    private long processingTimeRows;
    private double revenueSum;
    private long revenueRows;
    private MergingDigest responseTimes;

    public static MetricAggregate empty() {
        return new MetricAggregate();
    }

    /**
     * The aggregate of one batch row. The batch view stores sums and averages (sum / rows with a value), so the row
     * counts are recovered as sum / average; an average of 0 (every value 0) leaves the count unknown and the
     * event count stands in for it (every clean event carries a latency and a processing time).
     */
    public static MetricAggregate ofBatchRow(long eventCount, long lateEventCount, Long latencySum, Double avgLatency,
                                             Long processingSum, Double avgProcessing, Double revenueSum,
                                             byte[] digest) {
        MetricAggregate a = new MetricAggregate();
        a.eventCount = eventCount;
        a.lateEventCount = lateEventCount;
        a.latencySum = latencySum == null ? 0 : latencySum;
        a.latencyRows = rowsOf(a.latencySum, avgLatency, eventCount);
        a.processingTimeSum = processingSum == null ? 0 : processingSum;
        a.processingTimeRows = rowsOf(a.processingTimeSum, avgProcessing, eventCount);
        if (revenueSum != null) {
            a.revenueSum = revenueSum;
            a.revenueRows = 1;   // only "has revenue" matters once merged: revenue is a sum, never an average
        }
        if (digest != null && digest.length > 0) {
            a.responseTimes = MergingDigest.fromBytes(ByteBuffer.wrap(digest));
        }
        return a;
    }

    /**
     * An aggregate rebuilt from its stored parts (the Redis speed view keeps each counter separately);
     * {@code responseTimes} may be null.
     */
    public static MetricAggregate restore(long eventCount, long lateEventCount, long latencySum, long latencyRows,
                                          long processingTimeSum, long processingTimeRows, double revenueSum,
                                          long revenueRows, MergingDigest responseTimes) {
        MetricAggregate a = new MetricAggregate();
        a.eventCount = eventCount;
        a.lateEventCount = lateEventCount;
        a.latencySum = latencySum;
        a.latencyRows = latencyRows;
        a.processingTimeSum = processingTimeSum;
        a.processingTimeRows = processingTimeRows;
        a.revenueSum = revenueSum;
        a.revenueRows = revenueRows;
        a.responseTimes = responseTimes;
        return a;
    }

    private static long rowsOf(long sum, Double average, long eventCount) {
        if (average == null || average.isNaN()) {
            return 0;
        }
        if (average == 0) {
            return eventCount;
        }
        return Math.round(sum / average);
    }

    /** Adds one clean event; null values are not counted in their sum's rows. */
    public void add(boolean late, Long latencyMs, Long processingTimeMs, Long responseTimeMs, Double revenue) {
        eventCount++;
        if (late) {
            lateEventCount++;
        }
        if (latencyMs != null) {
            latencySum += latencyMs;
            latencyRows++;
        }
        if (processingTimeMs != null) {
            processingTimeSum += processingTimeMs;
            processingTimeRows++;
        }
        if (revenue != null) {
            revenueSum += revenue;
            revenueRows++;
        }
        if (responseTimeMs != null) {
            digest().add(responseTimeMs);
        }
    }

    /** Adds {@code other} into this aggregate (a monoid: the order of merges does not change the counts or sums). */
    public void merge(MetricAggregate other) {
        eventCount += other.eventCount;
        lateEventCount += other.lateEventCount;
        latencySum += other.latencySum;
        latencyRows += other.latencyRows;
        processingTimeSum += other.processingTimeSum;
        processingTimeRows += other.processingTimeRows;
        revenueSum += other.revenueSum;
        revenueRows += other.revenueRows;
        if (other.responseTimes != null && other.responseTimes.size() > 0) {
            digest().add(other.responseTimes);
        }
    }

    public MetricAggregate copy() {
        MetricAggregate c = new MetricAggregate();
        c.merge(this);
        return c;
    }

    private MergingDigest digest() {
        if (responseTimes == null) {
            responseTimes = new MergingDigest(DIGEST_COMPRESSION);
        }
        return responseTimes;
    }

    public long eventCount() {
        return eventCount;
    }

    public long lateEventCount() {
        return lateEventCount;
    }

    public long latencySum() {
        return latencySum;
    }

    public long processingTimeSum() {
        return processingTimeSum;
    }

    public Double avgLatencyMs() {
        return latencyRows == 0 ? null : (double) latencySum / latencyRows;
    }

    public Double avgProcessingTimeMs() {
        return processingTimeRows == 0 ? null : (double) processingTimeSum / processingTimeRows;
    }

    /** Null when no event of the bucket had revenue. */
    public Double revenueSum() {
        return revenueRows == 0 ? null : revenueSum;
    }

    /** The t-digest estimate of the 95th percentile of response times; null without any. */
    public Double p95ResponseTimeMs() {
        return responseTimes == null || responseTimes.size() == 0 ? null : responseTimes.quantile(0.95);
    }

    public long responseTimeSamples() {
        return responseTimes == null ? 0 : responseTimes.size();
    }

    /** The digest in the batch layer's encoding ({@code MergingDigest.asBytes}); empty array without samples. */
    public byte[] digestBytes() {
        if (responseTimes == null) {
            return new byte[0];
        }
        ByteBuffer buffer = ByteBuffer.allocate(responseTimes.byteSize());
        responseTimes.asBytes(buffer);
        return buffer.array();
    }
}
