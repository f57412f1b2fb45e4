package dev.medallion.serving.query;

import dev.medallion.serving.batch.BatchSnapshot;
import dev.medallion.serving.batch.BatchView;
import dev.medallion.serving.speed.SpeedRetention;
import dev.medallion.serving.speed.SpeedView;
import dev.medallion.serving.speed.SpeedViewUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * What the API asks of the views: merged metrics and top-N over the current batch snapshot and speed view, each
 * layer's freshness, and the service's health. One batch snapshot per question, so a refresh between the batch and
 * speed parts of an answer cannot move the boundary under it.
 */
public final class ServingQueries {
    /**
     * UP: all fine. DEGRADED: batch lags or is unreadable, speed is still catching up, or the speed view's store
     * (Redis) is unreachable: answers may be incomplete or refused (503) until it recovers, which it does by itself.
     * DOWN: the speed consumer stopped; only a restart helps.
     */
    public enum HealthStatus { UP, DEGRADED, DOWN }

    public record Health(HealthStatus status, Map<String, String> checks) {
    }

    private final BatchView batch;
    private final SpeedView speed;
    private final SpeedRetention retention;
    private final QueryMerger merger;
    private final Clock clock;
    private final BooleanSupplier speedCaughtUp;
    private final BooleanSupplier speedRunning;

    public ServingQueries(BatchView batch, SpeedView speed, SpeedRetention retention, QueryMerger merger, Clock clock,
                          BooleanSupplier speedCaughtUp, BooleanSupplier speedRunning) {
        this.batch = batch;
        this.speed = speed;
        this.retention = retention;
        this.merger = merger;
        this.clock = clock;
        this.speedCaughtUp = speedCaughtUp;
        this.speedRunning = speedRunning;
    }

    public MetricsResult metrics(MetricsQuery q) {
        BatchSnapshot snapshot = batch.current();
        return merger.query(q, snapshot, speed, speedRetainedFrom(snapshot));
    }

    public List<Map.Entry<String, dev.medallion.serving.model.MetricAggregate>> top(MetricsQuery q,
                                                                                   boolean byEventType, int n) {
        BatchSnapshot snapshot = batch.current();
        return merger.top(q, byEventType, n, snapshot, speed, speedRetainedFrom(snapshot));
    }

    /** Minutes before this one are not in the speed view: the max-age cut (the boundary cut is batch's anyway). */
    private long speedRetainedFrom(BatchSnapshot snapshot) {
        return Math.floorDiv(clock.instant().minus(retention.maxAge()).getEpochSecond(), 60);
    }

    /** Evicts what the current boundary covers (or what is past the max age); returns minutes dropped. */
    public int evict() {
        return speed.evictBefore(retention.evictBeforeMinute(batch.current().boundaryEpochHour(), clock.instant()));
    }

    public BatchSnapshot batchSnapshot() {
        return batch.current();
    }

    public SpeedView speedView() {
        return speed;
    }

    public Duration batchLag() {
        return retention.batchLag(batch.current().boundaryEpochHour(), clock.instant());
    }

    public boolean batchLagging() {
        return retention.batchLagging(batch.current().boundaryEpochHour(), clock.instant());
    }

    public OptionalLong boundaryEpochHour() {
        return batch.current().boundaryEpochHour();
    }

    public Instant now() {
        return clock.instant();
    }

    public Duration ttl() {
        return retention.ttl();
    }

    private boolean speedReachable() {
        try {
            speed.ping();
            return true;
        } catch (SpeedViewUnavailableException e) {
            return false;
        }
    }

    public Health health() {
        Map<String, String> checks = new LinkedHashMap<>();
        HealthStatus status = HealthStatus.UP;
        if (!speedRunning.getAsBoolean()) {
            checks.put("speed", "the events.clean consumer stopped (see the log); restart the service");
            status = HealthStatus.DOWN;
        } else if (!speedReachable()) {
            checks.put("speed", "the speed view's store is unreachable (" + speed + "); the consumer retries the"
                    + " same record until it is back, queries touching the speed range get 503 meanwhile");
            status = HealthStatus.DEGRADED;
        } else if (!speedCaughtUp.getAsBoolean()) {
            checks.put("speed", "catching up with events.clean");
            status = HealthStatus.DEGRADED;
        } else {
            checks.put("speed", "ok");
        }
        if (batch.lastError() != null) {
            checks.put("batch", "last refresh failed; serving the previous snapshot");
            status = status == HealthStatus.DOWN ? status : HealthStatus.DEGRADED;
        } else if (batchLagging()) {
            checks.put("batch", "batch lags: boundary is " + batchLag().toHours() + " h behind the last hour it"
                    + " could have finished (threshold " + retention.ttl().toMinutes() + " min); speed serves it");
            status = status == HealthStatus.DOWN ? status : HealthStatus.DEGRADED;
        } else {
            checks.put("batch", "ok");
        }
        return new Health(status, checks);
    }
}
