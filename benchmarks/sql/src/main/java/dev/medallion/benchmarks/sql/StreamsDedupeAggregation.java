package dev.medallion.benchmarks.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.serialization.Serdes;
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

/**
 * The SQL pipeline's dedupe + 1-minute aggregation written directly as a Kafka Streams topology: keep-first dedupe
 * per (event_id, event_time) with a 5-minute window, write events.clean, then per event type and region in 1-minute
 * tumbling windows with 1 minute of grace (the watermark's twin) the measures of {@code 03-metrics-1m.sql} (count,
 * average latency and processing time, p95 response time with the same t-digest, revenue sum), final results only.
 */
final class StreamsDedupeAggregation {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamsDedupeAggregation() {
    }

    static Topology topology(String rawTopic, String cleanTopic, String metricsTopic) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(DedupeProcessor.STORE), Serdes.String(), Serdes.Long()));

        // Input is keyed and partitioned by (event type, region) (see README), so dedupe and aggregation run in the task
        // that reads the partition: no repartition topic, and stream time follows the partition's own order.
        KStream<String, JsonNode> deduped = builder.stream(rawTopic, Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(StreamsDedupeAggregation::parse)
                .processValues(() -> new DedupeProcessor(Duration.ofMinutes(5)), DedupeProcessor.STORE);
        deduped.mapValues(JsonNode::toString).to(cleanTopic, Produced.with(Serdes.String(), Serdes.String()));

        deduped.groupByKey(Grouped.with("by-event-type-and-region", Serdes.String(), new JsonSerde()))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofMinutes(1)))
                .aggregate(MinuteAggregate::new, (key, event, agg) -> agg.add(event),
                        Materialized.<String, MinuteAggregate>as(Stores.inMemoryWindowStore(
                                        "minute-aggregates", Duration.ofMinutes(3), Duration.ofMinutes(1), false))
                                .withKeySerde(Serdes.String()).withValueSerde(new MinuteAggregate.Serde()))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                .toStream()
                .map((window, agg) -> KeyValue.pair(window.key(), agg.json(window)))
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

    /** Serde of the parsed events between the dedupe and the aggregation (only used if Streams must materialize). */
    static final class JsonSerde extends Serdes.WrapperSerde<JsonNode> {
        JsonSerde() {
            super((topic, node) -> node.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    (topic, bytes) -> parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
        }
    }
}
