package dev.medallion.batch.maintenance;

import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;

/**
 * Writes small bronze-shaped tables (partitioned by {@code date} and {@code hour}) in many small commits, as a sink
 * leaves them, for the maintenance and archive tests. Each row's values derive from its {@code seq}, and
 * ({@code eventhubs_partition}, {@code eventhubs_sequence_number}) identifies it, as in bronze.
 */
public final class SmallEventTables {

    private SmallEventTables() {}

    /** Appends rows {@code from} .. {@code to - 1} dated {@code date}, hour {@code hour}, as one commit of one file. */
    public static void append(SparkSession spark, String tableUri, long from, long to, LocalDate date, int hour) {
        spark.range(from, to).selectExpr(
                        "concat('ev-', id) AS event_id",
                        "element_at(array('page_view', 'click', 'search', 'purchase'), cast(id % 4 + 1 AS INT))"
                                + " AS event_type",
                        "concat('user-', id % 37) AS user_id",
                        "'westeurope' AS region",
                        "id AS seq",
                        "cast(id % 2 AS STRING) AS eventhubs_partition",
                        "id AS eventhubs_sequence_number",
                        "DATE'" + date + "' AS date",
                        hour + " AS hour")
                .coalesce(1)   // one file per commit, as a sink task leaves per partition
                .write().format("delta").mode("append").partitionBy("date", "hour").save(tableUri);
    }
}
