package dev.medallion.benchmarks.sql;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Generates the benchmark's events into a topic and computes, on the side, the answer both engines must produce.
 *
 * <p>Event time advances 10 000 events per minute with up to 30 s of disorder (inside the 1-minute watermark), about
 * 5 % of events are sent twice (same id and time), 4 event types. The last events are one "flush" event per type,
 * 10 minutes after the rest, so that Kafka Streams (which has no end-of-input watermark) closes every real window;
 * windows at or after {@link #flushTime()} are excluded from the comparison.
 */
final class BenchmarkEvents {
    static final String[] TYPES = {"page_view", "click", "purchase", "search"};
    private static final long T0 = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli();
    private static final int EVENTS_PER_MINUTE = 10_000;
    static final int PARTITIONS = 2;

    /** Expected (window start millis | event type) → {count, sum of processing_time_ms}. */
    private final Map<String, long[]> expected = new TreeMap<>();
    private long flushTime;
    private long distinct;
    private long sent;

    void produce(String bootstrapServers, String topic, int events) {
        Random random = new Random(1);
        Set<String> seen = new HashSet<>();
        long maxTime = T0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024))) {
            int i = 0;
            while (sent < events - TYPES.length) {
                long eventTime = T0 + (long) i * 60_000 / EVENTS_PER_MINUTE - random.nextInt(30_000);
                int typeIndex = random.nextInt(TYPES.length);
                String type = TYPES[typeIndex];
                int processing = random.nextInt(50);
                String id = "e-" + i;
                send(producer, topic, typeIndex, id, type, eventTime, processing, random);
                if (seen.add(id + "@" + eventTime)) {
                    distinct++;
                    expected.computeIfAbsent(floorMinute(eventTime) + "|" + type, k -> new long[2]);
                    long[] agg = expected.get(floorMinute(eventTime) + "|" + type);
                    agg[0]++;
                    agg[1] += processing;
                }
                if (random.nextInt(20) == 0 && sent < events - TYPES.length) {
                    send(producer, topic, typeIndex, id, type, eventTime, processing, random); // a retry: dropped by dedupe
                }
                maxTime = Math.max(maxTime, eventTime);
                i++;
            }
            flushTime = floorMinute(maxTime) + 600_000;
            for (int t = 0; t < TYPES.length; t++) {
                send(producer, topic, t, "flush-" + TYPES[t], TYPES[t], flushTime, 0, random);
                distinct++;
            }
            producer.flush();
        }
    }

    private void send(KafkaProducer<byte[], byte[]> producer, String topic, int typeIndex, String id, String type, long eventTime,
                      int processing, Random random) {
        String json = "{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"user_id\":\"u-" + random.nextInt(1000)
                + "\",\"region\":\"westeurope\",\"event_time\":" + eventTime + ",\"revenue\":1.5,\"latency_ms\":"
                + random.nextInt(100) + ",\"response_time_ms\":" + random.nextInt(300) + ",\"processing_time_ms\":"
                + processing + ",\"text\":\"benchmark event\"}";
        // Partition by event type (key = type) and record timestamp = event time: the layout the Kafka Streams topology
        // needs to dedupe and aggregate without a repartition. Flink ignores both (it shuffles and parses event_time).
        producer.send(new ProducerRecord<>(topic, typeIndex % PARTITIONS, eventTime, type.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8)));
        sent++;
    }

    static long floorMinute(long time) {
        return time - Math.floorMod(time, 60_000);
    }

    Map<String, long[]> expected() {
        return expected;
    }

    long flushTime() {
        return flushTime;
    }

    long distinct() {
        return distinct;
    }

    long sent() {
        return sent;
    }
}
