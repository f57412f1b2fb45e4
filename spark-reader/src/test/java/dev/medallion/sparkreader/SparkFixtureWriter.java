package dev.medallion.sparkreader;

import dev.medallion.sparkreader.dumper.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Main run in the Spark child JVM by SparkDeltaReaderIT: writes a Delta table with Spark itself, so the reader is
 * tested against what delta-spark writes. Commit 0 creates the table (partitioned by region and day, with NOT NULL,
 * decimal, timestamp, date, nested struct/array/map columns); commits 1 and 2 append rows 0..2 and 3..4 with
 * idempotent-write txn actions (appId {@code fixture-app}, versions 7 and 9).
 */
public final class SparkFixtureWriter {

    static final String APP_ID = "fixture-app";

    private SparkFixtureWriter() {}

    public static void main(String[] args) {
        String table = args[0];
        SparkSession spark = LocalSpark.start("spark-fixture-writer");
        try {
            spark.sql("CREATE TABLE delta.`" + table + "` ("
                    + " event_id STRING NOT NULL, amount DECIMAL(10,2), big BIGINT, small INT, score DOUBLE,"
                    + " flag BOOLEAN,"
                    + " event_time TIMESTAMP, event_date DATE,"
                    + " payload STRUCT<source: STRING, tags: ARRAY<STRING>, attrs: MAP<STRING, INT>>,"
                    + " note STRING, region STRING, day STRING)"
                    + " USING delta PARTITIONED BY (region, day)");
            rows(spark, 0, 3).write().format("delta").mode("append")
                    .option("txnAppId", APP_ID).option("txnVersion", "7").save(table);
            rows(spark, 3, 5).write().format("delta").mode("append")
                    .option("txnAppId", APP_ID).option("txnVersion", "9").save(table);
        } finally {
            spark.stop();
        }
    }

    /** Rows with id in [from, to); SparkDeltaReaderIT computes the same values to compare. */
    private static Dataset<Row> rows(SparkSession spark, long from, long to) {
        return spark.range(from, to).selectExpr(
                "concat('e', id) AS event_id",
                "CAST(id * 1.25 AS DECIMAL(10,2)) AS amount",
                "id * 1000000000000 AS big",
                "CAST(id AS INT) AS small",
                "id / 4.0D AS score",
                "id % 2 = 0 AS flag",
                "timestamp_micros(1714564800000000 + id * 1000001) AS event_time",
                "date_add(DATE'2024-05-01', CAST(id AS INT)) AS event_date",
                "named_struct('source', concat('src-', id), 'tags', array('a', concat('t', id)),"
                        + " 'attrs', map('k', CAST(id AS INT))) AS payload",
                "CASE WHEN id = 2 THEN NULL ELSE concat('note ', id) END AS note",
                "CASE WHEN id % 2 = 0 THEN 'eu' ELSE 'us' END AS region",
                "CAST(date_add(DATE'2024-05-01', CAST(id AS INT) % 2) AS STRING) AS day");
    }
}
