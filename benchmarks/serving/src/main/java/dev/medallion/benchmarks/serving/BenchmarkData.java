package dev.medallion.benchmarks.serving;

import dev.medallion.batch.BatchSpark;
import dev.medallion.batch.Lakehouse;
import dev.medallion.batch.hourly.HourlyMetricsJob;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Step 1 (Spark class path): 24 hours of events, written the way the pipeline would leave them. {@code silver/events}
 * holds all of them (the silver sink's schema); the batch layer's real {@code HourlyMetricsJob} turns the 21 hours
 * before W into {@code gold/hourly_metrics} (txn version W - 1); {@code gold/metrics_1m} holds the streaming job's
 * 1-minute rows from W on (written here by Spark in the sink's column shape); {@code events-clean.jsonl} holds the
 * events from W on as events.clean carries them, for the serving step to produce. Deterministic (seeded).
 *
 * <p>Usage: {@code BenchmarkData <dir> <silver DDL file> <events per minute and series, at most>}
 */
public final class BenchmarkData {
    static final List<String> TYPES = List.of("page_view", "click", "search", "add_to_cart", "purchase", "review",
            "login", "logout");
    static final List<String> REGIONS = List.of("westeurope", "northeurope", "eastus", "southeastasia");

    private BenchmarkData() {}

    record Event(String id, String type, String region, Instant ts, Double revenue, long latency, long response,
                 long processing) {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]).toAbsolutePath());
        StructType silverSchema = silverSchema(Path.of(args[1]));
        int maxPerMinute = Integer.parseInt(args[2]);
        BenchmarkPlan plan = BenchmarkPlan.forNow(Instant.now());
        List<Event> events = generate(plan, maxPerMinute);
        System.out.printf(Locale.ROOT, "events: %,d from %s to %s; boundary W = %s%n", events.size(), plan.from(),
                plan.eventsUntil(), plan.boundary());

        SparkSession spark = BatchSpark.start("serving-benchmark-data", "local[2]");
        Lakehouse lakehouse = Lakehouse.at(dir.toString());
        // Through a JSON file, as events.clean carries them (createDataFrame's Scala overloads need scala-reflect at
        // compile time, which this module's class path has only at run time).
        Path silverJson = dir.resolve("silver-events.jsonl");
        long speedEvents = 0;
        try (BufferedWriter all = Files.newBufferedWriter(silverJson);
             BufferedWriter speed = Files.newBufferedWriter(dir.resolve("events-clean.jsonl"))) {
            for (Event e : events) {
                String json = cleanJson(e);
                all.write(json);
                all.newLine();
                if (!e.ts().isBefore(plan.boundary())) {
                    speed.write(json);
                    speed.newLine();
                    speedEvents++;
                }
            }
        }
        Dataset<Row> silver = spark.read().schema(silverSchema).option("mode", "FAILFAST").json(silverJson.toString())
                .withColumn("date", functions.to_date(functions.col("event_timestamp")));
        silver.write().format("delta").mode("append").partitionBy("date").save(lakehouse.table(Lakehouse.SILVER_EVENTS));
        long written = spark.read().format("delta").load(lakehouse.table(Lakehouse.SILVER_EVENTS)).count();
        if (written != events.size()) {
            throw new IllegalStateException("silver/events holds " + written + " of " + events.size() + " events");
        }

        long t0 = System.nanoTime();
        HourlyMetricsJob.Result hourly = new HourlyMetricsJob(spark, lakehouse, Clock.systemUTC()).run(
                new HourlyMetricsJob.Request(Optional.empty(), Optional.of(plan.boundary()), Duration.ofMinutes(5),
                        744, Optional.of(plan.from())));
        System.out.printf(Locale.ROOT, "gold/hourly_metrics: %d hours written in %.1f s, progress %s%n",
                hourly.written().size(), (System.nanoTime() - t0) / 1e9, hourly.progress());
        if (hourly.progress().orElse(-1) != plan.boundaryHour() - 1) {
            throw new IllegalStateException("the hourly job did not write through W - 1: " + hourly.note());
        }

        spark.sql(String.format(Locale.ROOT, "SELECT window.start AS window_start, window.end AS window_end,"
                + " event_type, region, count(*) AS event_count, avg(latency_ms) AS avg_latency_ms,"
                + " avg(processing_time_ms) AS avg_processing_time_ms,"
                + " CAST(percentile_approx(response_time_ms, 0.95) AS DOUBLE) AS p95_response_time_ms,"
                + " sum(revenue) AS revenue_sum FROM delta.`%s` WHERE event_timestamp >= TIMESTAMP'%s'"
                + " GROUP BY window(event_timestamp, '1 minute'), event_type, region",
                lakehouse.table(Lakehouse.SILVER_EVENTS), plan.boundary()))
                .write().format("delta").mode("append").save(lakehouse.table("gold/metrics_1m"));

        System.out.printf(Locale.ROOT, "events.clean records for the speed view: %,d%n", speedEvents);
        plan.withTotal(events.size()).write(dir);
        spark.stop();
    }

    static List<Event> generate(BenchmarkPlan plan, int maxPerMinute) {
        Random random = new Random(16);
        List<Event> events = new ArrayList<>();
        long untilMinute = plan.eventsUntil().getEpochSecond() / 60;
        long seq = 0;
        for (long minute = plan.firstHour() * 60; minute < untilMinute; minute++) {
            for (String type : TYPES) {
                for (String region : REGIONS) {
                    int n = 1 + random.nextInt(maxPerMinute);
                    for (int i = 0; i < n; i++) {
                        Instant ts = Instant.ofEpochSecond(minute * 60 + random.nextInt(60));
                        Double revenue = type.equals("purchase") ? Math.round(random.nextDouble() * 20000) / 100.0
                                : null;
                        events.add(new Event("e" + (seq++), type, region, ts, revenue, 5 + random.nextInt(200),
                                20 + random.nextInt(800), 1 + random.nextInt(50)));
                    }
                }
            }
        }
        return events;
    }

    private static StructType silverSchema(Path ddlFile) throws IOException {
        String ddl = Files.readAllLines(ddlFile).stream().filter(l -> !l.trim().startsWith("--"))
                .collect(Collectors.joining("\n"));
        return StructType.fromDDL(ddl);
    }

    private static String cleanJson(Event e) {
        return String.format(Locale.ROOT, "{\"event_id\":\"%s\",\"event_type\":\"%s\",\"user_id\":\"u\","
                        + "\"region\":\"%s\",\"event_timestamp\":\"%s\",\"revenue\":%s,\"latency_ms\":%d,"
                        + "\"response_time_ms\":%d,\"processing_time_ms\":%d,\"text\":null,\"late_arrival\":false,"
                        + "\"processed_timestamp\":\"%s\"}", e.id(), e.type(), e.region(), e.ts(),
                e.revenue() == null ? "null" : e.revenue().toString(), e.latency(), e.response(), e.processing(),
                e.ts().plusSeconds(1));
    }
}
