package dev.medallion.batch.maintenance;

import io.delta.tables.DeltaOptimizeBuilder;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import scala.Option;

import java.util.List;
import java.util.Optional;

/**
 * Maintains one Delta table: OPTIMIZE (Z-ORDER when the policy names columns) of its cold partitions, VACUUM with
 * the policy's retention, then a checkpoint and the clean-up of JSON commits older than the table's
 * {@code delta.logRetentionDuration}.
 *
 * <p>Safe while a sink appends: OPTIMIZE commits only {@code dataChange=false} rewrites, which Spark checks as
 * snapshot isolation against appends and which the sink's Kernel commits do not conflict with; VACUUM keeps every
 * file younger than the retention, so a file a sink wrote but has not committed yet survives as long as the
 * retention exceeds the sink's longest open interval.
 */
public final class TableMaintenance {
    private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
    private static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
    private static final String RETENTION_WINDOW_IGNORE = "spark.databricks.delta.vacuum.retentionWindowIgnore.enabled";

    private final SparkSession spark;
    private final StoredFiles stored;

    public TableMaintenance(SparkSession spark) {
        this.spark = spark;
        this.stored = new StoredFiles(spark);
    }

    /**
     * Runs OPTIMIZE, VACUUM and the checkpoint on the table at {@code tableUri}.
     *
     * @throws RetentionTooShortException before touching the table, when the retention is below the policy's
     *                                    without {@code force}
     */
    public MaintenanceReport run(String tableUri, TablePolicy policy, MaintenanceOptions options) {
        double retention = options.retention(policy);
        DeltaTable table = DeltaTable.forPath(spark, tableUri);
        long versionBefore = version(table);
        Row before = table.detail().first();
        long jsonBefore = stored.jsonCommits(tableUri);

        DeltaOptimizeBuilder optimize = table.optimize();
        Optional<String> where = options.optimizeWhere(policy);
        where.ifPresent(optimize::where);
        List<String> zOrderBy = options.zOrderColumns(policy);
        Dataset<Row> optimizeResult = zOrderBy.isEmpty()
                ? optimize.executeCompaction()
                : optimize.executeZOrderBy(zOrderBy.toArray(String[]::new));
        Row metrics = optimizeResult.first().getStruct(1);
        long removed = ((Number) metrics.getAs("numFilesRemoved")).longValue();
        long added = ((Number) metrics.getAs("numFilesAdded")).longValue();
        Row after = DeltaTable.forPath(spark, tableUri).detail().first();

        long storedBefore = stored.dataFiles(tableUri);
        if (options.vacuum()) {
            vacuum(table, retention, options.force());
        }
        long storedAfter = stored.dataFiles(tableUri);

        long checkpointVersion = checkpointAndCleanLog(tableUri);
        long jsonAfter = stored.jsonCommits(tableUri);
        return new MaintenanceReport(policy.table(), versionBefore, version(DeltaTable.forPath(spark, tableUri)),
                before.<Long>getAs("numFiles"), before.<Long>getAs("sizeInBytes"),
                after.<Long>getAs("numFiles"), after.<Long>getAs("sizeInBytes"), removed, added,
                storedBefore, storedAfter, jsonBefore, jsonAfter, checkpointVersion);
    }

    private void vacuum(DeltaTable table, double retentionHours, boolean force) {
        // delta-spark 4.4 ignores VACUUM's RETAIN hours (other than 0) by default and uses the table's
        // delta.deletedFileRetentionDuration (168 h unless set): silver's 720 h would silently become 168 h. Setting
        // that property on a sink's table is a metadata change that fails the sink's in-flight commits, so the
        // retention is passed per call and honoured instead.
        String previousIgnore = spark.conf().get(RETENTION_WINDOW_IGNORE, "true");
        // Forced: the retention was checked against the policy and accepted by the operator; Delta's own check
        // (which refuses anything below the table's deletedFileRetentionDuration, 168 h) is lifted for this call.
        String previousCheck = spark.conf().get(RETENTION_CHECK, "true");
        // VACUUM lists the table folder in as many tasks as this setting (10,000 by default, sized for a cluster);
        // on local[*] that is minutes of scheduling for a few hundred files.
        String previousListing = spark.conf().get(LISTING_PARALLELISM, "10000");
        if (spark.sparkContext().isLocal()) {
            spark.conf().set(LISTING_PARALLELISM, String.valueOf(spark.sparkContext().defaultParallelism()));
        }
        spark.conf().set(RETENTION_WINDOW_IGNORE, "false");
        if (force) {
            spark.conf().set(RETENTION_CHECK, "false");
        }
        try {
            table.vacuum(retentionHours);
        } finally {
            spark.conf().set(RETENTION_WINDOW_IGNORE, previousIgnore);
            spark.conf().set(RETENTION_CHECK, previousCheck);
            spark.conf().set(LISTING_PARALLELISM, previousListing);
        }
    }

    /**
     * Writes a checkpoint of the newest version, then deletes JSON commits (and older checkpoints) beyond the
     * table's log retention that the checkpoint makes unnecessary. Readers then start from the checkpoint instead of
     * replaying every small commit a sink made.
     */
    private long checkpointAndCleanLog(String tableUri) {
        DeltaLog log = DeltaLog.forTable(spark, tableUri);
        Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
        log.checkpoint(snapshot, Option.empty());
        log.cleanUpExpiredLogs(snapshot, log.cleanUpExpiredLogs$default$2(), log.cleanUpExpiredLogs$default$3(),
                log.cleanUpExpiredLogs$default$4());
        return snapshot.version();
    }

    private static long version(DeltaTable table) {
        return table.history(1).select("version").first().getLong(0);
    }
}
