package dev.medallion.eventhubs.emulator.store;

import java.nio.BufferOverflowException;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.message.Message;

/**
 * Stamps a published AMQP message with the Event Hubs system properties (the {@code x-opt-*} message annotations the
 * SDK turns into {@code EventData} sequence number, offset, enqueued time and partition key) and encodes it.
 */
public final class EventCodec {
    public static final Symbol SEQUENCE_NUMBER = Symbol.valueOf("x-opt-sequence-number");
    public static final Symbol OFFSET = Symbol.valueOf("x-opt-offset");
    public static final Symbol ENQUEUED_TIME = Symbol.valueOf("x-opt-enqueued-time");
    public static final Symbol PARTITION_KEY = Symbol.valueOf("x-opt-partition-key");

    private EventCodec() {
    }

    /** The partition key a publisher set on a message, or null. */
    public static String partitionKey(Message message) {
        MessageAnnotations annotations = message.getMessageAnnotations();
        if (annotations == null || annotations.getValue() == null) {
            return null;
        }
        Object key = annotations.getValue().get(PARTITION_KEY);
        return key == null ? null : key.toString();
    }

    /** Adds the system properties to {@code message} (which it changes) and returns its encoding. */
    public static byte[] encodeWithSystemProperties(Message message, long sequenceNumber, long offset,
                                                    long enqueuedTimeMillis, String partitionKey,
                                                    int sizeHint) {
        MessageAnnotations annotations = message.getMessageAnnotations();
        Map<Symbol, Object> values = annotations == null || annotations.getValue() == null
                ? new HashMap<>() : new HashMap<>(annotations.getValue());
        values.put(SEQUENCE_NUMBER, sequenceNumber);
        // The service sends the offset as a string; the SDK casts it to String.
        values.put(OFFSET, Long.toString(offset));
        values.put(ENQUEUED_TIME, new Date(enqueuedTimeMillis));
        if (partitionKey != null) {
            values.put(PARTITION_KEY, partitionKey);
        } else {
            values.remove(PARTITION_KEY);
        }
        message.setMessageAnnotations(new MessageAnnotations(values));
        return encode(message, sizeHint + 256);
    }

    /** Encodes a message, growing the buffer until it fits. */
    public static byte[] encode(Message message, int sizeHint) {
        int size = Math.max(sizeHint, 256);
        while (true) {
            byte[] buffer = new byte[size];
            try {
                int length = message.encode(buffer, 0, buffer.length);
                if (length < buffer.length) {
                    byte[] exact = new byte[length];
                    System.arraycopy(buffer, 0, exact, 0, length);
                    return exact;
                }
            } catch (BufferOverflowException e) {
                // fall through and retry with a larger buffer
            }
            size *= 2;
        }
    }
}
