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

/** Test rows in a bronze table shaped like the bronze sink's: the project's DDL plus the date and hour partitions. */
public final class BronzeFixture {

    /** One bronze row; eventTime null writes a null event_time (and event_timestamp). */
    public record Raw(String eventId, String eventType, String region, Long eventTime, Double revenue, String text,
                      Instant ingestedAt) {}

    public static final StructType SCHEMA = load();

    private BronzeFixture() {}

    private static StructType load() {
        try {
            String ddl = Files.readAllLines(Path.of("../connect-configs/schemas/bronze_events.ddl")).stream()
                    .filter(l -> !l.trim().startsWith("--"))
                    .collect(Collectors.joining("\n"));
            return StructType.fromDDL(ddl).add("date", DataTypes.DateType).add("hour", DataTypes.IntegerType);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows without an event time go to the given day's partition (as a sink's partition of ingestion would). */
    public static void append(SparkSession spark, String table, LocalDate fallbackDay, List<Raw> raws) {
        List<Row> rows = raws.stream().map(r -> row(r, fallbackDay)).toList();
        spark.createDataFrame(rows, SCHEMA).write().format("delta").mode("append").partitionBy("date", "hour")
                .save(table);
    }

    private static Row row(Raw r, LocalDate fallbackDay) {
        Object[] v = new Object[SCHEMA.size()];
        Instant ts = r.eventTime() == null ? null : Instant.ofEpochMilli(r.eventTime());
        v[SCHEMA.fieldIndex("event_id")] = r.eventId();
        v[SCHEMA.fieldIndex("event_type")] = r.eventType();
        v[SCHEMA.fieldIndex("user_id")] = "u-1";
        v[SCHEMA.fieldIndex("region")] = r.region();
        v[SCHEMA.fieldIndex("event_time")] = r.eventTime();
        v[SCHEMA.fieldIndex("revenue")] = r.revenue();
        v[SCHEMA.fieldIndex("latency_ms")] = 10L;
        v[SCHEMA.fieldIndex("response_time_ms")] = 20L;
        v[SCHEMA.fieldIndex("processing_time_ms")] = 3L;
        v[SCHEMA.fieldIndex("text")] = r.text();
        v[SCHEMA.fieldIndex("event_timestamp")] = ts;
        v[SCHEMA.fieldIndex("ingested_at")] = r.ingestedAt();
        v[SCHEMA.fieldIndex("eventhubs_partition")] = "0";
        v[SCHEMA.fieldIndex("eventhubs_offset")] = "1";
        v[SCHEMA.fieldIndex("eventhubs_sequence_number")] = 1L;
        v[SCHEMA.fieldIndex("eventhubs_enqueued_time")] = r.ingestedAt();
        v[SCHEMA.fieldIndex("date")] = ts == null ? fallbackDay : LocalDate.ofInstant(ts, ZoneOffset.UTC);
        v[SCHEMA.fieldIndex("hour")] = ts == null ? 0 : ts.atZone(ZoneOffset.UTC).getHour();
        return RowFactory.create(v);
    }
}
