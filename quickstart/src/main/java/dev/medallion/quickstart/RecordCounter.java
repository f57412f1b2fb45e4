package dev.medallion.quickstart;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the committed records of some topics from their beginning, on its own thread, with a consumer that commits
 * nothing (it never disturbs the pipeline's groups). Used for the dead-letter topics, whose sizes must be exact for the
 * reconciliation while their offsets also count transaction markers.
 */
public final class RecordCounter implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AtomicLong count = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public RecordCounter(String bootstrapServers, String... topics) {
        consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "isolation.level", "read_committed",
                "enable.auto.commit", "false",
                "auto.offset.reset", "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = Arrays.stream(topics).flatMap(topic -> consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::run, "count-" + String.join(",", topics));
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                count.addAndGet(records.count());
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    public long count() {
        return count.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
