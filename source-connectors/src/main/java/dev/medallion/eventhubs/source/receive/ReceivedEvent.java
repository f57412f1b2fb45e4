package dev.medallion.eventhubs.source.receive;

import java.util.Map;

/**
 * One event as read from an Event Hubs partition, without SDK types: what the record builder needs and what the reader
 * uses to resume ({@code sequenceNumber}). {@code offset} is kept as text because newer Event Hubs (geo-replication)
 * offsets are opaque strings.
 */
public record ReceivedEvent(String partitionId, long sequenceNumber, String offset, long enqueuedTimeMillis,
                            String partitionKey, byte[] body, Map<String, Object> properties) {
    /** The same event with another body (a dead letter cut to size). */
    public ReceivedEvent withBody(byte[] newBody) {
        return new ReceivedEvent(partitionId, sequenceNumber, offset, enqueuedTimeMillis, partitionKey, newBody,
                properties);
    }
}
