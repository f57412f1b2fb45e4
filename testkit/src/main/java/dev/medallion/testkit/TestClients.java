package dev.medallion.testkit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Producer and consumer helpers shared by {@link KafkaTestCluster} and {@link ConnectTestCluster}. */
public final class TestClients {
    private TestClients() {
    }

    public static KafkaProducer<byte[], byte[]> producer(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putAll(overrides);
        return new KafkaProducer<>(props);
    }

    /** How long {@link #consume} keeps reading after the expected count without a new record. */
    static final Duration QUIET_PERIOD = Duration.ofSeconds(1);

    /**
     * Reads {@code topic} from the beginning, without a consumer group, until {@code expected} records arrived or the
     * timeout passed, and returns what arrived (possibly more than expected, so tests can detect duplicates).
     * {@code read_committed} by default so transactional writers are seen as consumers downstream see them.
     *
     * <p>Having the expected count is not the end: a duplicate may sit behind it in the log, or be committed a moment
     * later by a restarted task. So it then reads on to the end offsets of every partition and until no record arrived
     * for {@link #QUIET_PERIOD}, and returns every record it saw.
     */
    public static List<ConsumerRecord<byte[], byte[]>> consume(String bootstrapServers, String topic, int expected,
                                                               Duration timeout, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        props.putAll(overrides);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> partitions = Await.untilValue(timeout, "partitions of topic " + topic, () -> {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(1));
                return infos == null || infos.isEmpty() ? null
                        : infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            });
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < expected && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            long quietSince = System.nanoTime();
            while (true) {
                List<ConsumerRecord<byte[], byte[]>> more = new ArrayList<>();
                consumer.poll(Duration.ofMillis(100)).forEach(more::add);
                records.addAll(more);
                if (!more.isEmpty()) {
                    quietSince = System.nanoTime();
                    continue;
                }
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                boolean atEnd = partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                if (atEnd && System.nanoTime() - quietSince >= QUIET_PERIOD.toNanos()) {
                    break;
                }
                if (System.nanoTime() - deadline - 5 * QUIET_PERIOD.toNanos() > 0) {
                    break;   // a partition that never reaches its end (a stalled broker) must not hang the test
                }
            }
        }
        return records;
    }

    public static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    public static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
