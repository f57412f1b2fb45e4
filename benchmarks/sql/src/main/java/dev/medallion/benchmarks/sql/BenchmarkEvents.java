package dev.medallion.benchmarks.sql;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Generates the benchmark's events into a topic and computes, on the side, the answer both engines must produce.
 *
 * <p>Event time advances 10 000 events per minute with up to 30 s of disorder (inside the 1-minute watermark), about
 * 5 % of events are sent twice (same id and time), 4 event types in 3 regions. The last events are one "flush" event
 * per type and region, 10 minutes after the rest, so that Kafka Streams (which has no end-of-input watermark) closes
 * every real window; windows at or after {@link #flushTime()} are excluded from the comparison. Revenue is a whole
 * number so that both engines' sums are exact whatever order they add in.
 */
final class BenchmarkEvents {
    static final String[] TYPES = {"page_view", "click", "purchase", "search"};
    static final String[] REGIONS = {"westeurope", "eastus", "japaneast"};
    /**
     * Event time starts at the beginning of yesterday (UTC), not at a fixed date: record timestamps are event times,
     * and a date older than the broker's 7-day retention makes Kafka roll a segment per batch and delete them (input
     * and Streams outputs) while the benchmark runs; the broker may also refuse timestamps far in the future.
     */
    private static final long T0 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS).toEpochMilli();
    private static final int EVENTS_PER_MINUTE = 10_000;
    static final int PARTITIONS = 2;
    private static final int GROUPS = TYPES.length * REGIONS.length;

    /** Expected (window start millis | event type | region) → its measures. */
    private final Map<String, WindowAnswer> expected = new TreeMap<>();
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
            while (sent < events - GROUPS) {
                long eventTime = T0 + (long) i * 60_000 / EVENTS_PER_MINUTE - random.nextInt(30_000);
                int group = random.nextInt(GROUPS);
                Event event = new Event("e-" + i, group, eventTime, random.nextInt(100), random.nextInt(300),
                        random.nextInt(50), random.nextInt(4) == 0 ? random.nextInt(100) : 0);
                send(producer, topic, event, random);
                if (seen.add(event.id() + "@" + eventTime)) {
                    distinct++;
                    expected.computeIfAbsent(floorMinute(eventTime) + "|" + event.key(), k -> new WindowAnswer())
                            .add(event.latency(), event.responseTime(), event.processing(), event.revenue());
                }
                if (random.nextInt(20) == 0 && sent < events - GROUPS) {
                    send(producer, topic, event, random); // a retry: dropped by dedupe
                }
                maxTime = Math.max(maxTime, eventTime);
                i++;
            }
            flushTime = floorMinute(maxTime) + 600_000;
            for (int group = 0; group < GROUPS; group++) {
                send(producer, topic, new Event("flush-" + group, group, flushTime, 0, 0, 0, 0), random);
                distinct++;
            }
            producer.flush();
        }
    }

    /** One generated event; {@code group} picks its event type and region. */
    private record Event(String id, int group, long eventTime, int latency, int responseTime, int processing,
                         int revenue) {
        String type() {
            return TYPES[group % TYPES.length];
        }

        String region() {
            return REGIONS[group / TYPES.length];
        }

        String key() {
            return type() + "|" + region();
        }
    }

    private void send(KafkaProducer<byte[], byte[]> producer, String topic, Event event, Random random) {
        String json = "{\"event_id\":\"" + event.id() + "\",\"event_type\":\"" + event.type() + "\",\"user_id\":\"u-"
                + random.nextInt(1000) + "\",\"region\":\"" + event.region() + "\",\"event_time\":" + event.eventTime()
                + ",\"revenue\":" + event.revenue() + ".0,\"latency_ms\":" + event.latency() + ",\"response_time_ms\":"
                + event.responseTime() + ",\"processing_time_ms\":" + event.processing()
                + ",\"text\":\"benchmark event\"}";
        // Partition by (event type, region), key = "type|region", record timestamp = event time: the layout the Kafka
        // Streams topology needs to dedupe and aggregate without a repartition. Flink ignores all three (it shuffles
        // and parses event_time).
        producer.send(new ProducerRecord<>(topic, event.group() % PARTITIONS, event.eventTime(),
                event.key().getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)));
        sent++;
    }

    static long floorMinute(long time) {
        return time - Math.floorMod(time, 60_000);
    }

    Map<String, WindowAnswer> expected() {
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
