package dev.medallion.serving.batch;

import io.delta.kernel.defaults.engine.DefaultEngine;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch view over a real (Kernel-written, local) gold/hourly_metrics table. */
class BatchViewTest {
    private static final long H = 490_000;

    @TempDir
    Path lake;

    private BatchView view() {
        KernelTableReader reader = new KernelTableReader(DefaultEngine.create(new Configuration()));
        return new BatchView(new HourlyMetricsReader(reader), new DataQualityReader(reader),
                lake.resolve("gold/hourly_metrics").toUri().toString(),
                lake.resolve("gold/data_quality").toUri().toString(),
                Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void withoutATableThereIsNoBoundary() {
        BatchView view = view();
        assertThat(view.refresh()).isFalse();
        assertThat(view.current().boundaryEpochHour()).isEmpty();
        assertThat(view.current().tableVersion()).isEqualTo(-1);
        assertThat(view.lastError()).isNull();
    }

    @Test
    void readsRowsAndTheBoundaryFromTheTxnAndRefreshesOnlyOnANewVersion() {
        HourlyMetricsTable table = new HourlyMetricsTable(lake.resolve("gold/hourly_metrics"));
        table.create();
        BatchView view = view();
        assertThat(view.refresh()).isTrue();
        assertThat(view.current().tableVersion()).isZero();
        assertThat(view.current().boundaryEpochHour()).isEmpty();   // created, no hour written yet

        table.commitHour(H, List.of(
                new HourlyMetricsTable.Group("purchase", "eu", 1, new long[]{10, 30}, new long[]{5, 5, 5},
                        new long[]{100, 200, 300}, 12.5, 290.0),
                new HourlyMetricsTable.Group("page_view", "us", 0, new long[]{}, new long[]{}, new long[]{50}, null,
                        50.0)));
        assertThat(view.refresh()).isTrue();
        BatchSnapshot s = view.current();
        assertThat(s.tableVersion()).isEqualTo(1);
        assertThat(s.boundaryEpochHour()).hasValue(H + 1);
        assertThat(s.hours()).containsOnlyKeys(H);
        HourlyRow purchase = s.hours().get(H).get(new dev.medallion.serving.model.SeriesKey("purchase", "eu"));
        assertThat(purchase.aggregate().eventCount()).isEqualTo(3);
        assertThat(purchase.aggregate().lateEventCount()).isEqualTo(1);
        assertThat(purchase.aggregate().avgLatencyMs()).isEqualTo(20.0);
        assertThat(purchase.aggregate().avgProcessingTimeMs()).isEqualTo(5.0);
        assertThat(purchase.aggregate().revenueSum()).isEqualTo(12.5);
        assertThat(purchase.aggregate().responseTimeSamples()).isEqualTo(3);
        assertThat(purchase.exactP95ResponseTimeMs()).isEqualTo(290.0);
        HourlyRow views = s.hours().get(H).get(new dev.medallion.serving.model.SeriesKey("page_view", "us"));
        assertThat(views.aggregate().avgLatencyMs()).isNull();
        assertThat(views.aggregate().revenueSum()).isNull();

        assertThat(view.refresh()).isFalse();               // same version: nothing re-read
        assertThat(view.current()).isSameAs(s);

        table.commitHour(H + 1, List.of());                 // an hour without events: only the txn moves
        assertThat(view.refresh()).isTrue();
        assertThat(view.current().boundaryEpochHour()).hasValue(H + 2);
        assertThat(view.current().hours()).containsOnlyKeys(H);
    }

    @Test
    void theLatestQualityScorePerTableComesWithTheSnapshot() {
        io.delta.kernel.types.StructType schema = new io.delta.kernel.types.StructType()
                .add("table_name", io.delta.kernel.types.StringType.STRING)
                .add("date", io.delta.kernel.types.DateType.DATE)
                .add("run_at", io.delta.kernel.types.TimestampType.TIMESTAMP)
                .add("expectation", io.delta.kernel.types.StringType.STRING)
                .add("passed", io.delta.kernel.types.BooleanType.BOOLEAN)
                .add("failed_rows", io.delta.kernel.types.LongType.LONG)
                .add("checked_rows", io.delta.kernel.types.LongType.LONG)
                .add("quality_score", io.delta.kernel.types.DoubleType.DOUBLE)
                .add("threshold", io.delta.kernel.types.DoubleType.DOUBLE);
        HourlyMetricsTable quality = new HourlyMetricsTable(lake.resolve("gold/data_quality"), schema);
        quality.create();
        long day = java.time.LocalDate.parse("2026-12-02").toEpochDay();
        long run1 = Instant.parse("2026-12-03T01:00:00Z").toEpochMilli() * 1000;
        long run2 = Instant.parse("2026-12-03T02:00:00Z").toEpochMilli() * 1000;
        quality.append(List.of(
                new Object[]{"silver/events", (int) day, run1, "not_null", true, 0L, 100L, 0.99, 0.998},
                new Object[]{"silver/events", (int) day, run2, "not_null", true, 0L, 100L, 0.9995, 0.998},
                new Object[]{"silver/events", (int) day, run2, "range", true, 0L, 100L, 0.9995, 0.998},
                new Object[]{"bronze/events", (int) day, run1, "not_null", false, 5L, 100L, 0.95, 0.998}));
        BatchView view = view();
        assertThat(view.refresh()).isTrue();
        assertThat(view.current().quality()).containsOnlyKeys("silver/events", "bronze/events");
        QualityScore silver = view.current().quality().get("silver/events");
        assertThat(silver.score()).isEqualTo(0.9995);
        assertThat(silver.runAt()).isEqualTo(Instant.parse("2026-12-03T02:00:00Z"));
        assertThat(silver.date()).isEqualTo(java.time.LocalDate.parse("2026-12-02"));
        assertThat(silver.threshold()).isEqualTo(0.998);
        assertThat(view.current().quality().get("bronze/events").score()).isEqualTo(0.95);
        assertThat(view.refresh()).isFalse();
    }
}
