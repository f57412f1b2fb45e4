package dev.medallion.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Rebuilds the ledger of earlier runs from what reached Kafka, after a run was killed ({@code kill -9}, power loss).
 * The ledger file is only saved every two seconds, and the emulator keeps events in memory, so the events a killed
 * run had published but the source had not yet written to {@code events.raw} are gone with it. What did reach Kafka
 * is exact: the source writes each event once, in a transaction with its offsets, to {@code events.raw} (valid) or
 * {@code events.dlq} (invalid). So the committed records of those two topics are what the tables must reconcile with.
 */
public final class TopicLedger {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration OPEN_TRANSACTION_WAIT = Duration.ofSeconds(60);

    private TopicLedger() {
    }

    /** What the committed records of {@code raw} and {@code dlq} say was published; late is taken from {@code stale}. */
    public static RunLedger rebuild(String bootstrapServers, String raw, String dlq, RunLedger stale) {
        Set<String> distinct = new HashSet<>();
        long[] rawCount = {0};
        read(bootstrapServers, raw, record -> {
            rawCount[0]++;
            distinct.add(key(record.value()));
        });
        long[] dlqCount = {0};
        read(bootstrapServers, dlq, record -> dlqCount[0]++);
        long published = rawCount[0] + dlqCount[0];
        // Late is informational (no check uses it) and cannot be told from the record alone.
        return new RunLedger(published, dlqCount[0], distinct.size(), rawCount[0] - distinct.size(),
                Math.min(stale.late(), distinct.size()), true);
    }

    /** The dedupe key of the Flink job: (event_id, event_time). */
    static String key(byte[] value) {
        try {
            JsonNode event = JSON.readTree(value);
            return event.path("event_id").asText() + '\u0000' + event.path("event_time").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("events.raw holds a record that is not JSON", e);
        }
    }

    /**
     * The read_committed end offsets once no transaction is open any more: a transaction the kill left open holds the
     * last stable offset back until the restarted source task fences its producer (which aborts it); records of other
     * committed transactions behind it would otherwise be missed.
     */
    private static Map<TopicPartition, Long> stableEnd(String bootstrapServers, KafkaConsumer<byte[], byte[]> committed,
                                                       List<TopicPartition> partitions) {
        try (KafkaConsumer<byte[], byte[]> uncommitted = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "isolation.level", "read_uncommitted",
                "enable.auto.commit", "false"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + OPEN_TRANSACTION_WAIT.toNanos();
            while (true) {
                Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
                if (stable.equals(uncommitted.endOffsets(partitions)) || System.nanoTime() > deadline) {
                    return stable;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return stable;
                }
            }
        }
    }

    private static void read(String bootstrapServers, String topic,
                             Consumer<ConsumerRecord<byte[], byte[]>> action) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "isolation.level", "read_committed",
                "enable.auto.commit", "false",
                "max.poll.records", "5000"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = stableEnd(bootstrapServers, consumer, partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(action);
            }
        }
    }
}
