package dev.medallion.benchmarks.sql;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka Streams twin of the SQL dedupe: forwards the first event per (event_id, event_time) and drops copies that
 * arrive within the dedupe window of wall-clock time, like Flink's state TTL on the keep-first dedupe. Keeps the
 * record key (event type and region), so the aggregation downstream needs no repartition.
 */
final class DedupeProcessor implements FixedKeyProcessor<String, JsonNode, JsonNode> {
    static final String STORE = "dedupe-first-seen";

    private final Duration window;
    private FixedKeyProcessorContext<String, JsonNode> context;
    private KeyValueStore<String, Long> firstSeen;

    DedupeProcessor(Duration window) {
        this.window = window;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, JsonNode> context) {
        this.context = context;
        this.firstSeen = context.getStateStore(STORE);
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(FixedKeyRecord<String, JsonNode> record) {
        String key = record.value().get("event_id").asText() + "@" + record.value().get("event_time").asLong();
        long now = System.currentTimeMillis();
        Long seen = firstSeen.get(key);
        if (seen == null || now - seen >= window.toMillis()) {
            firstSeen.put(key, now);
            context.forward(record);
        }
    }

    private void expire(long now) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = firstSeen.all()) {
            all.forEachRemaining(kv -> {
                if (now - kv.value >= window.toMillis()) {
                    expired.add(kv.key);
                }
            });
        }
        expired.forEach(firstSeen::delete);
    }
}
