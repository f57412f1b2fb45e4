package dev.medallion.batch.daily;

import org.apache.spark.sql.Column;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * The source's Validate rules (connect-configs/local/eventhubs-source.json) for the fields bronze holds, as one
 * column naming the first rule a row breaks (null when it breaks none): event_id, event_type and event_time required,
 * event_time from 2000-01-01 to before 2100, revenue a number >= 0. Types are the bronze schema's already; the
 * "at most 1 minute ahead of the worker's clock" rule depends on arrival time and cannot be re-checked a day later.
 */
public final class BronzeRules {

    static final long MIN_EVENT_TIME = 946_684_800_000L;    // 2000-01-01T00:00:00Z
    static final long MAX_EVENT_TIME = 4_102_444_800_000L;  // 2100-01-01T00:00:00Z (exclusive)

    private BronzeRules() {}

    public static Column violation() {
        return when(col("event_id").isNull().or(trim(col("event_id")).equalTo("")), lit("event_id missing"))
                .when(col("event_type").isNull().or(trim(col("event_type")).equalTo("")), lit("event_type missing"))
                .when(col("event_time").isNull(), lit("event_time missing"))
                .when(col("event_time").lt(MIN_EVENT_TIME).or(col("event_time").geq(MAX_EVENT_TIME)),
                        lit("event_time outside 2000-01-01..2100-01-01"))
                .when(col("revenue").isNotNull().and(col("revenue").lt(0).or(isnan(col("revenue")))),
                        lit("revenue negative or NaN"))
                .otherwise(lit(null).cast("string"));
    }
}
