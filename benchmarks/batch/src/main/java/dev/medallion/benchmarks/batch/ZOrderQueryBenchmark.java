package dev.medallion.benchmarks.batch;

import dev.medallion.batch.BatchSpark;
import dev.medallion.batch.maintenance.MaintenanceOptions;
import dev.medallion.batch.maintenance.MaintenanceReport;
import dev.medallion.batch.maintenance.TableMaintenance;
import dev.medallion.batch.maintenance.TablePolicies;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.metric.SQLMetric;
import scala.jdk.javaapi.CollectionConverters;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The design's example query (a {@code date} range and an {@code event_type}) on a bronze table, before and after
 * the batch layer's OPTIMIZE ZORDER (bronze's defaults: {@code event_type}, {@code user_id}; the whole table): files
 * and bytes the scan read after partition pruning and data skipping, and the query's median time of 5 runs (after one
 * warm-up). Runs in the batch module's Spark class path.
 *
 * <p>Usage: {@code ZOrderQueryBenchmark <bronze table uri> <from date> <to date (exclusive)> <event type>}
 */
public final class ZOrderQueryBenchmark {
    private static final int RUNS = 5;

    private ZOrderQueryBenchmark() {}

    public static void main(String[] args) {
        String table = args[0];
        String query = String.format(Locale.ROOT, "SELECT date, count(*) AS events, round(sum(revenue), 2) AS revenue"
                + " FROM delta.`%s` WHERE date >= DATE'%s' AND date < DATE'%s' AND event_type = '%s'"
                + " GROUP BY date ORDER BY date", table, args[1], args[2], args[3]);
        SparkSession spark = BatchSpark.start("zorder-query-benchmark", "local[2]");
        // Without adaptive execution the executed plan holds the scan node and its metrics directly.
        spark.conf().set("spark.sql.adaptive.enabled", "false");
        System.out.println("query: " + query);

        Measurement before = measure(spark, query);
        long t0 = System.nanoTime();
        MaintenanceReport report = new TableMaintenance(spark).run(table, TablePolicies.forTable("bronze/events"),
                new MaintenanceOptions(Optional.empty(), true, Optional.empty(), false, false, Optional.empty()));
        double optimizeSeconds = (System.nanoTime() - t0) / 1e9;
        Measurement after = measure(spark, query);

        System.out.println("OPTIMIZE ZORDER BY (event_type, user_id), whole table: " + report.format());
        System.out.printf(Locale.ROOT, "OPTIMIZE took %.1f s%n", optimizeSeconds);
        System.out.println("| | table files | files read | bytes read | query median (5 runs) | result rows |");
        System.out.println("|---|---|---|---|---|---|");
        System.out.println(before.row("before", report.filesBefore()));
        System.out.println(after.row("after", report.filesAfter()));
        if (!before.result.equals(after.result)) {
            throw new IllegalStateException("The query's result changed: " + before.result + " vs " + after.result);
        }
    }

    private record Measurement(long filesRead, long bytesRead, double medianSeconds, List<Row> result) {
        String row(String label, long tableFiles) {
            return String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %.3f s | %d |", label, tableFiles, filesRead,
                    bytesRead, medianSeconds, result.size());
        }
    }

    private static Measurement measure(SparkSession spark, String query) {
        spark.sql(query).collectAsList();   // warm-up: snapshot and code generation
        List<Double> times = new ArrayList<>();
        long files = 0;
        long bytes = 0;
        List<Row> result = List.of();
        for (int i = 0; i < RUNS; i++) {
            Dataset<Row> df = spark.sql(query);
            long t0 = System.nanoTime();
            result = df.collectAsList();
            times.add((System.nanoTime() - t0) / 1e9);
            files = 0;
            bytes = 0;
            for (SparkPlan leaf : CollectionConverters.asJava(df.queryExecution().executedPlan().collectLeaves())) {
                if (leaf instanceof FileSourceScanExec scan) {
                    Map<String, SQLMetric> metrics = CollectionConverters.asJava(scan.metrics());
                    files += metrics.get("numFiles").value();
                    bytes += metrics.get("filesSize").value();
                }
            }
        }
        Collections.sort(times);
        return new Measurement(files, bytes, times.get(RUNS / 2), result);
    }
}
