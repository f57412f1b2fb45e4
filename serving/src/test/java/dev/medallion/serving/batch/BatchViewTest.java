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
}
