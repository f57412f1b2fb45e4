package dev.medallion.benchmarks.serving;

import dev.medallion.batch.BatchSpark;
import dev.medallion.batch.Lakehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Step 3 (Spark class path): the same question as the API's, answered by Spark SQL over the gold tables: the hours
 * before W from {@code gold/hourly_metrics}, the minutes from W on from {@code gold/metrics_1m}, per bucket, event
 * type and region. The session is started and the query run 5 times before timing; then N runs one after the other
 * (the API's N). Prints both rows of the table and the ratios.
 *
 * <p>Usage: {@code GoldQueryBenchmark <dir> <repetitions>}
 */
public final class GoldQueryBenchmark {
    private static final int WARM_UP = 5;

    private GoldQueryBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]).toAbsolutePath();
        int repetitions = Integer.parseInt(args[1]);
        BenchmarkPlan plan = BenchmarkPlan.read(dir);
        Timings api = Timings.read(dir.resolve("serving-api.properties"));
        Lakehouse lakehouse = Lakehouse.at(dir.toString());
        String columns = "window_start, window_end, event_type, region, event_count, avg_latency_ms,"
                + " p95_response_time_ms, revenue_sum";
        String query = String.format(Locale.ROOT, "SELECT %s FROM delta.`%s` WHERE window_start >= TIMESTAMP'%s'"
                        + " AND window_start < TIMESTAMP'%s' UNION ALL SELECT %s FROM delta.`%s`"
                        + " WHERE window_start >= TIMESTAMP'%s' AND window_start < TIMESTAMP'%s'"
                        + " ORDER BY window_start, event_type, region",
                columns, lakehouse.table(Lakehouse.GOLD_HOURLY_METRICS), plan.from(), plan.boundary(),
                columns, lakehouse.table("gold/metrics_1m"), plan.boundary(), plan.to());
        SparkSession spark = BatchSpark.start("serving-benchmark-gold-query", "local[2]");
        System.out.println("Spark SQL: " + query);
        List<Row> rows = List.of();
        for (int i = 0; i < WARM_UP; i++) {
            rows = spark.sql(query).collectAsList();
        }
        long events = 0;
        for (Row r : rows) {
            events += r.getLong(4);
        }
        if (events != plan.totalEvents()) {
            throw new IllegalStateException("Spark answered " + events + " events, the plan holds "
                    + plan.totalEvents());
        }
        long[] nanos = new long[repetitions];
        for (int i = 0; i < repetitions; i++) {
            long t0 = System.nanoTime();
            spark.sql(query).collectAsList();
            nanos[i] = System.nanoTime() - t0;
        }
        Timings gold = Timings.of("Spark SQL over the gold tables (warm session)", nanos, Double.NaN, events,
                rows.size());
        spark.stop();

        System.out.println();
        System.out.println("24 hours at 1m, by event type and region: " + plan.from() + " to " + plan.to()
                + ", boundary W = " + plan.boundary());
        System.out.println(Timings.header());
        System.out.println(api.row());
        System.out.println(gold.row());
        System.out.printf(Locale.ROOT, "ratio Spark / API: p50 %.1fx, p99 %.1fx; requests/s API / Spark (1 client):"
                + " %.1fx%n", gold.p50Ms() / api.p50Ms(), gold.p99Ms() / api.p99Ms(), api.perSecond()
                / gold.perSecond());
    }
}
