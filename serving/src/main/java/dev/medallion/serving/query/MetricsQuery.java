package dev.medallion.serving.query;

/**
 * A metrics question: the minutes [fromMinute, toMinute) (epoch minutes), bucketed by {@code granularity}, optionally
 * filtered to one event type and/or region, and grouped by the dimensions asked for (all series summed otherwise).
 */
public record MetricsQuery(long fromMinute, long toMinute, Granularity granularity, String eventType, String region,
                           boolean groupByEventType, boolean groupByRegion) {
}
