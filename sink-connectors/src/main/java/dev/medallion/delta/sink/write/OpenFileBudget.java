package dev.medallion.delta.sink.write;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The open Parquet files of one task, over all its topic partitions, least recently written first; at most
 * {@code file.open.max} of them. Each open file holds parquet-mr's column buffers (about a megabyte for a dozen
 * columns before any row), so a replay spanning hundreds of date/hour partitions in one flush interval would otherwise
 * exhaust the heap. When one more file is needed, the least recently written one is rolled: finished and kept for its
 * topic partition's next commit, like a file that reached its target size but without committing early (an early
 * commit per roll would make a Delta version per partition value). One budget per task, not per topic partition, since
 * the heap is what it protects. Used from the task's thread only.
 */
public final class OpenFileBudget {
    private final int max;
    /** Access order: iteration starts at the least recently written file. */
    private final LinkedHashMap<DataFileWriter, PartitionWriter> open = new LinkedHashMap<>(16, 0.75f, true);
    private int peak;
    private long rolled;

    public OpenFileBudget(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one file must be allowed open, not " + max);
        }
        this.max = max;
    }

    /** Makes room for one more file by rolling the least recently written ones. */
    void reserve() throws IOException {
        while (open.size() >= max) {
            Iterator<Map.Entry<DataFileWriter, PartitionWriter>> eldest = open.entrySet().iterator();
            Map.Entry<DataFileWriter, PartitionWriter> entry = eldest.next();
            eldest.remove();
            rolled++;
            entry.getValue().roll(entry.getKey());
        }
    }

    void opened(DataFileWriter file, PartitionWriter owner) {
        open.put(file, owner);
        peak = Math.max(peak, open.size());
    }

    /** Marks {@code file} as the most recently written. */
    void written(DataFileWriter file) {
        open.get(file);
    }

    void closed(DataFileWriter file) {
        open.remove(file);
    }

    public int max() {
        return max;
    }

    /** Files open now. */
    public int openFiles() {
        return open.size();
    }

    /** The most files that were open at once. */
    public int peakOpenFiles() {
        return peak;
    }

    /** Files rolled to make room for another. */
    public long rolledFiles() {
        return rolled;
    }
}
