package dev.medallion.benchmarks.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The SQL pipeline's dedupe + 1-minute aggregation written directly as a Kafka Streams topology: keep-first dedupe
 * per (event_id, event_time) with a 5-minute window, write events.clean, then count and average processing time per
 * event type in 1-minute tumbling windows with 1 minute of grace (the watermark's twin), emitting final results only.
 */
final class StreamsDedupeAggregation {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamsDedupeAggregation() {
    }

    static Topology topology(String rawTopic, String cleanTopic, String metricsTopic) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(DedupeProcessor.STORE), Serdes.String(), Serdes.Long()));

        // Input is keyed and partitioned by event type (see README), so dedupe and aggregation run in the task that
        // reads the partition: no repartition topic, and stream time follows the partition's own order.
        KStream<String, JsonNode> deduped = builder.stream(rawTopic, Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(StreamsDedupeAggregation::parse)
                .processValues(() -> new DedupeProcessor(Duration.ofMinutes(5)), DedupeProcessor.STORE);
        deduped.mapValues(JsonNode::toString).to(cleanTopic, Produced.with(Serdes.String(), Serdes.String()));

        deduped.mapValues(event -> event.path("processing_time_ms").asLong())
                .groupByKey(Grouped.with("by-event-type", Serdes.String(), Serdes.Long()))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofMinutes(1)))
                .aggregate(() -> new long[2], (type, processing, agg) -> {
                            agg[0]++;
                            agg[1] += processing;
                            return agg;
                        },
                        Materialized.<String, long[]>as(Stores.inMemoryWindowStore(
                                        "minute-aggregates", Duration.ofMinutes(3), Duration.ofMinutes(1), false))
                                .withKeySerde(Serdes.String()).withValueSerde(new LongPairSerde()))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                .toStream()
                .map((window, agg) -> KeyValue.pair(window.key(), "{\"window_start\":\""
                        + Instant.ofEpochMilli(window.window().start()) + "\",\"window_end\":\""
                        + Instant.ofEpochMilli(window.window().end()) + "\",\"event_type\":\"" + window.key()
                        + "\",\"event_count\":" + agg[0] + ",\"avg_processing_time_ms\":" + ((double) agg[1] / agg[0]) + "}"))
                .to(metricsTopic, Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("Not an event: " + json, e);
        }
    }

    /** Serde of the {count, sum} pair kept per window. */
    static final class LongPairSerde extends Serdes.WrapperSerde<long[]> {
        LongPairSerde() {
            super((topic, pair) -> Bytes.wrap(java.nio.ByteBuffer.allocate(16).putLong(pair[0]).putLong(pair[1]).array()).get(),
                    (topic, bytes) -> {
                        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
                        return new long[] {buffer.getLong(), buffer.getLong()};
                    });
        }
    }
}
