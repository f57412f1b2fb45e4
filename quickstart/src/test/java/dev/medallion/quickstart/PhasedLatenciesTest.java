package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhasedLatenciesTest {

    @Test
    void onlyEventsPublishedFromTheEndOfTheWarmUpOnCountAsWarm() {
        PhasedLatencies latencies = new PhasedLatencies();
        latencies.record(500, 9_000);       // before the warm-up was set: counted in all only
        latencies.warmUpUntil(1_000);
        latencies.record(999, 8_000);
        latencies.record(1_000, 300);
        latencies.record(2_000, 700);

        assertThat(latencies.all()).isEqualTo(LatencySummary.of(new long[] {9_000, 8_000, 300, 700}));
        assertThat(latencies.afterWarmUp()).isEqualTo(LatencySummary.of(new long[] {300, 700}));
    }

    @Test
    void withoutAWarmUpNothingCountsAsWarm() {
        PhasedLatencies latencies = new PhasedLatencies();
        latencies.record(Long.MAX_VALUE - 1, 5);
        assertThat(latencies.all().count()).isEqualTo(1);
        assertThat(latencies.afterWarmUp()).isEqualTo(LatencySummary.EMPTY);
    }
}
