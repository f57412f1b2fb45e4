package dev.medallion.sparkreader;

import dev.medallion.sparkreader.dumper.LocalSpark;
import org.apache.spark.sql.SparkSession;

/**
 * Main run in the Spark child JVM by SparkSqlRunnerIT: writes two small Delta tables with Spark itself. {@code events}
 * is shaped like bronze (partitioned by {@code date} and {@code hour}, a table property, column comments): one append
 * of 12 rows over four (date, hour) partitions, so four files of three rows. {@code limits} is one unpartitioned file.
 */
public final class SqlFixtureWriter {

    private SqlFixtureWriter() {}

    public static void main(String[] args) {
        String events = args[0];
        String limits = args[1];
        SparkSession spark = LocalSpark.start("sql-fixture-writer");
        try {
            spark.sql("CREATE TABLE delta.`" + events + "` ("
                    + " event_id STRING COMMENT 'id the producer gave the event', event_type STRING,"
                    + " latency_ms BIGINT, event_timestamp TIMESTAMP, date DATE, hour INT)"
                    + " USING delta PARTITIONED BY (date, hour)"
                    + " TBLPROPERTIES ('delta.logRetentionDuration' = 'interval 30 days')");
            // id 0..11: date 2024-01-01 + id % 2 days, hour 10 + id / 6; every third row a purchase; latency 10 * id.
            spark.range(0, 12).selectExpr(
                    "concat('e', id) AS event_id",
                    "CASE WHEN id % 3 = 0 THEN 'purchase' ELSE 'click' END AS event_type",
                    "id * 10 AS latency_ms",
                    "timestamp_millis(1704067200000 + (id % 2) * 86400000 + (10 + id DIV 6) * 3600000 + id * 1000)"
                            + " AS event_timestamp",
                    "date_add(DATE'2024-01-01', CAST(id % 2 AS INT)) AS date",
                    "CAST(10 + id DIV 6 AS INT) AS hour")
                    .repartition(1).write().format("delta").mode("append").save(events);
            spark.sql("CREATE TABLE delta.`" + limits + "` (event_type STRING, max_latency_ms BIGINT) USING delta");
            spark.sql("INSERT INTO delta.`" + limits + "` VALUES ('click', 45), ('purchase', 1000)");
        } finally {
            spark.stop();
        }
    }
}
