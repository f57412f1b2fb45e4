package dev.medallion.serving.model;

import com.tdunning.math.stats.MergingDigest;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class MetricAggregateTest {

    @Test
    void averagesComeFromSumsAndRowCountsNotFromAveragesOfParts() {
        MetricAggregate a = MetricAggregate.empty();
        a.add(false, 10L, 1L, 5L, null);                 // one event at 10 ms
        MetricAggregate b = MetricAggregate.empty();
        for (int i = 0; i < 3; i++) {
            b.add(true, 30L, 1L, 5L, 2.5);               // three at 30 ms
        }
        a.merge(b);
        assertThat(a.avgLatencyMs()).isEqualTo(25.0);    // (10 + 90) / 4, not (10 + 30) / 2
        assertThat(a.eventCount()).isEqualTo(4);
        assertThat(a.lateEventCount()).isEqualTo(3);
        assertThat(a.revenueSum()).isEqualTo(7.5);
    }

    @Test
    void aBatchRowRecoversItsRowCountsSoItMergesWithSpeedData() {
        // 4 events, latency sum 100 over 2 rows with a latency (avg 50)
        MetricAggregate batch = MetricAggregate.ofBatchRow(4, 1, 100L, 50.0, 40L, 10.0, null, null);
        MetricAggregate speed = MetricAggregate.empty();
        speed.add(false, 20L, 10L, null, null);
        batch.merge(speed);
        assertThat(batch.avgLatencyMs()).isEqualTo(40.0);           // 120 / 3
        assertThat(batch.avgProcessingTimeMs()).isEqualTo(10.0);    // 50 / 5
        assertThat(batch.revenueSum()).isNull();
    }

    @Test
    void theDigestUsesTheBatchLayersEncoding() {
        MergingDigest digest = new MergingDigest(100);
        for (int i = 1; i <= 1000; i++) {
            digest.add(i);
        }
        ByteBuffer buffer = ByteBuffer.allocate(digest.byteSize());
        digest.asBytes(buffer);
        MetricAggregate fromBatch = MetricAggregate.ofBatchRow(1000, 0, null, null, null, null, null, buffer.array());
        assertThat(fromBatch.p95ResponseTimeMs()).isCloseTo(950.0, org.assertj.core.data.Offset.offset(5.0));
        MetricAggregate roundTrip = MetricAggregate.ofBatchRow(1000, 0, null, null, null, null, null,
                fromBatch.digestBytes());
        assertThat(roundTrip.responseTimeSamples()).isEqualTo(1000);
    }
}
