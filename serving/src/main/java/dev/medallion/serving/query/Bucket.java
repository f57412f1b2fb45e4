package dev.medallion.serving.query;

import dev.medallion.serving.model.MetricAggregate;
import dev.medallion.serving.model.SeriesKey;

/**
 * One merged bucket of a response.
 *
 * @param startMinute  epoch minute the bucket starts at (inclusive)
 * @param endMinute    epoch minute it ends at (exclusive); an hour wide for a batch bucket at 1m granularity
 * @param exactP95     the batch job's exact p95, when the bucket is exactly one batch row; else null and
 *                     {@code aggregate.p95ResponseTimeMs()} (t-digest estimate) applies
 */
public record Bucket(long startMinute, long endMinute, SeriesKey series, Source source, MetricAggregate aggregate,
                     Double exactP95) {

    public Double p95ResponseTimeMs() {
        return exactP95 != null ? exactP95 : aggregate.p95ResponseTimeMs();
    }

    public boolean p95Exact() {
        return exactP95 != null;
    }
}
