package dev.medallion.serving.batch;

import dev.medallion.serving.model.MetricAggregate;
import dev.medallion.serving.model.SeriesKey;

/** One row of {@code gold/hourly_metrics}: an hour of one series, with the batch job's exact p95. */
public record HourlyRow(long epochHour, SeriesKey series, MetricAggregate aggregate, Double exactP95ResponseTimeMs) {
}
