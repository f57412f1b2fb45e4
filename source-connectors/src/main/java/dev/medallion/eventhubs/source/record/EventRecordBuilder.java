package dev.medallion.eventhubs.source.record;

import dev.medallion.eventhubs.source.config.EventHubsSourceConfig;
import dev.medallion.eventhubs.source.config.TopicTemplate;
import dev.medallion.eventhubs.source.partition.SourceOffsets;
import dev.medallion.eventhubs.source.receive.ReceivedEvent;

import dev.medallion.common.DeadLetterHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the Kafka Connect record for one event: key = partition key, value = body in the configured format, timestamp =
 * enqueued time, headers = Event Hubs metadata plus application properties, source partition/offset for resuming.
 * Per-partition parts (topic, source partition map, Kafka partition) are computed once per partition. An event whose
 * body does not fit the value format becomes a dead-letter record instead (body as sent, reason headers), with the same
 * source offset, so the task neither stops nor loses it; so does an event larger than {@code record.max.bytes}, which
 * the producer would refuse once transforms have added to it.
 */
public final class EventRecordBuilder {
    private final String namespace;
    private final String hub;
    private final String consumerGroup;
    private final TopicTemplate topicTemplate;
    private final TopicTemplate deadLetterTemplate;
    private final boolean kafkaPartitionFromEventHubs;
    private final BodyConverter bodyConverter;
    private final String sequenceNumberHeader;
    private final String offsetHeader;
    private final String enqueuedTimeHeader;
    private final String partitionIdHeader;
    private final String propertyPrefix;
    private final boolean metadataHeaders;
    private final boolean propertyHeaders;
    private final int recordMaxBytes;
    private final int metadataHeaderBytes;
    private final Map<String, PartitionTarget> targets = new HashMap<>();

    EventRecordBuilder(String namespace, String hub, String consumerGroup, TopicTemplate topicTemplate,
                       TopicTemplate deadLetterTemplate, boolean kafkaPartitionFromEventHubs,
                       BodyConverter bodyConverter, String headerPrefix, String propertyPrefix,
                       boolean metadataHeaders, boolean propertyHeaders, int recordMaxBytes) {
        this.namespace = namespace;
        this.hub = hub;
        this.consumerGroup = consumerGroup;
        this.topicTemplate = topicTemplate;
        this.deadLetterTemplate = deadLetterTemplate;
        this.kafkaPartitionFromEventHubs = kafkaPartitionFromEventHubs;
        this.bodyConverter = bodyConverter;
        // Names as in EventHubsSourceConfig.metadataHeaderNames, which the config checks property header names against.
        this.sequenceNumberHeader = headerPrefix + "sequence.number";
        this.offsetHeader = headerPrefix + "offset";
        this.enqueuedTimeHeader = headerPrefix + "enqueued.time";
        this.partitionIdHeader = headerPrefix + "partition.id";
        this.propertyPrefix = propertyPrefix;
        this.metadataHeaders = metadataHeaders;
        this.propertyHeaders = propertyHeaders;
        this.recordMaxBytes = recordMaxBytes;
        this.metadataHeaderBytes = metadataHeaders
                ? RecordSize.metadataHeaders(EventHubsSourceConfig.metadataHeaderNames(headerPrefix)) : 0;
    }

    public static EventRecordBuilder from(EventHubsSourceConfig config) {
        return new EventRecordBuilder(config.namespace(), config.hub(), config.consumerGroup(), config.topicTemplate(),
                config.deadLetterTopicTemplate(), config.kafkaPartitionFromEventHubs(), BodyConverter.from(config),
                config.headerPrefix(), config.propertyHeaderPrefix(), config.metadataHeadersEnabled(),
                config.propertyHeadersEnabled(), config.recordMaxBytes());
    }

    /** The Connect source partition of an Event Hubs partition id. */
    public Map<String, String> sourcePartition(String partitionId) {
        return target(partitionId).sourcePartition;
    }

    public SourceRecord build(ReceivedEvent event) {
        PartitionTarget target = target(event.partitionId());
        int bodyBytes = event.body() == null ? 0 : event.body().length;
        // Checked before conversion: parsing a body that is refused anyway would only cost time.
        long otherBytes = RecordSize.keyAndHeaders(event, metadataHeaderBytes, propertyHeaders ? propertyPrefix : null);
        if (bodyBytes + otherBytes > recordMaxBytes) {
            return oversized(event, target, bodyBytes, otherBytes);
        }
        SchemaAndValue value;
        try {
            value = bodyConverter.convert(event.body());
        } catch (InvalidBodyException e) {
            return deadLetter(event, target, e);
        } catch (RuntimeException e) {
            // Any other failure to convert one event (a value Connect refuses, a case the converter missed) is that
            // event's problem: thrown out of poll() it would stop the task and come back after every restart.
            return deadLetter(event, target, InvalidBodyException.unexpected(e));
        }
        return new SourceRecord(target.sourcePartition,
                SourceOffsets.sourceOffset(event.sequenceNumber(), event.offset()),
                target.topic, target.kafkaPartition,
                Schema.OPTIONAL_STRING_SCHEMA, event.partitionKey(),
                value.schema(), value.value(), event.enqueuedTimeMillis(),
                eventHeaders(event, metadataHeaders, propertyHeaders));
    }

    /**
     * The body as sent, on the dead-letter topic, with the reason in the headers the Validate transform writes. The
     * producer picks the Kafka partition: the dead-letter topic may have fewer partitions than the hub.
     */
    private SourceRecord deadLetter(ReceivedEvent event, PartitionTarget target, InvalidBodyException e) {
        ConnectHeaders headers = eventHeaders(event, true, true);
        headers.addString(DeadLetterHeaders.REASON, e.getMessage());
        headers.addString(DeadLetterHeaders.STAGE, DeadLetterHeaders.STAGE_SOURCE);
        if (e.field() != null) {
            headers.addString(DeadLetterHeaders.FIELD, e.field());
        }
        headers.addString(DeadLetterHeaders.ORIGINAL_TOPIC, target.topic);
        return new SourceRecord(target.sourcePartition,
                SourceOffsets.sourceOffset(event.sequenceNumber(), event.offset()),
                target.deadLetterTopic, null,
                Schema.OPTIONAL_STRING_SCHEMA, event.partitionKey(),
                Schema.OPTIONAL_BYTES_SCHEMA, event.body(), event.enqueuedTimeMillis(), headers);
    }

    /**
     * The dead letter of an event above record.max.bytes. Its body as sent could be as large as what the producer
     * refuses (and JsonConverter writes bytes as base64, a third more), so a body above the limit is cut to its first
     * record.max.bytes bytes; the headers give the event's position, where Event Hubs keeps it whole until retention.
     */
    private SourceRecord oversized(ReceivedEvent event, PartitionTarget target, int bodyBytes, long otherBytes) {
        String reason = "event of " + (bodyBytes + otherBytes) + " bytes (body " + bodyBytes + ", key and headers "
                + otherBytes + ") is above " + EventHubsSourceConfig.RECORD_MAX_BYTES_CONFIG + "=" + recordMaxBytes;
        byte[] body = event.body();
        if (bodyBytes > recordMaxBytes) {
            body = Arrays.copyOf(body, recordMaxBytes);
            reason += "; the value holds the first " + recordMaxBytes + " bytes of the body, the whole event stays in"
                    + " Event Hubs at the position in the headers until the hub's retention ends";
        }
        return deadLetter(event.withBody(body), target, new InvalidBodyException(null, reason));
    }

    private ConnectHeaders eventHeaders(ReceivedEvent event, boolean metadata, boolean properties) {
        ConnectHeaders headers = new ConnectHeaders();
        if (metadata) {
            headers.addLong(sequenceNumberHeader, event.sequenceNumber());
            headers.addString(offsetHeader, event.offset());
            headers.addLong(enqueuedTimeHeader, event.enqueuedTimeMillis());
            headers.addString(partitionIdHeader, event.partitionId());
        }
        if (properties && event.properties() != null) {
            for (Map.Entry<String, Object> property : event.properties().entrySet()) {
                addProperty(headers, propertyPrefix + property.getKey(), property.getValue());
            }
        }
        return headers;
    }

    /** Application properties keep their AMQP type where Connect has one; anything else travels as its text. */
    static void addProperty(ConnectHeaders headers, String name, Object value) {
        if (value == null) {
            headers.add(name, null, Schema.OPTIONAL_STRING_SCHEMA);
        } else if (value instanceof String s) {
            headers.addString(name, s);
        } else if (value instanceof Long l) {
            headers.addLong(name, l);
        } else if (value instanceof Integer i) {
            headers.addInt(name, i);
        } else if (value instanceof Short s) {
            headers.addShort(name, s);
        } else if (value instanceof Byte b) {
            headers.addByte(name, b);
        } else if (value instanceof Boolean b) {
            headers.addBoolean(name, b);
        } else if (value instanceof Double d) {
            headers.addDouble(name, d);
        } else if (value instanceof Float f) {
            headers.addFloat(name, f);
        } else if (value instanceof byte[] bytes) {
            headers.addBytes(name, bytes);
        } else if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            headers.addBytes(name, bytes);
        } else if (value instanceof Date date) {
            headers.addTimestamp(name, date);
        } else if (value instanceof Instant instant) {
            headers.addTimestamp(name, Date.from(instant));
        } else if (value instanceof BigDecimal decimal) {
            headers.addDecimal(name, decimal);
        } else if (value instanceof UUID || value instanceof Character) {
            headers.addString(name, value.toString());
        } else {
            headers.addString(name, value.toString());
        }
    }

    private PartitionTarget target(String partitionId) {
        PartitionTarget target = targets.get(partitionId);
        if (target == null) {
            String topic;
            String deadLetterTopic;
            try {
                topic = topicTemplate.resolve(namespace, hub, consumerGroup, partitionId);
                deadLetterTopic = deadLetterTemplate.resolve(namespace, hub, consumerGroup, partitionId);
            } catch (IllegalArgumentException e) {
                // Only the runtime values (consumer group, partition) can make a validated template illegal.
                throw new ConnectException("No Kafka topic for Event Hubs partition " + partitionId + ": "
                        + e.getMessage() + "; change " + EventHubsSourceConfig.TOPIC_CONFIG + " or "
                        + EventHubsSourceConfig.DLQ_TOPIC_CONFIG, e);
            }
            target = new PartitionTarget(
                    SourceOffsets.sourcePartition(namespace, hub, consumerGroup, partitionId), topic, deadLetterTopic,
                    kafkaPartitionFromEventHubs ? kafkaPartition(partitionId) : null);
            targets.put(partitionId, target);
        }
        return target;
    }

    private static Integer kafkaPartition(String partitionId) {
        try {
            return Integer.valueOf(partitionId);
        } catch (NumberFormatException e) {
            throw new ConnectException("Event Hubs partition id '" + partitionId + "' is not a number, so it cannot"
                    + " name a Kafka partition; set " + EventHubsSourceConfig.KAFKA_PARTITION_CONFIG + "=false");
        }
    }

    private record PartitionTarget(Map<String, String> sourcePartition, String topic, String deadLetterTopic,
                                   Integer kafkaPartition) {
    }
}
