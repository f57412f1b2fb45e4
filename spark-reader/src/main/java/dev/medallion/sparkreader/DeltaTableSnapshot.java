package dev.medallion.sparkreader;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Apache Spark + delta-spark see in a Delta table at its latest version.
 *
 * <p>Rows are plain Java values, one {@code Map} per row keyed by column name (in schema order), with this mapping
 * from Spark types: {@code boolean} to Boolean; {@code tinyint}/{@code smallint}/{@code int}/{@code bigint} to
 * Byte/Short/Integer/Long; {@code float}/{@code double} to Float/Double; {@code decimal(p,s)} to BigDecimal (exact);
 * {@code string} to String; {@code binary} to a Base64 String; {@code date} to an ISO date String ({@code 2024-05-01});
 * {@code timestamp} to an ISO-8601 instant String in UTC with up to microsecond precision, as
 * {@link java.time.Instant#toString()} prints it ({@code 2024-05-01T12:00:00.123456Z}; parse with
 * {@code Instant.parse}); {@code timestamp_ntz} to an ISO local date-time String; struct to a {@code Map}; array to
 * a {@code List}; map to a {@code Map} whose keys are Strings. SQL NULL is {@code null}. Row order is Spark's scan
 * order: sort before comparing.
 *
 * <p>{@code rows} is empty when the snapshot was read without rows ({@link SparkDeltaReader#readWithoutRows});
 * {@code rowCount} is always Spark's {@code count()}. {@code transactions} is the table state's {@code txn} map
 * (appId to the latest version committed for it), as delta-spark reconstructs it from checkpoint and commits.
 */
public record DeltaTableSnapshot(
        String location,
        long version,
        List<SparkField> schema,
        List<String> partitionColumns,
        long numFiles,
        long sizeInBytes,
        int minReaderVersion,
        int minWriterVersion,
        List<String> tableFeatures,
        Map<String, String> properties,
        Map<String, Long> transactions,
        List<DeltaCommit> history,
        long rowCount,
        List<Map<String, Object>> rows) {

    public DeltaTableSnapshot {
        schema = List.copyOf(schema);
        partitionColumns = List.copyOf(partitionColumns);
        tableFeatures = tableFeatures == null ? List.of() : List.copyOf(tableFeatures);
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        transactions = transactions == null ? Map.of() : Map.copyOf(transactions);
        history = List.copyOf(history);
        // Rows may hold nulls, so no List.copyOf/Map.copyOf here: wrap instead.
        rows = java.util.Collections.unmodifiableList(rows);
    }

    /** The top-level field with this name. */
    public Optional<SparkField> field(String name) {
        return schema.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Top-level column names in schema order. */
    public List<String> columnNames() {
        return schema.stream().map(SparkField::name).toList();
    }

    /** The history entry of this version, if the log still has it. */
    public Optional<DeltaCommit> commit(long commitVersion) {
        return history.stream().filter(c -> c.version() == commitVersion).findFirst();
    }
}
