package dev.medallion.benchmarks.batch;

import dev.medallion.delta.sink.DeltaSinkTask;
import dev.medallion.testkit.RecordingSinkTaskContext;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes a bronze-shaped table ({@code date}/{@code hour} partitions) through the Delta sink's task, the way a
 * worker drives it, in many small commits ({@code flush.max.records}): event times advance evenly over 30 days, so
 * each commit touches one or two hour partitions and leaves one small file in each, as a streaming day does.
 *
 * <p>Usage: {@code BronzeTableWriter <lakehouse dir> <rows> <rows per commit>}; the table is
 * {@code <lakehouse>/bronze/events}.
 */
public final class BronzeTableWriter {
    static final Schema SCHEMA = SchemaBuilder.struct().name("dev.medallion.BronzeEvent")
            .field("event_id", Schema.STRING_SCHEMA)
            .field("event_type", Schema.STRING_SCHEMA)
            .field("user_id", Schema.STRING_SCHEMA)
            .field("region", Schema.STRING_SCHEMA)
            .field("revenue", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("latency_ms", Schema.INT64_SCHEMA)
            .field("event_timestamp", Timestamp.SCHEMA)
            .build();
    private static final String[] TYPES =
            {"page_view", "click", "search", "add_to_cart", "purchase", "review", "login", "logout"};
    private static final String[] REGIONS = {"eastus", "westus2", "westeurope", "northeurope", "southeastasia"};
    /** 2026-10-01T00:00:00Z; rows span 30 days from here. */
    static final long START_MS = 1_790_812_800_000L;
    static final long SPAN_MS = 30L * 24 * 3600 * 1000;

    private BronzeTableWriter() {}

    public static void main(String[] args) {
        Path lakehouse = Path.of(args[0]).toAbsolutePath();
        long rows = Long.parseLong(args[1]);
        int perCommit = Integer.parseInt(args[2]);
        TopicPartition tp = new TopicPartition("events", 0);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("name", "bronze-bench");
        props.put("topics", tp.topic());
        props.put("tables.root", lakehouse.resolve("bronze").toUri().toString());
        props.put("partition.time.field", "event_timestamp");
        props.put("partition.time.granularity", "hour");
        props.put("flush.max.records", String.valueOf(perCommit));
        props.put("flush.interval.ms", "3600000");
        DeltaSinkTask task = new DeltaSinkTask();
        task.initialize(new RecordingSinkTaskContext(props, Set.of(tp), false));
        task.start(props);
        task.open(List.of(tp));
        SplittableRandom random = new SplittableRandom(42);
        long t0 = System.nanoTime();
        List<SinkRecord> batch = new ArrayList<>(500);
        for (long i = 0; i < rows; i++) {
            batch.add(record(tp, i, rows, random));
            if (batch.size() == 500) {
                task.put(batch);
                batch = new ArrayList<>(500);
            }
        }
        if (!batch.isEmpty()) {
            task.put(batch);
        }
        task.commitNow();
        task.close(List.of(tp));
        task.stop();
        System.out.printf("wrote %,d rows in commits of %,d in %.1f s%n", rows, perCommit,
                (System.nanoTime() - t0) / 1e9);
    }

    private static SinkRecord record(TopicPartition tp, long i, long rows, SplittableRandom random) {
        String type = TYPES[random.nextInt(TYPES.length)];
        Struct value = new Struct(SCHEMA)
                .put("event_id", "ev-" + i)
                .put("event_type", type)
                .put("user_id", "user-" + random.nextInt(50_000))
                .put("region", REGIONS[random.nextInt(REGIONS.length)])
                .put("revenue", type.equals("purchase") ? Math.round(random.nextDouble(5, 500) * 100) / 100.0 : null)
                .put("latency_ms", (long) random.nextInt(5, 2_000))
                .put("event_timestamp", new Date(START_MS + i * SPAN_MS / rows));
        return new SinkRecord(tp.topic(), tp.partition(), null, null, SCHEMA, value, i, START_MS,
                TimestampType.CREATE_TIME);
    }
}
