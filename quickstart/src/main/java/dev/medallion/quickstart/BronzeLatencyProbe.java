package dev.medallion.quickstart;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures end-to-end latency from "the load generator handed the event to Event Hubs" to "the event is readable in
 * the bronze Delta table": each data file a bronze commit adds is read (column {@code event_id}) and every event id
 * found is matched with its publish time; latency = commit timestamp - publish time.
 *
 * <p>Only the first copy of an event is measured (a duplicate's publish time is not tracked), and events that never
 * arrive simply stay pending, which {@link #pending()} shows.
 */
public final class BronzeLatencyProbe {
    private final Map<String, Long> publishedAt = new ConcurrentHashMap<>();
    private final DeltaLogScanner bronze;
    private final DeltaColumnReader reader;
    private final PhasedLatencies latencies = new PhasedLatencies();
    private String eventIdColumn;

    public BronzeLatencyProbe(DeltaLogScanner bronze, DeltaColumnReader reader) {
        this.bronze = bronze;
        this.reader = reader;
    }

    /** Called by the generator right before it sends a valid event for the first time. */
    public void published(String eventId, long atMillis) {
        publishedAt.putIfAbsent(eventId, atMillis);
    }

    /** Reads the files bronze commits added since the last call; call after {@link DeltaLogScanner#refresh()}. */
    public void poll() {
        if (eventIdColumn == null) {
            eventIdColumn = reader.physicalName(bronze.table(), "event_id").orElse(null);
            if (eventIdColumn == null) {
                return; // no table yet: its files stay queued in the scanner until it exists
            }
        }
        for (DeltaLogScanner.AddedFile file : bronze.drainAddedFiles()) {
            for (String eventId : reader.readFile(file.uri(), file.sizeBytes(), eventIdColumn)) {
                Long published = eventId == null ? null : publishedAt.remove(eventId);
                if (published != null) {
                    latencies.record(published, file.commitMillis() - published);
                }
            }
        }
    }

    /** Events published from {@code epochMillis} on also count in {@link #afterWarmUp()}. */
    public void warmUpUntil(long epochMillis) {
        latencies.warmUpUntil(epochMillis);
    }

    public LatencySummary summary() {
        return latencies.all();
    }

    public LatencySummary afterWarmUp() {
        return latencies.afterWarmUp();
    }

    /** Valid events published whose first copy has not been seen in bronze yet. */
    public int pending() {
        return publishedAt.size();
    }
}
