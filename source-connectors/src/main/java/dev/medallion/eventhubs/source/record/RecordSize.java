package dev.medallion.eventhubs.source.record;

import dev.medallion.eventhubs.source.receive.ReceivedEvent;

import java.util.List;
import java.util.Map;

/**
 * Estimates, from the event alone, how many bytes a record's key and headers take once serialized, so that the task
 * can refuse an event the producer would refuse. Errs on the large side: UTF-8 lengths counted at up to 3 bytes a
 * char, a fixed allowance per header and record for Kafka's own varints and attributes.
 */
final class RecordSize {
    /** Kafka's per-record fields (length, attributes, timestamp and offset deltas, key and value lengths). */
    static final int RECORD_OVERHEAD = 32;
    /** Per header: its name and value lengths; a number or timestamp written as text fits in it too. */
    static final int HEADER_OVERHEAD = 24;

    private RecordSize() {
    }

    /** The four metadata headers: names plus values (a sequence number, offset and time as text, a partition id). */
    static int metadataHeaders(List<String> names) {
        int bytes = 0;
        for (String name : names) {
            bytes += utf8(name) + HEADER_OVERHEAD;
        }
        return bytes + 64;
    }

    /**
     * Key, metadata headers ({@code metadataBytes}) and, when {@code propertyPrefix} is not null, one header per
     * application property.
     */
    static long keyAndHeaders(ReceivedEvent event, int metadataBytes, String propertyPrefix) {
        long bytes = RECORD_OVERHEAD + metadataBytes + utf8(event.partitionKey());
        if (propertyPrefix != null && event.properties() != null) {
            int prefix = utf8(propertyPrefix);
            for (Map.Entry<String, Object> property : event.properties().entrySet()) {
                bytes += prefix + utf8(property.getKey()) + HEADER_OVERHEAD + value(property.getValue());
            }
        }
        return bytes;
    }

    private static long value(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof java.nio.ByteBuffer buffer) {
            return buffer.remaining();
        }
        // Numbers, booleans, times and UUIDs are short; text is what can be large.
        return value instanceof CharSequence text ? utf8(text) : 0;
    }

    /** UTF-8 length, counting every non-ASCII char as 3 bytes (a surrogate pair as 6 against the real 4). */
    static int utf8(CharSequence text) {
        if (text == null) {
            return 0;
        }
        int bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                bytes += c < 0x800 ? 1 : 2;
            }
        }
        return bytes;
    }
}
