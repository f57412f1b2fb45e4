package dev.medallion.serving.query;

import dev.medallion.serving.batch.BatchSnapshot;
import dev.medallion.serving.batch.HourlyRow;
import dev.medallion.serving.model.MetricAggregate;
import dev.medallion.serving.model.SeriesKey;
import dev.medallion.serving.speed.CleanEvent;
import dev.medallion.serving.speed.InMemorySpeedView;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class QueryMergerTest {
    private static final long H = 490_000;                 // an epoch hour
    private static final SeriesKey VIEW_EU = new SeriesKey("page_view", "eu");
    private static final SeriesKey BUY_US = new SeriesKey("purchase", "us");

    private final InMemorySpeedView speed = new InMemorySpeedView();
    private final QueryMerger merger = new QueryMerger(10_000);

    private static CleanEvent event(SeriesKey s, long epochMinute, int secondOfMinute, long responseMs, Double revenue) {
        return new CleanEvent(s.eventType(), s.region(), Instant.ofEpochSecond(epochMinute * 60 + secondOfMinute),
                false, 10L, 20L, responseMs, revenue);
    }

    private static BatchSnapshot batch(OptionalLong w, HourlyRow... rows) {
        TreeMap<Long, Map<SeriesKey, HourlyRow>> hours = new TreeMap<>();
        for (HourlyRow r : rows) {
            hours.computeIfAbsent(r.epochHour(), h -> new HashMap<>()).put(r.series(), r);
        }
        return new BatchSnapshot(7, w, hours, Map.of(), Instant.EPOCH, Instant.EPOCH);
    }

    private static HourlyRow row(long hour, SeriesKey s, long count, double exactP95, double... responses) {
        MetricAggregate a = MetricAggregate.empty();
        for (int i = 0; i < count; i++) {
            a.add(false, 10L, 20L, (long) responses[i % responses.length], null);
        }
        return new HourlyRow(hour, s, a, exactP95);
    }

    private static MetricsQuery query(long fromMinute, long toMinute, Granularity g) {
        return new MetricsQuery(fromMinute, toMinute, g, null, null, true, true);
    }

    @Test
    void hoursBeforeTheBoundaryComeFromBatchAndTheBoundaryHourFromSpeed() {
        // Edge: W = H+1. The last minute of hour H (batch) and the first minute of hour H+1 (speed).
        speed.add(event(VIEW_EU, (H + 1) * 60, 0, 100, null));
        BatchSnapshot b = batch(OptionalLong.of(H + 1), row(H, VIEW_EU, 5, 42.0, 40));

        MetricsResult r = merger.query(query(H * 60 + 59, (H + 1) * 60 + 1, Granularity.MINUTE), b, speed, 0);

        assertThat(r.boundaryEpochHour()).hasValue(H + 1);
        assertThat(r.buckets()).hasSize(2);
        Bucket batchHour = r.buckets().get(0);
        assertThat(batchHour.source()).isEqualTo(Source.BATCH);
        assertThat(batchHour.startMinute()).isEqualTo(H * 60);
        assertThat(batchHour.endMinute()).isEqualTo((H + 1) * 60);   // batch's grain is the hour
        assertThat(batchHour.aggregate().eventCount()).isEqualTo(5);
        Bucket speedMinute = r.buckets().get(1);
        assertThat(speedMinute.source()).isEqualTo(Source.SPEED);
        assertThat(speedMinute.startMinute()).isEqualTo((H + 1) * 60);
        assertThat(speedMinute.endMinute()).isEqualTo((H + 1) * 60 + 1);
        assertThat(speedMinute.aggregate().eventCount()).isEqualTo(1);
    }

    @Test
    void anHourInBothViewsIsCountedOnceFromBatch() {
        // The speed view still holds hour H (not evicted yet) while batch has finalised it: never add both.
        for (int m = 0; m < 60; m++) {
            speed.add(event(VIEW_EU, H * 60 + m, 1, 50, 2.0));
        }
        BatchSnapshot b = batch(OptionalLong.of(H + 1), row(H, VIEW_EU, 60, 50.0, 50));

        MetricsResult r = merger.query(query(H * 60, (H + 1) * 60, Granularity.HOUR), b, speed, 0);

        assertThat(r.buckets()).singleElement().satisfies(bucket -> {
            assertThat(bucket.source()).isEqualTo(Source.BATCH);
            assertThat(bucket.aggregate().eventCount()).isEqualTo(60);
            assertThat(bucket.aggregate().revenueSum()).isNull();    // batch's row had no revenue: not speed's 120
        });
    }

    @Test
    void lateEventsAfterTheBoundaryAreServedFromSpeedAndBeforeItOnlyFromBatch() {
        // A late event for minute (H+1):05 arrives after (H+1):30 — the speed view adds it to its own minute.
        speed.add(event(VIEW_EU, (H + 1) * 60 + 30, 0, 10, null));
        speed.add(event(VIEW_EU, (H + 1) * 60 + 5, 0, 10, null));
        // A late event of hour H, which batch already covers, is left out (its hour is batch's).
        speed.add(event(VIEW_EU, H * 60 + 10, 0, 10, null));
        BatchSnapshot b = batch(OptionalLong.of(H + 1), row(H, VIEW_EU, 3, 10.0, 10));

        MetricsResult r = merger.query(query(H * 60, (H + 2) * 60, Granularity.HOUR), b, speed, 0);

        assertThat(r.buckets()).extracting(x -> x.source() + ":" + x.startMinute() + ":" + x.aggregate().eventCount())
                .containsExactly("BATCH:" + H * 60 + ":3", "SPEED:" + (H + 1) * 60 + ":2");
    }

    @Test
    void whenBatchLagsTheSpeedViewServesEveryHourAfterTheBoundaryWithoutGap() {
        // W = H+1 but it is now H+5: hours H+1..H+4 are all still in the speed view.
        for (long h = H + 1; h < H + 5; h++) {
            speed.add(event(BUY_US, h * 60 + 7, 0, 30, 1.5));
        }
        BatchSnapshot b = batch(OptionalLong.of(H + 1), row(H, BUY_US, 2, 30.0, 30));

        MetricsResult r = merger.query(query(H * 60, (H + 5) * 60, Granularity.HOUR), b, speed, (H + 1) * 60);

        assertThat(r.gapMinutes()).isEmpty();
        assertThat(r.buckets()).extracting(Bucket::source)
                .containsExactly(Source.BATCH, Source.SPEED, Source.SPEED, Source.SPEED, Source.SPEED);
        assertThat(r.buckets()).extracting(x -> x.aggregate().eventCount()).containsExactly(2L, 1L, 1L, 1L, 1L);
    }

    @Test
    void minutesTheSpeedViewEvictedPastItsMaxAgeAreReportedAsAGap() {
        BatchSnapshot b = batch(OptionalLong.of(H + 1));
        MetricsResult r = merger.query(query(H * 60, (H + 3) * 60, Granularity.HOUR), b, speed, (H + 2) * 60);
        assertThat(r.gapMinutes()).singleElement().satisfies(g -> assertThat(g).containsExactly((H + 1) * 60, (H + 2) * 60));
    }

    @Test
    void withoutABoundaryEverythingComesFromSpeed() {
        speed.add(event(VIEW_EU, H * 60, 0, 10, null));
        MetricsResult r = merger.query(query(H * 60, (H + 1) * 60, Granularity.HOUR),
                BatchSnapshot.none(Instant.EPOCH), speed, 0);
        assertThat(r.boundaryEpochHour()).isEmpty();
        assertThat(r.buckets()).singleElement().extracting(Bucket::source).isEqualTo(Source.SPEED);
    }

    @Test
    void aDayBucketAcrossTheBoundaryAddsBatchHoursAndSpeedMinutesOnceEach() {
        long day = Math.floorDiv(H, 24) * 24;        // hour H's day
        speed.add(event(VIEW_EU, (H + 1) * 60, 0, 10, 1.0));
        speed.add(event(BUY_US, (H + 1) * 60 + 1, 0, 10, 2.0));
        BatchSnapshot b = batch(OptionalLong.of(H + 1), row(H, VIEW_EU, 4, 10.0, 10), row(H, BUY_US, 6, 10.0, 10));

        MetricsQuery all = new MetricsQuery(day * 60, (day + 24) * 60, Granularity.DAY, null, null, false, false);
        MetricsResult r = merger.query(all, b, speed, 0);

        assertThat(r.buckets()).singleElement().satisfies(bucket -> {
            assertThat(bucket.source()).isEqualTo(Source.MIXED);
            assertThat(bucket.aggregate().eventCount()).isEqualTo(12);
            assertThat(bucket.aggregate().revenueSum()).isEqualTo(3.0);
            assertThat(bucket.series()).isEqualTo(SeriesKey.ALL);
            assertThat(bucket.p95Exact()).isFalse();
        });
    }

    @Test
    void filtersSelectOneSeries() {
        BatchSnapshot b = batch(OptionalLong.of(H + 1), row(H, VIEW_EU, 4, 10.0, 10), row(H, BUY_US, 6, 10.0, 10));
        MetricsQuery q = new MetricsQuery(H * 60, (H + 1) * 60, Granularity.HOUR, "purchase", null, true, true);
        assertThat(merger.query(q, b, speed, 0).buckets()).singleElement()
                .satisfies(bucket -> assertThat(bucket.aggregate().eventCount()).isEqualTo(6));
    }

    @Test
    void p95IsExactForOneBatchRowAndTheMergedDigestOtherwise() {
        double[] responses = new double[100];
        for (int i = 0; i < 100; i++) {
            responses[i] = i + 1;      // 1..100
        }
        BatchSnapshot b = batch(OptionalLong.of(H + 2), row(H, VIEW_EU, 100, 95.05, responses),
                row(H + 1, VIEW_EU, 100, 95.05, responses));

        MetricsResult hourly = merger.query(query(H * 60, (H + 2) * 60, Granularity.HOUR), b, speed, 0);
        assertThat(hourly.buckets()).allSatisfy(bucket -> {
            assertThat(bucket.p95Exact()).isTrue();
            assertThat(bucket.p95ResponseTimeMs()).isEqualTo(95.05);
        });

        MetricsResult daily = merger.query(new MetricsQuery(H * 60, (H + 2) * 60, Granularity.DAY, null, null, true,
                true), b, speed, 0);
        // Both hours may share a day or not; either way the p95 is the merged digest's estimate, not an average.
        assertThat(daily.buckets()).allSatisfy(bucket -> {
            assertThat(bucket.p95Exact()).isEqualTo(bucket.aggregate().eventCount() == 100);
            assertThat(bucket.p95ResponseTimeMs()).isBetween(94.0, 97.0);
        });
    }

    @Test
    void resultsAreCutAtTheBucketLimitAndSaySo() {
        for (int m = 0; m < 30; m++) {
            speed.add(event(VIEW_EU, H * 60 + m, 0, 10, null));
        }
        MetricsResult r = new QueryMerger(10).query(query(H * 60, (H + 1) * 60, Granularity.MINUTE),
                BatchSnapshot.none(Instant.EPOCH), speed, 0);
        assertThat(r.truncated()).isTrue();
        assertThat(r.buckets()).hasSize(10);
    }

    @Test
    void topNRanksByEventCountOverBothViews() {
        speed.add(event(VIEW_EU, (H + 1) * 60, 0, 10, null));
        speed.add(event(VIEW_EU, (H + 1) * 60, 1, 10, null));
        BatchSnapshot b = batch(OptionalLong.of(H + 1), row(H, VIEW_EU, 4, 10.0, 10), row(H, BUY_US, 5, 10.0, 10));
        List<Map.Entry<String, MetricAggregate>> top = merger.top(query(H * 60, (H + 2) * 60, Granularity.HOUR),
                true, 1, b, speed, 0);
        assertThat(top).singleElement().satisfies(e -> {
            assertThat(e.getKey()).isEqualTo("page_view");
            assertThat(e.getValue().eventCount()).isEqualTo(6);
        });
    }
}
