package dev.medallion.delta.sink.bench;

import dev.medallion.delta.sink.DeltaSinkTask;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Development probe, not the product benchmark (that is benchmarks/sink): pushes N pre-built ~15-field event Structs
 * through {@link DeltaSinkTask} put + commit on the calling thread and prints records/s.
 * Run: {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.medallion.delta.sink.bench.SinkThroughputMain 1000000}
 */
public final class SinkThroughputMain {
    static final Schema EVENT = SchemaBuilder.struct().name("Event")
            .field("event_id", Schema.STRING_SCHEMA).field("event_type", Schema.STRING_SCHEMA)
            .field("user_id", Schema.STRING_SCHEMA).field("session_id", Schema.STRING_SCHEMA)
            .field("event_time", Timestamp.SCHEMA).field("ingest_time", Timestamp.SCHEMA)
            .field("region", Schema.STRING_SCHEMA).field("device", Schema.STRING_SCHEMA)
            .field("country", Schema.STRING_SCHEMA).field("amount", Schema.FLOAT64_SCHEMA)
            .field("quantity", Schema.INT32_SCHEMA).field("price", Schema.FLOAT64_SCHEMA)
            .field("is_mobile", Schema.BOOLEAN_SCHEMA).field("sentiment", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("page", Schema.OPTIONAL_STRING_SCHEMA).build();

    private SinkThroughputMain() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("delta-bench");
        String[] types = {"click", "view", "purchase", "search"};
        String[] regions = {"eu-west", "us-east", "ap-south"};
        List<SinkRecord> records = new ArrayList<>(n);
        long t0 = 1_764_000_000_000L;
        for (int i = 0; i < n; i++) {
            Struct s = new Struct(EVENT).put("event_id", "evt-" + i).put("event_type", types[i % 4])
                    .put("user_id", "user-" + (i % 50_000)).put("session_id", "sess-" + (i % 200_000))
                    .put("event_time", new java.util.Date(t0 + i)).put("ingest_time", new java.util.Date(t0 + i + 15))
                    .put("region", regions[i % 3]).put("device", i % 2 == 0 ? "ios" : "android")
                    .put("country", "DE").put("amount", i * 0.01).put("quantity", i % 10).put("price", 9.99)
                    .put("is_mobile", i % 2 == 0).put("sentiment", (i % 100) / 100.0).put("page", "/p/" + (i % 1000));
            records.add(new SinkRecord("events", 0, null, null, EVENT, s, i));
        }
        Map<String, String> config = new HashMap<>();
        config.put("name", "bench");
        config.put("tables.root", dir.toString());
        config.put("flush.interval.ms", "3600000");
        config.put("flush.max.records", System.getProperty("flush.max.records", "500000"));
        if (args.length > 1) {
            config.put("partition.time.field", "event_time");
        }
        for (int round = 0; round < 2; round++) {
            DeltaSinkTask task = new DeltaSinkTask();
            task.initialize(new PlainContext(config));
            config.put("name", "bench-" + round);
            task.start(config);
            task.open(List.of(new TopicPartition("events", 0)));
            long start = System.nanoTime();
            for (int from = 0; from < n; from += 500) {
                task.put(records.subList(from, Math.min(n, from + 500)));
            }
            task.commitNow();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %d records in %.2f s = %.0f records/s (%s)%n", round, n, seconds, n / seconds,
                    task.metrics());
            task.stop();
        }
    }

    private record PlainContext(Map<String, String> configs) implements SinkTaskContext {
        public void offset(Map<TopicPartition, Long> offsets) { }
        public void offset(TopicPartition tp, long offset) { }
        public void timeout(long timeoutMs) { }
        public Set<TopicPartition> assignment() { return Set.of(); }
        public void pause(TopicPartition... partitions) { }
        public void resume(TopicPartition... partitions) { }
        public void requestCommit() { }
        public ErrantRecordReporter errantRecordReporter() { return null; }
        public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() { return null; }
    }
}
