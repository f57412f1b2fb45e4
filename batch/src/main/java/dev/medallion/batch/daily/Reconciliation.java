package dev.medallion.batch.daily;

import dev.medallion.batch.DeltaTables;
import dev.medallion.batch.Lakehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.time.LocalDate;
import java.util.List;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Compares the day's recomputed events with streaming silver's on the dedupe key (event_id, event_timestamp) and
 * replaces the day in {@code batch/reconciliation}: one {@code kind = 'hour'} row per hour with both sides' counts
 * and how many events only one side has, and one row per such event ({@code kind = 'only_in_batch'} /
 * {@code 'only_in_silver'}) naming it.
 */
final class Reconciliation {

    record Outcome(long silverEvents, long onlyInBatch, long onlyInSilver, List<Row> hours) {}

    private final SparkSession spark;
    private final Lakehouse lakehouse;

    Reconciliation(SparkSession spark, Lakehouse lakehouse) {
        this.spark = spark;
        this.lakehouse = lakehouse;
    }

    Outcome run(LocalDate day, Dataset<Row> batchEvents) {
        String silverTable = lakehouse.table(Lakehouse.SILVER_EVENTS);
        Dataset<Row> silver = DeltaTables.exists(spark, silverTable)
                ? spark.read().format("delta").load(silverTable).where(col("date").equalTo(lit(day)))
                .select("event_id", "event_timestamp")
                : spark.createDataFrame(List.of(), new StructType().add("event_id", DataTypes.StringType)
                .add("event_timestamp", DataTypes.TimestampType));
        Dataset<Row> b = batchEvents.select("event_id", "event_timestamp").distinct().withColumn("in_b", lit(1L));
        Dataset<Row> s = silver.distinct().withColumn("in_s", lit(1L));
        Dataset<Row> both = b.join(s, b.col("event_id").eqNullSafe(s.col("event_id"))
                        .and(b.col("event_timestamp").eqNullSafe(s.col("event_timestamp"))), "full_outer")
                .select(coalesce(b.col("event_id"), s.col("event_id")).as("event_id"),
                        coalesce(b.col("event_timestamp"), s.col("event_timestamp")).as("event_timestamp"),
                        col("in_b"), col("in_s"))
                .withColumn("hour", expr("date_trunc('HOUR', event_timestamp)"))
                .cache();
        try {
            Dataset<Row> hours = both.groupBy("hour").agg(
                            coalesce(sum("in_b"), lit(0L)).as("batch_events"),
                            coalesce(sum("in_s"), lit(0L)).as("silver_events"),
                            count_if(col("in_s").isNull()).as("only_in_batch"),
                            count_if(col("in_b").isNull()).as("only_in_silver"))
                    .select(lit("hour").as("kind"), col("hour"), lit(null).cast("string").as("event_id"),
                            lit(null).cast("timestamp").as("event_timestamp"), col("batch_events"),
                            col("silver_events"), col("only_in_batch"), col("only_in_silver"));
            Dataset<Row> events = both.where(col("in_b").isNull().or(col("in_s").isNull()))
                    .select(when(col("in_s").isNull(), lit("only_in_batch")).otherwise(lit("only_in_silver"))
                                    .as("kind"), col("hour"), col("event_id"), col("event_timestamp"),
                            lit(null).cast("bigint").as("batch_events"), lit(null).cast("bigint").as("silver_events"),
                            lit(null).cast("bigint").as("only_in_batch"), lit(null).cast("bigint").as("only_in_silver"));
            hours.unionByName(events).withColumn("date", lit(day)).write().format("delta").mode("overwrite")
                    .partitionBy("date").option("replaceWhere", "date = DATE'" + day + "'")
                    .save(lakehouse.table(Lakehouse.BATCH_RECONCILIATION));
            List<Row> perHour = hours.orderBy("hour").collectAsList();
            long silverEvents = perHour.stream().mapToLong(r -> r.<Long>getAs("silver_events")).sum();
            long onlyB = perHour.stream().mapToLong(r -> r.<Long>getAs("only_in_batch")).sum();
            long onlyS = perHour.stream().mapToLong(r -> r.<Long>getAs("only_in_silver")).sum();
            return new Outcome(silverEvents, onlyB, onlyS, perHour);
        } finally {
            both.unpersist();
        }
    }
}
