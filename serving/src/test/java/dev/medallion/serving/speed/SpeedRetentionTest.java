package dev.medallion.serving.speed;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class SpeedRetentionTest {
    private final SpeedRetention retention = new SpeedRetention(Duration.ofHours(1), Duration.ofMinutes(5),
            Duration.ofHours(24));
    private static final Instant NOW = Instant.parse("2026-12-03T12:20:00Z");
    private static final long HOUR_12 = NOW.getEpochSecond() / 3600;

    @Test
    void evictsExactlyTheMinutesTheBoundaryCovers() {
        assertThat(retention.evictBeforeMinute(OptionalLong.of(HOUR_12), NOW)).isEqualTo(HOUR_12 * 60);
    }

    @Test
    void keepsUncoveredMinutesPastTheTtlAndOnlyDropsThemAtTheMaxAge() {
        // Batch stopped 10 hours ago: its minutes stay (no gap), only the 24 h cap applies.
        long evictBefore = retention.evictBeforeMinute(OptionalLong.of(HOUR_12 - 10), NOW);
        assertThat(evictBefore).isEqualTo((HOUR_12 - 10) * 60);
        long capped = retention.evictBeforeMinute(OptionalLong.of(HOUR_12 - 30), NOW);
        assertThat(capped).isEqualTo(NOW.minus(Duration.ofHours(24)).getEpochSecond() / 60);
        InMemorySpeedView view = new InMemorySpeedView();
        view.add(new CleanEvent("a", "eu", NOW.minus(Duration.ofHours(9)), false, null, null, null, null));
        assertThat(view.evictBefore(evictBefore)).isZero();
        assertThat(view.entryCount()).isEqualTo(1);
    }

    @Test
    void batchLagsOnlyWhenTheBoundaryTrailsTheLastFinishableHourByMoreThanTheTtl() {
        // At 12:20 with 5 min grace, hour 11 could be done: W should be 12.
        assertThat(retention.batchLag(OptionalLong.of(HOUR_12), NOW)).isZero();
        assertThat(retention.batchLagging(OptionalLong.of(HOUR_12 - 1), NOW)).isFalse();   // the job runs late
        assertThat(retention.batchLagging(OptionalLong.of(HOUR_12 - 2), NOW)).isTrue();
        assertThat(retention.batchLag(OptionalLong.of(HOUR_12 - 2), NOW)).isEqualTo(Duration.ofHours(2));
        // Just inside the grace: hour 11 is not finishable yet at 12:04.
        Instant early = Instant.parse("2026-12-03T12:04:00Z");
        assertThat(retention.batchLag(OptionalLong.of(HOUR_12 - 1), early)).isZero();
    }
}
