package dev.medallion.serving.speed;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * When the speed view may forget a minute, and when the batch layer counts as lagging.
 *
 * <p>A minute is evicted once the batch boundary W covers it. The TTL (1 h by default) is not an eviction deadline:
 * evicting uncovered minutes after an hour would open a gap whenever batch lags. Instead the TTL bounds how far W may
 * trail the last hour that batch could have finished (the hour ending before {@code now - grace}); beyond it the
 * service reports batch lag (metric and health DEGRADED) while still serving those minutes from speed. Only
 * {@code maxAge} (24 h by default) evicts uncovered minutes, to bound memory; such an eviction is a gap, reported in
 * every response that touches it.
 */
public final class SpeedRetention {
    private final Duration ttl;
    private final Duration grace;
    private final Duration maxAge;

    public SpeedRetention(Duration ttl, Duration grace, Duration maxAge) {
        this.ttl = ttl;
        this.grace = grace;
        this.maxAge = maxAge;
    }

    /** The minute before which the speed view drops everything: the boundary, or the max-age cut if later. */
    public long evictBeforeMinute(OptionalLong boundaryEpochHour, Instant now) {
        long ageCut = Math.floorDiv(now.minus(maxAge).getEpochSecond(), 60);
        if (boundaryEpochHour.isEmpty()) {
            return ageCut;
        }
        return Math.max(boundaryEpochHour.getAsLong() * 60, ageCut);
    }

    /** The epoch hour W would be if batch were on time: every hour ending at or before {@code now - grace}. */
    public long expectedBoundaryHour(Instant now) {
        return Math.floorDiv(now.minus(grace).getEpochSecond(), 3600);
    }

    /** How far W trails the hour batch could have reached (zero when on time; the whole age without a boundary). */
    public Duration batchLag(OptionalLong boundaryEpochHour, Instant now) {
        long expected = expectedBoundaryHour(now);
        if (boundaryEpochHour.isEmpty()) {
            return Duration.ofHours(Math.max(0, expected - Math.floorDiv(now.minus(maxAge).getEpochSecond(), 3600)));
        }
        return Duration.ofHours(Math.max(0, expected - boundaryEpochHour.getAsLong()));
    }

    /** True when batch lags by more than the TTL: the alert condition. */
    public boolean batchLagging(OptionalLong boundaryEpochHour, Instant now) {
        return batchLag(boundaryEpochHour, now).compareTo(ttl) > 0;
    }

    public Duration ttl() {
        return ttl;
    }

    public Duration maxAge() {
        return maxAge;
    }
}
