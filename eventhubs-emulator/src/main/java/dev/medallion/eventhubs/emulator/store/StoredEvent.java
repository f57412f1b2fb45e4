package dev.medallion.eventhubs.emulator.store;

/**
 * One event as the partition keeps it: its position (sequence number, offset, enqueued time) and the AMQP message
 * already encoded with those system properties as message annotations, so a delivery is a plain byte copy.
 *
 * @param sequenceNumber position in the partition, from 0, never reused
 * @param offset byte position of the event in the partition's stream, as Event Hubs reports it
 * @param enqueuedTimeMillis when the partition accepted the event (epoch millis, never decreasing)
 * @param partitionKey the key the publisher routed by, or null
 * @param encoded the full AMQP message to deliver
 */
public record StoredEvent(long sequenceNumber, long offset, long enqueuedTimeMillis, String partitionKey,
                          byte[] encoded) {

    /** Bytes this event counts against the partition's retention cap. */
    public int size() {
        return encoded.length;
    }
}
