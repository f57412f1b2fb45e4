package dev.medallion.batch.hourly;

import com.tdunning.math.stats.MergingDigest;
import dev.medallion.batch.TestSpark;
import dev.medallion.batch.DeltaTables;
import dev.medallion.batch.Lakehouse;
import dev.medallion.batch.SilverFixture;
import dev.medallion.batch.SilverFixture.Event;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Silver → gold/hourly_metrics against a plain-Java computation of the same rows; txn progress; idempotency. */
class HourlyMetricsJobTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
    }

    static List<Event> events(Instant hour, int n, long seed) {
        Random r = new Random(seed);
        String[] types = {"purchase", "click", "review"};
        String[] regions = {"westeurope", "eastus", null};
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String type = types[r.nextInt(types.length)];
            out.add(new Event(hour + "-" + i, type, regions[r.nextInt(regions.length)],
                    hour.plusMillis(r.nextInt(3_600_000)),
                    type.equals("purchase") && r.nextBoolean() ? Math.round(r.nextDouble() * 10_000) / 100.0 : null,
                    r.nextInt(10) == 0 ? null : (long) r.nextInt(500),
                    r.nextInt(20) == 0 ? null : (long) r.nextInt(2_000),
                    (long) r.nextInt(50), r.nextInt(8) == 0, null));
        }
        return out;
    }

    @Test
    void writesEachCompleteHourOnceWithTheMetricsOfEveryDistinctEvent(@TempDir Path dir) {
        Lakehouse lakehouse = Lakehouse.at(dir.toString());
        String silver = lakehouse.table(Lakehouse.SILVER_EVENTS);
        String gold = lakehouse.table(Lakehouse.GOLD_HOURLY_METRICS);
        Instant h12 = Instant.parse("2026-12-03T12:00:00Z");
        Instant h14 = h12.plus(2, ChronoUnit.HOURS);
        List<Event> rows = new ArrayList<>(events(h12, 300, 1));
        rows.addAll(events(h14, 200, 2));   // 13:00 stays empty
        rows.add(rows.get(5));              // a copy of one event (same id and time): counted once
        rows.add(new Event("edge", "click", "eastus", h14.plusMillis(3_599_999), null, 1L, 1L, 1L, false, null));
        rows.add(new Event("next", "click", "eastus", h14.plus(1, ChronoUnit.HOURS), null, 1L, 1L, 1L, false, null));
        SilverFixture.append(spark, silver, rows);

        // 15:04:59: 14:00 closes at 15:00 and is eligible at 15:05 with the 5-minute grace.
        HourlyMetricsJob.Result early = job(lakehouse, "2026-12-03T15:04:59Z").run(HourlyMetricsJob.Request.pending());
        assertThat(early.written()).extracting(HourlyMetricsJob.HourWritten::hour)
                .containsExactly(h12, h12.plus(1, ChronoUnit.HOURS));
        assertThat(early.written().get(1).rows()).isZero();

        HourlyMetricsJob.Result result = job(lakehouse, "2026-12-03T15:06:00Z").run(HourlyMetricsJob.Request.pending());
        assertThat(result.written()).extracting(HourlyMetricsJob.HourWritten::hour).containsExactly(h14);
        // One commit per hour, the empty 13:00 included (it carries only the txn), and the txn version is the
        // epoch hour of 14:00: the serving boundary is 15:00.
        assertThat(DeltaTables.version(spark, gold)).isEqualTo(2);
        assertThat(DeltaTables.txnVersion(spark, gold, HourlyMetricsJob.TXN_APP_ID))
                .hasValue(h14.getEpochSecond() / 3600);

        Map<List<Object>, Expected> expected = expected(rows, h12, h14.plus(1, ChronoUnit.HOURS));
        List<Row> actual = spark.read().format("delta").load(gold).collectAsList();
        assertThat(spark.read().format("delta").load(gold).columns()).containsExactly(
                HourlyMetricsJob.SCHEMA.fieldNames());
        assertThat(actual).hasSize(expected.size());
        long late = 0;
        for (Row row : actual) {
            List<Object> key = Arrays.asList(row.getAs("window_start"), row.<String>getAs("event_type"),
                    row.<String>getAs("region"));
            Expected e = expected.get(key);
            assertThat(e).as("group %s", key).isNotNull();
            assertThat(row.<Instant>getAs("window_end")).isEqualTo(row.<Instant>getAs("window_start").plusSeconds(3600));
            assertThat(row.<Long>getAs("event_count")).as("count %s", key).isEqualTo(e.count);
            assertThat(row.<Long>getAs("late_event_count")).isEqualTo(e.late);
            assertThat(row.<Long>getAs("latency_ms_sum")).isEqualTo(e.latencySum);
            assertThat(row.<Double>getAs("avg_latency_ms")).isCloseTo((double) e.latencySum / e.latencyN, within(1e-9));
            assertThat(row.<Long>getAs("processing_time_ms_sum")).isEqualTo(e.processingSum);
            assertThat(row.<Double>getAs("p95_response_time_ms")).isCloseTo(e.p95(), within(1e-9));
            if (e.revenue == null) {
                assertThat(row.<Double>getAs("revenue_sum")).isNull();
            } else {
                assertThat(row.<Double>getAs("revenue_sum")).isCloseTo(e.revenue, within(1e-6));
            }
            MergingDigest digest = MergingDigest.fromBytes(ByteBuffer.wrap(row.getAs("response_time_digest")));
            assertThat(digest.size()).isEqualTo(e.responseTimes.size());
            assertThat(row.<Instant>getAs("computed_at")).isNotNull();
            late += e.late;
        }
        assertThat(late).as("late arrivals are in the batch view").isPositive();
        assertThat(actual.stream().mapToLong(r -> r.<Long>getAs("event_count")).sum())
                .isEqualTo(500 + 1);   // 300 + 200 distinct events plus the one at 14:59:59.999; not the copy nor 15:00

        // Idempotent: a second run, and a re-run of a written hour, commit nothing.
        HourlyMetricsJob.Result again = job(lakehouse, "2026-12-03T15:30:00Z").run(HourlyMetricsJob.Request.pending());
        assertThat(again.written()).isEmpty();
        HourlyMetricsJob.Result rerun = job(lakehouse, "2026-12-03T18:00:00Z").run(new HourlyMetricsJob.Request(
                Optional.of(h12), Optional.empty(), Duration.ofMinutes(5), 744));
        assertThat(rerun.written()).isEmpty();
        assertThat(rerun.alreadyWritten()).containsExactly(h12);
        assertThat(DeltaTables.version(spark, gold)).isEqualTo(2);
        assertThat(spark.read().format("delta").load(gold).count()).isEqualTo(actual.size());

        // Even a write that bypasses the plan with an old txnVersion is dropped by Delta itself.
        spark.read().format("delta").load(gold).write().format("delta").mode("append")
                .option("txnAppId", HourlyMetricsJob.TXN_APP_ID).option("txnVersion", h12.getEpochSecond() / 3600)
                .save(gold);
        assertThat(spark.read().format("delta").load(gold).count()).isEqualTo(actual.size());
    }

    static HourlyMetricsJob job(Lakehouse lakehouse, String now) {
        Instant instant = Instant.parse(now);
        return new HourlyMetricsJob(spark, lakehouse, Clock.fixed(instant, ZoneOffset.UTC));
    }

    // The plain-Java side of the comparison.
    static final class Expected {
        long count;
        long late;
        Long latencySum;
        long latencyN;
        Long processingSum;
        Double revenue;
        final List<Long> responseTimes = new ArrayList<>();

        /** Linear interpolation between the closest ranks, as Spark's percentile does. */
        double p95() {
            List<Long> sorted = responseTimes.stream().sorted().toList();
            double pos = 0.95 * (sorted.size() - 1);
            int lo = (int) Math.floor(pos);
            int hi = (int) Math.ceil(pos);
            return sorted.get(lo) + (pos - lo) * (sorted.get(hi) - sorted.get(lo));
        }
    }

    static Map<List<Object>, Expected> expected(List<Event> rows, Instant from, Instant to) {
        Map<List<Object>, Event> distinct = new LinkedHashMap<>();
        for (Event e : rows) {
            if (!e.ts().isBefore(from) && e.ts().isBefore(to)) {
                distinct.putIfAbsent(List.of(e.eventId(), e.ts()), e);
            }
        }
        Map<List<Object>, Expected> groups = new HashMap<>();
        for (Event e : distinct.values()) {
            Expected g = groups.computeIfAbsent(Arrays.asList(e.ts().truncatedTo(ChronoUnit.HOURS), e.eventType(),
                    e.region()), k -> new Expected());
            g.count++;
            g.late += Boolean.TRUE.equals(e.late()) ? 1 : 0;
            if (e.latencyMs() != null) {
                g.latencySum = (g.latencySum == null ? 0 : g.latencySum) + e.latencyMs();
                g.latencyN++;
            }
            if (e.processingTimeMs() != null) {
                g.processingSum = (g.processingSum == null ? 0 : g.processingSum) + e.processingTimeMs();
            }
            if (e.revenue() != null) {
                g.revenue = (g.revenue == null ? 0 : g.revenue) + e.revenue();
            }
            if (e.responseTimeMs() != null) {
                g.responseTimes.add(e.responseTimeMs());
            }
        }
        return groups;
    }
}
