package dev.medallion.batch;

import dev.medallion.delta.logstore.LocalAtomicLogStore;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session every batch job runs in: Delta enabled, UTC, and commits to {@code file:} tables through the
 * Delta sink's put-if-absent log store. delta-spark's default store for local paths is atomic only within one JVM,
 * so without it a batch job and a sink task committing to one table could both win a version.
 *
 * <p>{@code master} is {@code local[*]} for local runs; under spark-submit pass {@code null} and the submitter's
 * master applies.
 */
public final class BatchSpark {

    private BatchSpark() {}

    public static SparkSession start(String appName, String master) {
        SparkSession.Builder builder = SparkSession.builder()
                .appName(appName)
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config(LocalAtomicLogStore.SPARK_LOG_STORE_KEY, LocalAtomicLogStore.class.getName())
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.datetime.java8API.enabled", "true");
        if (master != null) {
            // Local runs: small shuffles and snapshot state for a laptop-sized lakehouse, no UI, loopback only.
            builder.master(master)
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.default.parallelism", "2")
                    .config("spark.databricks.delta.snapshotPartitions", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        return builder.getOrCreate();
    }
}
