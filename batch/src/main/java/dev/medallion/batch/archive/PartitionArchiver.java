package dev.medallion.batch.archive;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Moves the partitions of a sink-written table older than a cut-off date into a batch-owned archive table, in two
 * steps that each leave every row in at least one of the two tables:
 *
 * <ol>
 *   <li>copy: {@code MERGE INTO archive ... WHEN NOT MATCHED THEN INSERT *} of the old rows, by key, so a re-run
 *       (or a run after a failed one) copies only what the archive lacks;</li>
 *   <li>remove: {@code MERGE INTO source ... WHEN MATCHED THEN DELETE} against the archive's keys, restricted to the
 *       old partitions in the join condition. Only rows the archive holds are deleted: a row a sink appends to an old
 *       partition after the copy stays in the source until the next run.</li>
 * </ol>
 *
 * <p>The removal is a Spark write on a table the sink appends to. Kernel marks its appends as not blind, so an
 * append into an old partition while the removal runs makes the removal fail with {@code ConcurrentAppendException}
 * (appends to today's partitions do not: the removal read only the old ones); it is retried against the new
 * snapshot. Between the two steps, or after a failed removal until the next run, a row can be in both tables; a
 * query over both deduplicates by the key.
 */
public final class PartitionArchiver {
    private final SparkSession spark;
    private final ConflictRetry retry;
    private final Runnable afterCopy;

    public PartitionArchiver(SparkSession spark, int maxAttempts, java.time.Duration backoff) {
        this(spark, new ConflictRetry(maxAttempts, backoff), () -> { });
    }

    /** {@code afterCopy} runs between the two steps (tests use it to append to the source meanwhile). */
    PartitionArchiver(SparkSession spark, ConflictRetry retry, Runnable afterCopy) {
        this.spark = spark;
        this.retry = retry;
        this.afterCopy = afterCopy;
    }

    public ArchiveReport archive(ArchivePolicy policy, String sourceUri, String archiveUri, LocalDate cutoff) {
        String old = quote(policy.dateColumn()) + " < DATE'" + cutoff + "'";
        String keyPresent = policy.keyColumns().stream().map(k -> quote(k) + " IS NOT NULL")
                .collect(Collectors.joining(" AND "));
        ensureArchive(sourceUri, archiveUri);
        long withoutKey = spark.read().format("delta").load(sourceUri)
                .where(old + " AND NOT (" + keyPresent + ")").count();

        ConflictRetry.Outcome<Long> copied = retry.run("Copying " + policy.source() + " to " + policy.archive(), () -> {
            Dataset<Row> rows = spark.read().format("delta").load(sourceUri).where(old + " AND " + keyPresent);
            Row metrics = DeltaTable.forPath(spark, archiveUri).as("a")
                    .merge(rows.as("s"), "a." + old + " AND " + keysEqual(policy, "a", "s"))
                    .whenNotMatched().insertAll()
                    .withSchemaEvolution()
                    .execute().first();
            return metrics.<Long>getAs("num_inserted_rows");
        });
        afterCopy.run();

        ConflictRetry.Outcome<Long> removed = retry.run("Removing archived rows from " + policy.source(), () -> {
            Dataset<Row> archivedKeys = spark.read().format("delta").load(archiveUri).where(old)
                    .selectExpr(policy.keyColumns().stream().map(PartitionArchiver::quote).toArray(String[]::new))
                    .distinct();
            // The old-partition condition is on the target only, so Delta prunes the scan (and the files the
            // conflict check compares a concurrent append with) to the old partitions.
            Row metrics = DeltaTable.forPath(spark, sourceUri).as("t")
                    .merge(archivedKeys.as("k"), "t." + old + " AND " + keysEqual(policy, "t", "k"))
                    .whenMatched().delete()
                    .execute().first();
            return metrics.<Long>getAs("num_deleted_rows");
        });
        return new ArchiveReport(policy.source(), policy.archive(), cutoff, copied.result(), removed.result(),
                withoutKey, removed.attempts());
    }

    /** Creates the archive empty, with the source's schema and partitioning, when it does not exist yet. */
    private void ensureArchive(String sourceUri, String archiveUri) {
        if (DeltaTable.isDeltaTable(spark, archiveUri)) {
            return;
        }
        Row detail = DeltaTable.forPath(spark, sourceUri).detail().first();
        List<String> partitions = detail.getList(detail.fieldIndex("partitionColumns"));
        spark.read().format("delta").load(sourceUri).limit(0).write().format("delta")
                .partitionBy(partitions.toArray(String[]::new)).save(archiveUri);
    }

    private static String keysEqual(ArchivePolicy policy, String left, String right) {
        return policy.keyColumns().stream()
                .map(k -> left + "." + quote(k) + " = " + right + "." + quote(k))
                .collect(Collectors.joining(" AND "));
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
