package dev.medallion.eventhubs.sink;

import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.PartitionProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a whole hub back through the real Azure SDK consumer, every partition from its first event to its last, so a
 * test can reconcile what the sink delivered against what it was given.
 */
final class HubReader implements AutoCloseable {
    /** One event as read: where it sits in the hub, its partition key, body and application properties. */
    record ReadEvent(String partitionId, long sequenceNumber, String partitionKey, String body,
                     Map<String, Object> properties) {
        String kafkaPosition() {
            return properties.get("kafka.topic") + "-" + properties.get("kafka.partition") + "@"
                    + properties.get("kafka.offset");
        }
    }

    private final EventHubConsumerClient consumer;

    HubReader(String connectionString) {
        this.consumer = new EventHubClientBuilder().connectionString(connectionString)
                .consumerGroup(EventHubClientBuilder.DEFAULT_CONSUMER_GROUP_NAME).buildConsumerClient();
    }

    /**
     * How many events the hub holds, copies included, from each partition's last sequence number: a cheap question
     * to poll while waiting (reading every event back on each poll costs seconds on a loaded machine).
     */
    long storedCount() {
        long total = 0;
        for (String partitionId : consumer.getPartitionIds()) {
            PartitionProperties properties = consumer.getPartitionProperties(partitionId);
            total += properties.isEmpty() ? 0 : properties.getLastEnqueuedSequenceNumber() + 1;
        }
        return total;
    }

    List<ReadEvent> readAll() {
        List<ReadEvent> events = new ArrayList<>();
        for (String partitionId : consumer.getPartitionIds()) {
            PartitionProperties properties = consumer.getPartitionProperties(partitionId);
            if (properties.isEmpty()) {
                continue;
            }
            long last = properties.getLastEnqueuedSequenceNumber();
            EventPosition position = EventPosition.earliest();
            long seen = -1;
            while (seen < last) {
                boolean any = false;
                for (PartitionEvent event : consumer.receiveFromPartition(partitionId, 5000, position,
                        Duration.ofSeconds(1))) {
                    any = true;
                    seen = event.getData().getSequenceNumber();
                    events.add(new ReadEvent(partitionId, seen, event.getData().getPartitionKey(),
                            event.getData().getBodyAsString(), Map.copyOf(event.getData().getProperties())));
                }
                if (!any) {
                    throw new IllegalStateException("partition " + partitionId + " ended at " + seen + " before its"
                            + " last sequence number " + last);
                }
                position = EventPosition.fromSequenceNumber(seen, false);
            }
        }
        return events;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
