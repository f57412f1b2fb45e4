package dev.medallion.sparkreader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a Delta table the way a Databricks/Spark user would: Apache Spark + delta-spark in local mode, in a child
 * JVM (see {@link SparkProcess}), so tests of our writers get an independent check of what they wrote. Callers need
 * only this jar and Jackson on their class path.
 *
 * <pre>{@code
 * DeltaTableSnapshot t = SparkDeltaReader.read(tableRoot);
 * assertThat(t.rowCount()).isEqualTo(1000);
 * assertThat(t.partitionColumns()).containsExactly("date");
 * }</pre>
 *
 * <p>Each call starts Spark (about 5–15 s, more on a busy machine); read once and assert on the snapshot.
 */
public final class SparkDeltaReader {

    private static final String DUMPER = "dev.medallion.sparkreader.dumper.DeltaTableDumper";
    private static final String SCAN_DUMPER = "dev.medallion.sparkreader.dumper.DeltaScanDumper";

    private final SparkProcess process;

    public SparkDeltaReader(SparkProcess process) {
        this.process = process;
    }

    /** Everything, including all rows (see {@link DeltaTableSnapshot} for how values are mapped). */
    public static DeltaTableSnapshot read(Path tableRoot) {
        return new SparkDeltaReader(SparkProcess.create()).snapshot(uri(tableRoot), true);
    }

    /** Schema, partitioning, history, txn state and Spark's row count, but no rows: for large tables. */
    public static DeltaTableSnapshot readWithoutRows(Path tableRoot) {
        return new SparkDeltaReader(SparkProcess.create()).snapshot(uri(tableRoot), false);
    }

    /**
     * The table's data files as delta-spark sees them: each add action's statistics, the file each row comes from
     * (rows identified by {@code keyColumn}, cast to a string) and, for each filter (Spark SQL, e.g.
     * {@code "seq >= 100"}), the rows returned and the number of files read after data skipping.
     */
    public static DeltaFileScan scan(Path tableRoot, String keyColumn, List<String> filters) {
        Path output = null;
        try {
            output = Files.createTempFile("delta-scan-", ".json");
            List<String> args = new java.util.ArrayList<>(List.of(uri(tableRoot), output.toString(), keyColumn));
            args.addAll(filters);
            SparkProcess.create().run(SCAN_DUMPER, args);
            return DeltaFileScan.parse(output);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temp file for the Spark scan's output", e);
        } finally {
            deleteQuietly(output);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }

    private static String uri(Path tableRoot) {
        return tableRoot.toAbsolutePath().toUri().toString();
    }

    /**
     * Reads the table at {@code tableUri} (any URI Spark's Hadoop file systems understand, e.g. {@code file:/...}).
     *
     * @throws IllegalStateException when Spark cannot read the table; the message holds Spark's log
     */
    public DeltaTableSnapshot snapshot(String tableUri, boolean withRows) {
        Path output = null;
        try {
            output = Files.createTempFile("delta-snapshot-", ".json");
            process.run(DUMPER, List.of(tableUri, output.toString(), withRows ? "rows" : "norows"));
            return SnapshotJson.parse(output);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temp file for the Spark reader's output", e);
        } finally {
            deleteQuietly(output);
        }
    }
}
