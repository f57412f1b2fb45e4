package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencySummaryTest {

    @Test
    void nearestRankPercentilesOfOneToHundred() {
        long[] samples = LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray(); // unsorted on purpose
        LatencySummary summary = LatencySummary.of(samples);
        assertThat(summary).isEqualTo(new LatencySummary(100, 50, 95, 99, 100));
        assertThat(samples[0]).as("input is not sorted in place").isEqualTo(100);
    }

    @Test
    void percentilesAreObservedValues() {
        LatencySummary summary = LatencySummary.of(new long[] {10, 20, 30000});
        assertThat(summary.p50()).isEqualTo(20);
        assertThat(summary.p95()).isEqualTo(30000);
        assertThat(summary.p99()).isEqualTo(30000);
    }

    @Test
    void singleSampleAndEmpty() {
        assertThat(LatencySummary.of(new long[] {7})).isEqualTo(new LatencySummary(1, 7, 7, 7, 7));
        assertThat(LatencySummary.of(new long[0])).isEqualTo(LatencySummary.EMPTY);
        assertThat(LatencySummary.format(LatencySummary.EMPTY.p99())).isEqualTo("n/a");
        assertThat(LatencySummary.format(1234)).isEqualTo("1234 ms");
    }

    @Test
    void rejectsPercentilesOutOfRange() {
        assertThatThrownBy(() -> LatencySummary.percentile(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencySummary.percentile(new long[] {1}, 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recorderGrowsAndClampsNegativeClockSkew() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int i = 1; i <= 5000; i++) {
            recorder.record(i);
        }
        recorder.record(-3);
        assertThat(recorder.size()).isEqualTo(5001);
        LatencySummary summary = recorder.summary();
        assertThat(summary.max()).isEqualTo(5000);
        assertThat(summary.p50()).isEqualTo(2500);
    }
}
