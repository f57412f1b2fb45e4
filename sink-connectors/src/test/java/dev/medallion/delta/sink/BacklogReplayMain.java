package dev.medallion.delta.sink;

import dev.medallion.testkit.RecordingSinkTaskContext;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backlog replay in one flush interval, run in its own small-heap JVM by {@link BacklogReplayHeapIT}: one task, one
 * topic partition, schemaless events spanning {@code hours} distinct date/hour partitions (two events per hour, in
 * time order, as a replay of an old backlog delivers them), all committed at once at the end. Exits 0 when the commit
 * went through; an OutOfMemoryError exits non-zero.
 *
 * <p>Arguments: table root, number of hours, then connector settings as key=value.
 */
public final class BacklogReplayMain {
    static final TopicPartition TP = new TopicPartition("replay", 0);
    static final int EVENTS_PER_HOUR = 2;
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private BacklogReplayMain() {
    }

    public static void main(String[] args) {
        Map<String, String> config = new HashMap<>();
        config.put("name", "replay");
        config.put(DeltaSinkConfig.TABLES_ROOT_CONFIG, args[0]);
        config.put(DeltaSinkConfig.FLUSH_INTERVAL_MS_CONFIG, "3600000");
        config.put(DeltaSinkConfig.PARTITION_TIME_FIELD_CONFIG, "event_time");
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            config.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        int hours = Integer.parseInt(args[1]);
        DeltaSinkTask task = new DeltaSinkTask();
        task.initialize(new RecordingSinkTaskContext(config, false));
        task.start(config);
        task.open(List.of(TP));
        long offset = 0;
        List<SinkRecord> batch = new ArrayList<>();
        for (int hour = 0; hour < hours; hour++) {
            for (int n = 0; n < EVENTS_PER_HOUR; n++) {
                batch.add(new SinkRecord(TP.topic(), TP.partition(), null, null, null, event(offset, hour), offset));
                offset++;
            }
            if (batch.size() >= 500) {   // Connect's default max.poll.records
                task.put(batch);
                batch = new ArrayList<>();
            }
        }
        task.put(batch);
        task.commitNow();
        task.stop();
        System.out.println("replayed " + offset + " events");
    }

    /** A bronze-like event: a dozen columns of the usual kinds. */
    static Map<String, Object> event(long offset, int hour) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event_id", "evt-" + offset);
        e.put("event_time", START.plusSeconds(3600L * hour + offset % 3600).toString());
        e.put("event_type", offset % 3 == 0 ? "click" : "view");
        e.put("user_id", "user-" + offset % 977);
        e.put("session_id", "session-" + offset / 7);
        e.put("latency_ms", offset % 1000);
        e.put("amount", offset * 0.25);
        e.put("currency", "EUR");
        e.put("country", "DE");
        e.put("device", Map.of("os", "android", "version", "14"));
        e.put("tags", List.of("a", "b"));
        e.put("ok", offset % 2 == 0);
        return e;
    }
}
