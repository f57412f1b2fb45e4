package dev.medallion.delta.sink.write;

import io.delta.kernel.expressions.Literal;

import java.util.Map;

/**
 * A finished Parquet data file waiting to be committed: its fully qualified path, size, modification time, row count
 * and the partition values of all its rows.
 */
public record DataFile(String path, long sizeBytes, long modificationTime, long records, Map<String, Literal> partition) {
}
