package dev.medallion.serving.query;

import dev.medallion.serving.batch.BatchSnapshot;
import dev.medallion.serving.batch.HourlyRow;
import dev.medallion.serving.model.MetricAggregate;
import dev.medallion.serving.model.SeriesKey;
import dev.medallion.serving.speed.SpeedView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Merges the batch and speed views with an explicit time boundary W (epoch hour), as Pinot's hybrid tables and
 * Summingbird do: every hour before W is answered from the batch view only, every later minute from the speed view
 * only, so no key is ever counted from both sides. Until batch catches up the speed view keeps the minutes after W,
 * so a lagging batch layer leaves no gap. Buckets are sums of mergeable aggregates (counts, sums with row counts,
 * t-digests), never averages of averages.
 *
 * <p>p95: the batch view carries the exact p95 of each (hour, series); a bucket that is exactly one such row reports
 * it (p95_exact = true). Every other bucket merges t-digests (compression 100 on both sides) and reports the digest's
 * estimate, since percentiles of parts do not combine into the percentile of the whole.
 */
public final class QueryMerger {
    private final int maxBuckets;

    /** @param maxBuckets the most buckets (time bucket × series) a response carries; the rest is cut (truncated) */
    public QueryMerger(int maxBuckets) {
        this.maxBuckets = maxBuckets;
    }

    /**
     * @param speedRetainedFromMinute minutes before this one are no longer in the speed view (its eviction cut)
     */
    public MetricsResult query(MetricsQuery q, BatchSnapshot batch, SpeedView speed, long speedRetainedFromMinute) {
        Map<BucketKey, Accumulator> buckets = new HashMap<>();
        OptionalLong boundary = batch.boundaryEpochHour();
        long firstHour = Math.floorDiv(q.fromMinute(), 60);
        long lastHourExclusive = Math.floorDiv(q.toMinute() + 59, 60);
        long speedFrom = q.fromMinute();
        for (long hour = firstHour; hour < lastHourExclusive; hour++) {
            if (!batch.covers(hour)) {
                speedFrom = Math.max(q.fromMinute(), hour * 60);
                break;
            }
            speedFrom = Math.max(q.fromMinute(), (hour + 1) * 60);
            Map<SeriesKey, HourlyRow> rows = batch.hours().get(hour);
            if (rows == null) {
                continue;   // a final hour without events
            }
            for (HourlyRow row : rows.values()) {
                if (!row.series().matches(q.eventType(), q.region())) {
                    continue;
                }
                long start = q.granularity() == Granularity.MINUTE ? hour * 60 : q.granularity().bucketStart(hour * 60);
                long end = q.granularity() == Granularity.MINUTE ? start + 60 : start + q.granularity().minutes();
                add(buckets, q, start, end, row.series(), Source.BATCH, row.aggregate(), row.exactP95ResponseTimeMs());
            }
        }
        if (speedFrom < q.toMinute()) {
            NavigableMap<Long, Map<SeriesKey, MetricAggregate>> minutes = speed.range(speedFrom, q.toMinute());
            for (Map.Entry<Long, Map<SeriesKey, MetricAggregate>> minute : minutes.entrySet()) {
                long start = q.granularity().bucketStart(minute.getKey());
                for (Map.Entry<SeriesKey, MetricAggregate> series : minute.getValue().entrySet()) {
                    if (series.getKey().matches(q.eventType(), q.region())) {
                        add(buckets, q, start, start + q.granularity().minutes(), series.getKey(), Source.SPEED,
                                series.getValue(), null);
                    }
                }
            }
        }
        List<long[]> gaps = new ArrayList<>();
        if (speedFrom < q.toMinute() && speedRetainedFromMinute > speedFrom) {
            gaps.add(new long[]{speedFrom, Math.min(q.toMinute(), speedRetainedFromMinute)});
        }
        List<Bucket> out = new ArrayList<>(buckets.size());
        for (Map.Entry<BucketKey, Accumulator> e : buckets.entrySet()) {
            Accumulator a = e.getValue();
            out.add(new Bucket(e.getKey().start(), a.end, e.getKey().series(), a.source, a.aggregate,
                    a.parts == 1 ? a.exactP95 : null));
        }
        out.sort(Comparator.comparingLong(Bucket::startMinute)
                .thenComparing(b -> Objects.toString(b.series().eventType(), ""))
                .thenComparing(b -> Objects.toString(b.series().region(), "")));
        boolean truncated = out.size() > maxBuckets;
        List<Bucket> limited = truncated ? List.copyOf(out.subList(0, maxBuckets)) : out;
        return new MetricsResult(limited, boundary, batch.tableVersion(), gaps, truncated);
    }

    /** The top {@code n} values of one dimension over the query's range, by event count (ties: by name). */
    public List<Map.Entry<String, MetricAggregate>> top(MetricsQuery q, boolean byEventType, int n,
                                                        BatchSnapshot batch, SpeedView speed,
                                                        long speedRetainedFromMinute) {
        MetricsQuery whole = new MetricsQuery(q.fromMinute(), q.toMinute(), Granularity.DAY, q.eventType(), q.region(),
                byEventType, !byEventType);
        Map<String, MetricAggregate> totals = new LinkedHashMap<>();
        for (Bucket b : query(whole, batch, speed, speedRetainedFromMinute).buckets()) {
            String name = byEventType ? b.series().eventType() : b.series().region();
            totals.computeIfAbsent(name, k -> MetricAggregate.empty()).merge(b.aggregate());
        }
        return totals.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, MetricAggregate>>comparingLong(e -> -e.getValue().eventCount())
                        .thenComparing(e -> Objects.toString(e.getKey(), "")))
                .limit(n)
                .toList();
    }

    private static void add(Map<BucketKey, Accumulator> buckets, MetricsQuery q, long start, long end,
                            SeriesKey series, Source source, MetricAggregate aggregate, Double exactP95) {
        BucketKey key = new BucketKey(start, series.project(q.groupByEventType(), q.groupByRegion()));
        Accumulator acc = buckets.get(key);
        if (acc == null) {
            acc = new Accumulator(end, source);
            buckets.put(key, acc);
        } else {
            acc.source = acc.source.with(source);
            acc.end = Math.max(acc.end, end);
        }
        acc.aggregate.merge(aggregate);
        acc.parts++;
        acc.exactP95 = exactP95;
    }

    private record BucketKey(long start, SeriesKey series) {
    }

    private static final class Accumulator {
        final MetricAggregate aggregate = MetricAggregate.empty();
        long end;
        Source source;
        int parts;
        Double exactP95;

        Accumulator(long end, Source source) {
            this.end = end;
            this.source = source;
        }
    }
}
