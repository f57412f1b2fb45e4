package dev.medallion.eventhubs.source;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Publishes numbered test events through the real Azure SDK producer: body {@code {"p":"<partition>","i":<index>}},
 * application property {@code index}, so a reader can check every event arrived once and in order per partition.
 */
final class HubPublisher implements AutoCloseable {
    private final EventHubProducerClient producer;

    HubPublisher(String connectionString) {
        this.producer = new EventHubClientBuilder().connectionString(connectionString).buildProducerClient();
    }

    /** Sends events {@code from .. from+count-1} to {@code partitionId}, in batches as large as the hub allows. */
    void send(String partitionId, int from, int count) {
        CreateBatchOptions options = new CreateBatchOptions().setPartitionId(partitionId);
        EventDataBatch batch = producer.createBatch(options);
        for (int i = from; i < from + count; i++) {
            EventData event = event(partitionId, i);
            if (!batch.tryAdd(event)) {
                producer.send(batch);
                batch = producer.createBatch(options);
                if (!batch.tryAdd(event)) {
                    throw new IllegalStateException("event " + i + " does not fit an empty batch");
                }
            }
        }
        if (batch.getCount() > 0) {
            producer.send(batch);
        }
    }

    /** Sends one batch of events that share a partition key (the hub picks the partition). */
    void sendWithKey(String partitionKey, int from, int count) {
        EventDataBatch batch = producer.createBatch(new CreateBatchOptions().setPartitionKey(partitionKey));
        for (int i = from; i < from + count; i++) {
            batch.tryAdd(event("k", i));
        }
        producer.send(batch);
    }

    /** Sends {@code bodies} as events 0.. of one batch to {@code partitionId}, each with its index property. */
    void sendBodies(String partitionId, List<String> bodies) {
        EventDataBatch batch = producer.createBatch(new CreateBatchOptions().setPartitionId(partitionId));
        for (int i = 0; i < bodies.size(); i++) {
            EventData event = new EventData(bodies.get(i).getBytes(StandardCharsets.UTF_8));
            event.getProperties().put("index", i);
            if (!batch.tryAdd(event)) {
                throw new IllegalStateException("event " + i + " does not fit one batch");
            }
        }
        producer.send(batch);
    }

    /** Sends one event with {@code body} to {@code partitionId}, in a batch of its own (large bodies fit). */
    void sendBody(String partitionId, String body) {
        EventDataBatch batch = producer.createBatch(new CreateBatchOptions().setPartitionId(partitionId));
        if (!batch.tryAdd(new EventData(body.getBytes(StandardCharsets.UTF_8)))) {
            throw new IllegalStateException("a body of " + body.length() + " chars does not fit one batch");
        }
        producer.send(batch);
    }

    static EventData event(String partitionId, int index) {
        EventData event = new EventData(("{\"p\":\"" + partitionId + "\",\"i\":" + index + "}")
                .getBytes(StandardCharsets.UTF_8));
        event.getProperties().put("index", index);
        event.getProperties().put("source", "it");
        return event;
    }

    @Override
    public void close() {
        producer.close();
    }
}
