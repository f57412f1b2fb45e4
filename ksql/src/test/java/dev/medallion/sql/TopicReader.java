package dev.medallion.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.testkit.Await;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads a whole topic as JSON objects and keeps reading on demand, so tests can wait for rows to show up. */
final class TopicReader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final List<JsonNode> rows = new ArrayList<>();

    TopicReader(String bootstrapServers, String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000));
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Everything read so far, after one more poll. */
    List<JsonNode> rows() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            try {
                rows.add(JSON.readTree(record.value()));
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON in topic " + topic, e);
            }
        }
        return rows;
    }

    List<JsonNode> awaitCount(int count, Duration timeout) {
        Await.until(timeout, count + " rows in " + topic + " (have " + rows.size() + ")", () -> rows().size() >= count);
        return rows;
    }

    JsonNode awaitRow(String description, Predicate<JsonNode> match, Duration timeout) {
        return Await.untilValue(timeout, description + " in " + topic,
                () -> rows().stream().filter(match).findFirst().orElse(null));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
