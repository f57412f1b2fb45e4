package dev.medallion.serving.batch;

import dev.medallion.serving.model.SeriesKey;

import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The batch view as of one version of {@code gold/hourly_metrics}: its rows by epoch hour and series, and the
 * boundary W (epoch hour) before which every hour is final. Immutable once built.
 *
 * @param tableVersion      the Delta version read, -1 when the table does not exist
 * @param boundaryEpochHour W = txnVersion + 1 for app id {@code medallion-batch-hourly}; empty without such a txn
 */
public record BatchSnapshot(long tableVersion, OptionalLong boundaryEpochHour,
                            NavigableMap<Long, Map<SeriesKey, HourlyRow>> hours, Map<String, QualityScore> quality,
                            Instant loadedAt, Instant committedAt) {

    public static BatchSnapshot none(Instant now) {
        return new BatchSnapshot(-1, OptionalLong.empty(), new TreeMap<>(), Map.of(), now, null);
    }

    /** True when {@code epochHour} is before the boundary, i.e. served by batch. */
    public boolean covers(long epochHour) {
        return boundaryEpochHour.isPresent() && epochHour < boundaryEpochHour.getAsLong();
    }
}
