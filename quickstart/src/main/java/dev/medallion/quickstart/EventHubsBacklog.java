package dev.medallion.quickstart;

import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.PartitionProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Counts the events still waiting in Event Hubs: published to a partition (its last enqueued sequence number, read
 * through the Azure SDK as any client would) but not yet read by the source connector (the sequence number in its
 * committed offsets, {@code GET /connectors/:name/offsets}). Under exactly-once the offsets commit with the records,
 * so this is exactly what has not reached Kafka. When the source task stops, this number grows with every event
 * published, which the consumer groups' lag alone would not show.
 */
public final class EventHubsBacklog implements AutoCloseable {
    private final EventHubProducerClient hub;
    private final ConnectRest connect;
    private final String connector;

    /** Where a partition of the hub ends, from its runtime properties. */
    public record PartitionEnd(long beginningSequenceNumber, long lastEnqueuedSequenceNumber, boolean empty) {
    }

    public EventHubsBacklog(String connectionString, ConnectRest connect, String connector) {
        this.hub = new EventHubClientBuilder().connectionString(connectionString).buildProducerClient();
        this.connect = connect;
        this.connector = connector;
    }

    /** Events in the hub the source has not committed yet; empty when the hub or Connect cannot be asked. */
    public OptionalLong waiting() {
        try {
            Map<String, PartitionEnd> ends = new HashMap<>();
            for (String id : hub.getPartitionIds()) {
                PartitionProperties p = hub.getPartitionProperties(id);
                ends.put(id, new PartitionEnd(p.getBeginningSequenceNumber(), p.getLastEnqueuedSequenceNumber(),
                        p.isEmpty()));
            }
            return OptionalLong.of(waiting(ends, committedSequenceNumbers(connect.offsets(connector),
                    hub.getEventHubName())));
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Sum over the partitions of the events after the committed sequence number (a partition without a committed
     * offset: every event it holds).
     */
    static long waiting(Map<String, PartitionEnd> ends, Map<String, Long> committed) {
        long waiting = 0;
        for (Map.Entry<String, PartitionEnd> entry : ends.entrySet()) {
            PartitionEnd end = entry.getValue();
            if (end.empty()) {
                continue;
            }
            long readUpTo = Math.max(committed.getOrDefault(entry.getKey(), -1L), end.beginningSequenceNumber() - 1);
            waiting += Math.max(0, end.lastEnqueuedSequenceNumber() - readUpTo);
        }
        return waiting;
    }

    /**
     * Partition id to committed sequence number, from Connect's {@code GET /connectors/:name/offsets}:
     * {@code {"offsets": [{"partition": {"hub": "events", "partition": "0", ...}, "offset": {"sequenceNumber": 41}}]}}.
     */
    static Map<String, Long> committedSequenceNumbers(JsonNode offsets, String hubName) {
        Map<String, Long> committed = new HashMap<>();
        offsets.path("offsets").forEach(entry -> {
            JsonNode partition = entry.path("partition");
            JsonNode sequence = entry.path("offset").path("sequenceNumber");
            if (hubName.equals(partition.path("hub").asText(hubName)) && sequence.canConvertToLong()) {
                committed.merge(partition.path("partition").asText(), sequence.asLong(), Math::max);
            }
        });
        return committed;
    }

    @Override
    public void close() {
        hub.close();
    }
}
