package dev.medallion.eventhubs.sink;

import com.azure.messaging.eventhubs.EventData;
import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Turns a sink record into an event: the value's bytes as the body, Kafka headers as application properties, the
 * record's topic, partition and offset as {@code kafka.*} properties (for de-duplication downstream), and the hub and
 * target the routing mode picks. A value without a byte form is refused with a reason for the dead-letter queue.
 */
final class EventMapper {
    static final String TOPIC_PROPERTY = "kafka.topic";
    static final String PARTITION_PROPERTY = "kafka.partition";
    static final String OFFSET_PROPERTY = "kafka.offset";
    /** Event Hubs refuses longer partition keys. */
    static final int MAX_PARTITION_KEY_LENGTH = 128;

    private final HubTemplate hubs;
    private final String routing;
    private final ToIntFunction<String> partitionCount;
    private final boolean headers;
    private final boolean positions;

    EventMapper(HubTemplate hubs, String routing, ToIntFunction<String> partitionCount, boolean headers,
                boolean positions) {
        this.hubs = hubs;
        this.routing = routing;
        this.partitionCount = partitionCount;
        this.headers = headers;
        this.positions = positions;
    }

    static EventMapper of(EventHubsSinkConfig config, ToIntFunction<String> partitionCount) {
        return new EventMapper(config.hubTemplate(), config.routing(), partitionCount, config.headersEnabled(),
                config.positionPropertiesEnabled());
    }

    OutgoingEvent map(SinkRecord record) {
        EventData event = new EventData(body(record));
        Map<String, Object> properties = event.getProperties();
        if (headers) {
            for (Header header : record.headers()) {
                if (header.value() != null) {
                    properties.put(header.key(), propertyValue(header));
                }
            }
        }
        if (positions) {
            properties.put(TOPIC_PROPERTY, record.topic());
            properties.put(PARTITION_PROPERTY, record.kafkaPartition());
            properties.put(OFFSET_PROPERTY, record.kafkaOffset());
        }
        String hub = hubs.hubFor(record.topic());
        return new OutgoingEvent(hub, target(hub, record), event, record);
    }

    private Target target(String hub, SinkRecord record) {
        return switch (routing) {
            case EventHubsSinkConfig.ROUTING_KAFKA_PARTITION -> {
                int count = partitionCount.applyAsInt(hub);
                yield Target.partitionId(String.valueOf(Math.floorMod(record.kafkaPartition(), count)));
            }
            case EventHubsSinkConfig.ROUTING_ROUND_ROBIN -> Target.ANY;
            default -> {
                String key = partitionKey(record.key());
                yield key == null ? Target.ANY : Target.partitionKey(key);
            }
        };
    }

    private static byte[] body(SinkRecord record) {
        Object value = record.value();
        if (value == null) {
            // A tombstone has no counterpart in Event Hubs; an empty body keeps its position and properties.
            return new byte[0];
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new UnsendableRecordException("value of type " + value.getClass().getSimpleName() + " has no byte form"
                + " for an event body; use value.converter=org.apache.kafka.connect.converters.ByteArrayConverter"
                + " (or StringConverter) for this connector");
    }

    /** AMQP carries these types as they are; anything else (maps, structs, bytes) as Connect's string form. */
    private static Object propertyValue(Header header) {
        Object value = header.value();
        if (value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Boolean
                || value instanceof Double || value instanceof Float || value instanceof Short
                || value instanceof Byte) {
            return value;
        }
        return Values.convertToString(header.schema(), value);
    }

    /** The key as a partition key; longer than Event Hubs allows: its SHA-256 in hex, as stable. Null: no key. */
    static String partitionKey(Object key) {
        if (key == null) {
            return null;
        }
        String text;
        if (key instanceof byte[] bytes) {
            text = new String(bytes, StandardCharsets.UTF_8);
        } else if (key instanceof String s) {
            text = s;
        } else {
            text = Values.convertToString(null, key);
        }
        if (text.length() <= MAX_PARTITION_KEY_LENGTH) {
            return text;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
