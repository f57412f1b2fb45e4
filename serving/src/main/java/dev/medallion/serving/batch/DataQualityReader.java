package dev.medallion.serving.batch;

import io.delta.kernel.Snapshot;
import io.delta.kernel.data.Row;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latest quality score per table from {@code gold/data_quality} (the batch layer's expectations run: one row per
 * expectation, the run's score repeated on each). "Latest" is the row with the greatest {@code run_at}.
 */
public final class DataQualityReader {
    private final KernelTableReader reader;

    public DataQualityReader(KernelTableReader reader) {
        this.reader = reader;
    }

    public Optional<Snapshot> latest(String location) {
        return reader.latest(location);
    }

    /** Empty when the table does not exist (the batch layer has not run its checks yet). */
    public Map<String, QualityScore> read(Optional<Snapshot> snapshot) {
        Map<String, QualityScore> latest = new HashMap<>();
        snapshot.ifPresent(s -> reader.forEachRow(s, row -> {
            QualityScore score = toScore(row);
            if (score == null) {
                return;
            }
            QualityScore known = latest.get(score.table());
            if (known == null || score.runAt().isAfter(known.runAt())) {
                latest.put(score.table(), score);
            }
        }));
        return latest;
    }

    private static QualityScore toScore(Row row) {
        int table = row.getSchema().indexOf("table_name");
        int date = row.getSchema().indexOf("date");
        int runAt = row.getSchema().indexOf("run_at");
        int score = row.getSchema().indexOf("quality_score");
        int threshold = row.getSchema().indexOf("threshold");
        if (table < 0 || runAt < 0 || score < 0 || row.isNullAt(table) || row.isNullAt(runAt) || row.isNullAt(score)) {
            return null;
        }
        long micros = row.getLong(runAt);
        return new QualityScore(row.getString(table),
                date < 0 || row.isNullAt(date) ? null : LocalDate.ofEpochDay(row.getInt(date)),
                Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000),
                row.getDouble(score),
                threshold < 0 || row.isNullAt(threshold) ? null : row.getDouble(threshold));
    }
}
