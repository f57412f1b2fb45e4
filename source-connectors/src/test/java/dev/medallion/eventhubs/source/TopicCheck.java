package dev.medallion.eventhubs.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads back what the connector wrote (records whose value is a {@link HubPublisher} body) and checks, per Event Hubs
 * partition, that indexes are exactly 0..n-1 in order: no gap, no duplicate, no reordering.
 */
final class TopicCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TopicCheck() {
    }

    /** Event indexes per Event Hubs partition, in the order they appear per Kafka partition. */
    static Map<String, List<Integer>> indexesPerPartition(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<Integer>> perPartition = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode body = body(record.value());
            perPartition.computeIfAbsent(body.get("p").asText(), p -> new ArrayList<>()).add(body.get("i").asInt());
        }
        return perPartition;
    }

    /** Fails unless each partition holds exactly 0..expected-1 in order; the message says what is wrong where. */
    static void assertExactlyOnceInOrder(List<ConsumerRecord<byte[], byte[]>> records, Map<String, Integer> expected) {
        Map<String, List<Integer>> actual = indexesPerPartition(records);
        if (!actual.keySet().equals(expected.keySet())) {
            throw new AssertionError("partitions seen " + actual.keySet() + ", expected " + expected.keySet());
        }
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            List<Integer> indexes = actual.get(e.getKey());
            for (int i = 0; i < indexes.size(); i++) {
                if (indexes.get(i) != i) {
                    throw new AssertionError("partition " + e.getKey() + ": position " + i + " holds event "
                            + indexes.get(i) + " (gap, duplicate or reordering); " + indexes.size() + " events read");
                }
            }
            if (indexes.size() != e.getValue()) {
                throw new AssertionError("partition " + e.getKey() + ": " + indexes.size() + " events, expected "
                        + e.getValue());
            }
        }
    }

    static JsonNode body(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
