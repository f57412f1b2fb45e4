package dev.medallion.batch;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes test rows into a silver table shaped like the silver sink's: the project's own DDL
 * ({@code connect-configs/schemas/silver_events.ddl}) plus the {@code date} partition column.
 */
public final class SilverFixture {

    /** One silver event; the other columns stay null. */
    public record Event(String eventId, String eventType, String region, Instant ts, Double revenue, Long latencyMs,
                        Long responseTimeMs, Long processingTimeMs, Boolean late, String text) {}

    public static final StructType SCHEMA = load();

    private SilverFixture() {}

    private static StructType load() {
        try {
            String ddl = Files.readAllLines(Path.of("../connect-configs/schemas/silver_events.ddl")).stream()
                    .filter(l -> !l.trim().startsWith("--"))
                    .collect(Collectors.joining("\n"));
            return StructType.fromDDL(ddl).add("date", DataTypes.DateType);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void append(SparkSession spark, String table, List<Event> events) {
        List<Row> rows = events.stream().map(SilverFixture::row).toList();
        spark.createDataFrame(rows, SCHEMA).write().format("delta").mode("append").partitionBy("date").save(table);
    }

    private static Row row(Event e) {
        Object[] v = new Object[SCHEMA.size()];
        v[SCHEMA.fieldIndex("event_id")] = e.eventId();
        v[SCHEMA.fieldIndex("event_type")] = e.eventType();
        v[SCHEMA.fieldIndex("user_id")] = "u-1";
        v[SCHEMA.fieldIndex("region")] = e.region();
        v[SCHEMA.fieldIndex("event_timestamp")] = e.ts();
        v[SCHEMA.fieldIndex("revenue")] = e.revenue();
        v[SCHEMA.fieldIndex("latency_ms")] = e.latencyMs();
        v[SCHEMA.fieldIndex("response_time_ms")] = e.responseTimeMs();
        v[SCHEMA.fieldIndex("processing_time_ms")] = e.processingTimeMs();
        v[SCHEMA.fieldIndex("text")] = e.text();
        v[SCHEMA.fieldIndex("late_arrival")] = e.late();
        v[SCHEMA.fieldIndex("processed_timestamp")] = e.ts().plusSeconds(1);
        v[SCHEMA.fieldIndex("date")] = LocalDate.ofInstant(e.ts(), ZoneOffset.UTC);
        return RowFactory.create(v);
    }
}
