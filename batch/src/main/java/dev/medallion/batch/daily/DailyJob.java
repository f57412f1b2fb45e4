package dev.medallion.batch.daily;

import dev.medallion.batch.DeltaTables;
import dev.medallion.batch.Lakehouse;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

import java.time.LocalDate;
import java.util.List;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

/**
 * The Lambda "master dataset recomputes the truth" job for one UTC day: bronze's rows of the day are validated
 * ({@link BronzeRules}), deduplicated on (event_id, event time) keeping the first copy ingested, and enriched
 * ({@link TextEnrichment}) into {@code batch/events}; they are reconciled with streaming silver's rows of the day
 * into {@code batch/reconciliation}; and {@code gold/daily_summary} gets the day's business report. Each table is
 * batch-owned and partitioned by {@code date}; the day's partition is replaced ({@code replaceWhere}), so a re-run for
 * the same day leaves the same rows. No run timestamp is stored: Delta's history says when each version was written.
 */
public final class DailyJob {

    /** What the run found, for the printed report. */
    public record Report(LocalDate day, long bronzeRows, long invalidRows, long duplicateRows, long batchEvents,
                         long silverEvents, long onlyInBatch, long onlyInSilver, List<Row> invalidReasons,
                         List<Row> hours) {}

    private final SparkSession spark;
    private final Lakehouse lakehouse;

    public DailyJob(SparkSession spark, Lakehouse lakehouse) {
        this.spark = spark;
        this.lakehouse = lakehouse;
    }

    public Report run(LocalDate day) {
        String bronzeTable = lakehouse.table(Lakehouse.BRONZE_EVENTS);
        if (!DeltaTables.exists(spark, bronzeTable)) {
            throw new IllegalArgumentException("daily: no Delta table at " + bronzeTable);
        }
        Dataset<Row> bronze = spark.read().format("delta").load(bronzeTable).where(col("date").equalTo(lit(day)))
                .withColumn("violation", BronzeRules.violation()).cache();
        try {
            return run(day, bronze);
        } finally {
            bronze.unpersist();
        }
    }

    private Report run(LocalDate day, Dataset<Row> bronze) {
        long bronzeRows = bronze.count();
        Dataset<Row> valid = bronze.where(col("violation").isNull());
        List<Row> reasons = bronze.where(col("violation").isNotNull()).groupBy("violation").count()
                .orderBy("violation").collectAsList();
        long invalid = reasons.stream().mapToLong(r -> r.getLong(1)).sum();

        // First copy as ingested (then by Event Hubs position) per (event_id, event time), as silver keeps it.
        Dataset<Row> distinct = valid.withColumn("copy", row_number().over(Window
                        .partitionBy("event_id", "event_time")
                        .orderBy(col("ingested_at").asc_nulls_last(), col("eventhubs_partition"),
                                col("eventhubs_sequence_number"))))
                .where(col("copy").equalTo(1));
        Column text = col("text");
        Dataset<Row> events = distinct.select(col("event_id"), col("event_type"), col("user_id"), col("region"),
                col("event_timestamp"), col("revenue"), col("latency_ms"), col("response_time_ms"),
                col("processing_time_ms"), text, TextEnrichment.sentiment(text).as("sentiment"),
                TextEnrichment.sentimentScore(text).as("sentiment_score"),
                TextEnrichment.keyPhrases(text).as("key_phrases"), col("ingested_at"), col("date"));
        replaceDay(events, Lakehouse.BATCH_EVENTS, day);

        Dataset<Row> batchEvents = spark.read().format("delta").load(lakehouse.table(Lakehouse.BATCH_EVENTS))
                .where(col("date").equalTo(lit(day)));
        long batchCount = batchEvents.count();
        Reconciliation.Outcome reconciliation = new Reconciliation(spark, lakehouse).run(day, batchEvents);
        replaceDay(summary(batchEvents), Lakehouse.GOLD_DAILY_SUMMARY, day);
        return new Report(day, bronzeRows, invalid, bronzeRows - invalid - batchCount, batchCount,
                reconciliation.silverEvents(), reconciliation.onlyInBatch(), reconciliation.onlyInSilver(), reasons,
                reconciliation.hours());
    }

    /** Per region and event type: events, revenue, sentiment distribution, the five most frequent key phrases. */
    private Dataset<Row> summary(Dataset<Row> events) {
        Dataset<Row> totals = events.groupBy("date", "region", "event_type").agg(
                count(lit(1)).as("events"),
                sum("revenue").as("revenue_sum"),
                count_if(col("sentiment").equalTo("positive")).as("sentiment_positive"),
                count_if(col("sentiment").equalTo("neutral")).as("sentiment_neutral"),
                count_if(col("sentiment").equalTo("negative")).as("sentiment_negative"),
                count_if(col("sentiment").equalTo("mixed")).as("sentiment_mixed"),
                count_if(col("sentiment").isNull()).as("sentiment_none"));
        Dataset<Row> phrases = events.select(col("region"), col("event_type"), explode(col("key_phrases")).as("phrase"))
                .groupBy("region", "event_type", "phrase").count()
                .withColumn("rank", row_number().over(Window.partitionBy("region", "event_type")
                        .orderBy(desc("count"), col("phrase"))))
                .where(col("rank").leq(5))
                .groupBy("region", "event_type")
                .agg(org.apache.spark.sql.functions.array_sort(org.apache.spark.sql.functions.collect_list(
                        org.apache.spark.sql.functions.struct(col("rank"), col("phrase")))).as("ranked"))
                .select(col("region").as("p_region"), col("event_type").as("p_event_type"),
                        col("ranked.phrase").as("top_key_phrases"));
        // Null-safe join: a null region or type is a group of its own, as in the hourly view. The phrase side's keys
        // are renamed: both sides derive from one plan, and same-named columns would make the condition trivially true.
        Dataset<Row> joined = totals.join(phrases, totals.col("region").eqNullSafe(phrases.col("p_region"))
                        .and(totals.col("event_type").eqNullSafe(phrases.col("p_event_type"))), "left")
                .select(totals.col("region"), totals.col("event_type"), col("events"), col("revenue_sum"),
                        col("sentiment_positive"), col("sentiment_neutral"), col("sentiment_negative"),
                        col("sentiment_mixed"), col("sentiment_none"),
                        coalesce(col("top_key_phrases"), org.apache.spark.sql.functions.array().cast("array<string>"))
                                .as("top_key_phrases"),
                        totals.col("date"));
        return joined;
    }

    private void replaceDay(Dataset<Row> rows, String table, LocalDate day) {
        rows.write().format("delta").mode("overwrite").partitionBy("date")
                .option("replaceWhere", "date = DATE'" + day + "'")
                .save(lakehouse.table(table));
    }

}
