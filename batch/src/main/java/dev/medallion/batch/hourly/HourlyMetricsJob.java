package dev.medallion.batch.hourly;

import dev.medallion.batch.DeltaTables;
import dev.medallion.batch.Lakehouse;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udaf;
import static org.apache.spark.sql.functions.when;

/**
 * Silver → {@code gold/hourly_metrics}, the batch view the serving layer reads: per hour, event type and region,
 * every distinct silver event (late arrivals included, which the streaming windows missed). Each hour is its own
 * commit carrying Delta's idempotent-write marker ({@code txnAppId} {@value #TXN_APP_ID}, {@code txnVersion} = the
 * epoch hour), also an hour without events, so the table's {@code txn} version is the serving boundary: every hour
 * up to it is final. An hour at or below the recorded version is never written again.
 *
 * <p>Writes only its own table: the sinks' tables are never touched.
 */
public final class HourlyMetricsJob {

    public static final String TXN_APP_ID = "medallion-batch-hourly";

    /** The table's columns, in the order of the wave's contract with the serving layer. */
    public static final StructType SCHEMA = new StructType()
            .add("window_start", DataTypes.TimestampType)
            .add("window_end", DataTypes.TimestampType)
            .add("event_type", DataTypes.StringType)
            .add("region", DataTypes.StringType)
            .add("event_count", DataTypes.LongType)
            .add("late_event_count", DataTypes.LongType)
            .add("latency_ms_sum", DataTypes.LongType)
            .add("avg_latency_ms", DataTypes.DoubleType)
            .add("processing_time_ms_sum", DataTypes.LongType)
            .add("avg_processing_time_ms", DataTypes.DoubleType)
            .add("p95_response_time_ms", DataTypes.DoubleType)
            .add("response_time_digest", DataTypes.BinaryType)
            .add("revenue_sum", DataTypes.DoubleType)
            .add("computed_at", DataTypes.TimestampType);

    /** What one run was asked to do (see {@link HourPlan#of}). */
    /**
     * What one run was asked to do (see {@link HourPlan#of}). {@code since}: where the batch view starts when the
     * table has no progress yet (default: silver's first hour); hours before it are not in the batch view.
     */
    public record Request(Optional<Instant> hour, Optional<Instant> through, Duration grace, int maxHours,
                          Optional<Instant> since) {
        public Request(Optional<Instant> hour, Optional<Instant> through, Duration grace, int maxHours) {
            this(hour, through, grace, maxHours, Optional.empty());
        }

        public static Request pending() {
            return new Request(Optional.empty(), Optional.empty(), Duration.ofMinutes(5), 744);
        }
    }

    /** One committed hour and how many rows (groups) it holds. */
    public record HourWritten(Instant hour, long rows, long events) {}

    public record Result(List<HourWritten> written, List<Instant> alreadyWritten, String note,
                         OptionalLong progress) {}

    private final SparkSession spark;
    private final Lakehouse lakehouse;
    private final Clock clock;

    public HourlyMetricsJob(SparkSession spark, Lakehouse lakehouse, Clock clock) {
        this.spark = spark;
        this.lakehouse = lakehouse;
        this.clock = clock;
    }

    public Result run(Request request) {
        String silver = lakehouse.table(Lakehouse.SILVER_EVENTS);
        String gold = lakehouse.table(Lakehouse.GOLD_HOURLY_METRICS);
        boolean silverExists = DeltaTables.exists(spark, silver);
        OptionalLong last = DeltaTables.txnVersion(spark, gold, TXN_APP_ID);
        OptionalLong firstSilver = last.isPresent() ? OptionalLong.empty()
                : request.since().isPresent() ? OptionalLong.of(HourPlan.epochHour(request.since().get()))
                : silverExists ? firstHour(silver) : OptionalLong.empty();
        HourPlan plan = HourPlan.of(last, firstSilver, request.hour(), request.through(), clock.instant(),
                request.grace(), request.maxHours());
        List<Instant> already = plan.alreadyWritten().stream().map(HourPlan::hourStart).toList();
        if (plan.toWrite().isEmpty()) {
            return new Result(List.of(), already, plan.note(), last);
        }
        long first = plan.toWrite().get(0);
        long lastHour = plan.toWrite().get(plan.toWrite().size() - 1);
        Map<Instant, List<Row>> byHour = silverExists ? aggregate(silver, first, lastHour + 1) : Map.of();

        List<HourWritten> written = new ArrayList<>();
        for (long hour : plan.toWrite()) {
            Instant start = HourPlan.hourStart(hour);
            List<Row> rows = new ArrayList<>();
            Instant computedAt = clock.instant();
            long events = 0;
            for (Row r : byHour.getOrDefault(start, List.of())) {
                Object[] values = new Object[SCHEMA.size()];
                values[0] = start;
                values[1] = start.plus(Duration.ofHours(1));
                for (int i = 1; i < r.size(); i++) {
                    values[i + 1] = r.get(i);
                }
                values[SCHEMA.size() - 1] = computedAt;
                events += r.getLong(3);
                rows.add(RowFactory.create(values));
            }
            // An hour without events is still committed (only the txn): the recorded version must advance.
            spark.createDataFrame(rows, SCHEMA).write().format("delta").mode("append")
                    .option("txnAppId", TXN_APP_ID)
                    .option("txnVersion", hour)
                    .save(gold);
            written.add(new HourWritten(start, rows.size(), events));
        }
        return new Result(written, already, plan.note(), OptionalLong.of(lastHour));
    }

    private OptionalLong firstHour(String silver) {
        Row row = spark.read().format("delta").load(silver).agg(min("event_timestamp")).first();
        return row.isNullAt(0) ? OptionalLong.empty() : OptionalLong.of(HourPlan.epochHour(row.getAs(0)));
    }

    /** Groups of [fromHour, toHour) keyed by hour start; each row: hour, type, region, then the metrics. */
    private Map<Instant, List<Row>> aggregate(String silver, long fromHour, long toHour) {
        Instant from = HourPlan.hourStart(fromHour);
        Instant to = HourPlan.hourStart(toHour);
        Dataset<Row> events = spark.read().format("delta").load(silver);
        if (Arrays.asList(events.columns()).contains("date")) {
            // Partition pruning: silver is partitioned by the UTC date of event_timestamp.
            events = events.where(col("date").between(lit(LocalDate.ofInstant(from, ZoneOffset.UTC)),
                    lit(LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC))));
        }
        Column ts = col("event_timestamp");
        Dataset<Row> groups = events.where(ts.geq(lit(from)).and(ts.lt(lit(to))))
                .dropDuplicates("event_id", "event_timestamp")
                .groupBy(expr("date_trunc('HOUR', event_timestamp)").as("window_start"),
                        col("event_type"), col("region"))
                .agg(count(lit(1)).as("event_count"),
                        sum(when(col("late_arrival").equalTo(true), 1L).otherwise(0L)).as("late_event_count"),
                        sum("latency_ms").cast("bigint").as("latency_ms_sum"),
                        avg("latency_ms").as("avg_latency_ms"),
                        sum("processing_time_ms").cast("bigint").as("processing_time_ms_sum"),
                        avg("processing_time_ms").as("avg_processing_time_ms"),
                        expr("percentile(response_time_ms, 0.95)").as("p95_response_time_ms"),
                        udaf(new ResponseTimeDigest(), org.apache.spark.sql.Encoders.LONG())
                                .apply(col("response_time_ms").cast("bigint")).as("response_time_digest"),
                        sum(col("revenue").cast("double")).as("revenue_sum"));
        Map<Instant, List<Row>> byHour = new TreeMap<>();
        for (Row r : groups.collectAsList()) {
            byHour.computeIfAbsent(r.getAs("window_start"), k -> new ArrayList<>()).add(r);
        }
        return byHour;
    }
}
