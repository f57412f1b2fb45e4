package dev.medallion.delta.sink.write;

import io.delta.kernel.expressions.Literal;
import io.delta.kernel.statistics.DataFileStatistics;

import java.util.Map;

/**
 * A finished Parquet data file waiting to be committed: its fully qualified path, size, modification time, the
 * partition values of all its rows and its statistics for the {@code add} action (row count, column bounds).
 */
public record DataFile(String path, long sizeBytes, long modificationTime, Map<String, Literal> partition,
                       DataFileStatistics statistics) {
}
