package dev.medallion.serving.batch;

import dev.medallion.serving.model.MetricAggregate;
import dev.medallion.serving.model.SeriesKey;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.Row;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Reads {@code gold/hourly_metrics} (shape: wave-spec, written by the batch layer's hourly job) into a
 * {@link BatchSnapshot}. The boundary comes from the same snapshot as the rows, so rows and W always agree. Rows of
 * hours at or after W (a job that wrote rows but not yet its txn, if it ever did) are left out: only hours W says are
 * final are served from batch.
 */
public final class HourlyMetricsReader {
    public static final String BATCH_APP_ID = "medallion-batch-hourly";

    private final KernelTableReader reader;

    public HourlyMetricsReader(KernelTableReader reader) {
        this.reader = reader;
    }

    /** The table's latest snapshot, empty without a table. */
    public Optional<Snapshot> latest(String location) {
        return reader.latest(location);
    }

    /** The batch view of {@code maybe} (from {@link #latest}), so the version checked is the version read. */
    public BatchSnapshot read(Optional<Snapshot> maybe, Map<String, QualityScore> quality, Instant now) {
        if (maybe.isEmpty()) {
            return new BatchSnapshot(-1, OptionalLong.empty(), new TreeMap<>(), quality, now, null);
        }
        Snapshot snapshot = maybe.get();
        Optional<Long> txn = reader.transactionVersion(snapshot, BATCH_APP_ID);
        OptionalLong boundary = txn.isPresent() ? OptionalLong.of(txn.get() + 1) : OptionalLong.empty();
        NavigableMap<Long, Map<SeriesKey, HourlyRow>> hours = new TreeMap<>();
        if (boundary.isPresent()) {
            long w = boundary.getAsLong();
            reader.forEachRow(snapshot, row -> {
                HourlyRow hourly = toHourlyRow(row);
                if (hourly.epochHour() < w) {
                    hours.computeIfAbsent(hourly.epochHour(), h -> new HashMap<>()).put(hourly.series(), hourly);
                }
            });
        }
        Instant committedAt = Instant.ofEpochMilli(snapshot.getTimestamp(reader.engine()));
        return new BatchSnapshot(snapshot.getVersion(), boundary, hours, quality, now, committedAt);
    }

    static HourlyRow toHourlyRow(Row row) {
        long windowStartMicros = row.getLong(col(row, "window_start"));
        long epochHour = Math.floorDiv(windowStartMicros, 3_600_000_000L);
        SeriesKey series = new SeriesKey(string(row, "event_type"), string(row, "region"));
        MetricAggregate aggregate = MetricAggregate.ofBatchRow(
                longOr0(row, "event_count"), longOr0(row, "late_event_count"),
                longOrNull(row, "latency_ms_sum"), doubleOrNull(row, "avg_latency_ms"),
                longOrNull(row, "processing_time_ms_sum"), doubleOrNull(row, "avg_processing_time_ms"),
                doubleOrNull(row, "revenue_sum"), binaryOrNull(row, "response_time_digest"));
        return new HourlyRow(epochHour, series, aggregate, doubleOrNull(row, "p95_response_time_ms"));
    }

    private static int col(Row row, String name) {
        int i = row.getSchema().indexOf(name);
        if (i < 0) {
            throw new IllegalStateException("gold/hourly_metrics has no column " + name + "; the serving layer"
                    + " expects the batch view's documented shape (docs: serving/README.md)");
        }
        return i;
    }

    private static String string(Row row, String name) {
        int i = col(row, name);
        return row.isNullAt(i) ? null : row.getString(i);
    }

    private static long longOr0(Row row, String name) {
        int i = col(row, name);
        return row.isNullAt(i) ? 0 : row.getLong(i);
    }

    private static Long longOrNull(Row row, String name) {
        int i = col(row, name);
        return row.isNullAt(i) ? null : row.getLong(i);
    }

    private static Double doubleOrNull(Row row, String name) {
        int i = col(row, name);
        return row.isNullAt(i) ? null : row.getDouble(i);
    }

    private static byte[] binaryOrNull(Row row, String name) {
        int i = col(row, name);
        return row.isNullAt(i) ? null : row.getBinary(i);
    }
}
