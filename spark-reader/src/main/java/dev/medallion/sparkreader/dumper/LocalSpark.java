package dev.medallion.sparkreader.dumper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.spark.sql.SparkSession;

/**
 * A small local Spark session with Delta enabled, tuned for short start-up in a test child JVM: one core, no UI,
 * one shuffle partition, UTC session time zone, java.time values in rows, loopback driver address.
 */
public final class LocalSpark {

    private LocalSpark() {}

    public static SparkSession start(String appName) {
        String warehouse;
        try {
            warehouse = Files.createTempDirectory("spark-warehouse").toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SparkSession.builder()
                .master("local[1]")
                .appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "1")
                .config("spark.default.parallelism", "1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.warehouse.dir", warehouse)
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.datetime.java8API.enabled", "true")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.databricks.delta.snapshotPartitions", "1")
                .getOrCreate();
    }
}
