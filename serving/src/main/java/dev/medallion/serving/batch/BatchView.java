package dev.medallion.serving.batch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.delta.kernel.Snapshot;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The current batch view: re-reads {@code gold/hourly_metrics} (and {@code gold/data_quality}) when their Delta
 * version changes, and otherwise keeps serving the snapshot it has. A failed refresh keeps the previous snapshot
 * (the boundary then stays where it was, which the speed view covers) and is reported through {@link #lastError()}.
 */
public final class BatchView {
    private static final Logger log = LoggerFactory.getLogger(BatchView.class);

    private final HourlyMetricsReader hourly;
    private final DataQualityReader quality;
    private final String hourlyLocation;
    private final String qualityLocation;
    private final Clock clock;
    private final AtomicReference<BatchSnapshot> current;
    private volatile long qualityVersion = -1;
    private volatile Map<String, QualityScore> qualityScores = Map.of();
    private volatile String lastError;

    public BatchView(HourlyMetricsReader hourly, DataQualityReader quality, String hourlyLocation,
                     String qualityLocation, Clock clock) {
        this.hourly = hourly;
        this.quality = quality;
        this.hourlyLocation = hourlyLocation;
        this.qualityLocation = qualityLocation;
        this.clock = clock;
        this.current = new AtomicReference<>(BatchSnapshot.none(clock.instant()));
    }

    public BatchSnapshot current() {
        return current.get();
    }

    /** Re-reads what changed; returns true when a new snapshot was published. */
    public synchronized boolean refresh() {
        try {
            // One snapshot per table per refresh: the version compared is the version read.
            boolean qualityChanged = false;
            Optional<Snapshot> qualitySnapshot = quality.latest(qualityLocation);
            long qv = qualitySnapshot.map(Snapshot::getVersion).orElse(-1L);
            if (qv != qualityVersion) {
                qualityScores = quality.read(qualitySnapshot);
                qualityVersion = qv;
                qualityChanged = true;
            }
            Optional<Snapshot> hourlySnapshot = hourly.latest(hourlyLocation);
            long hv = hourlySnapshot.map(Snapshot::getVersion).orElse(-1L);
            BatchSnapshot now = current.get();
            if (hv == now.tableVersion() && !qualityChanged) {
                lastError = null;
                return false;
            }
            BatchSnapshot next = hv == now.tableVersion()
                    ? new BatchSnapshot(now.tableVersion(), now.boundaryEpochHour(), now.hours(), qualityScores,
                    clock.instant(), now.committedAt())
                    : hourly.read(hourlySnapshot, qualityScores, clock.instant());
            current.set(next);
            lastError = null;
            if (next.tableVersion() != now.tableVersion()) {
                log.info("Batch view at version {} of {} (boundary epoch hour {})", next.tableVersion(),
                        hourlyLocation, next.boundaryEpochHour());
            }
            return true;
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            log.warn("Refreshing the batch view from {} failed; serving the previous one: {}", hourlyLocation,
                    e.toString());
            return false;
        }
    }

    public String lastError() {
        return lastError;
    }
}
