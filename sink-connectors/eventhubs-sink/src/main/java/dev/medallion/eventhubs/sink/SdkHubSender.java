package dev.medallion.eventhubs.sink;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubProducerAsyncClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import org.apache.kafka.connect.errors.ConnectException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@link HubSender} on the Azure SDK: one {@link EventHubProducerAsyncClient} per hub (built on first use), batches
 * from {@link EventHubProducerAsyncClient#createBatch}, which sizes them to what the hub's link accepts (or
 * eventhubs.batch.max.bytes), and asynchronous sends, so many batches are in flight at once.
 */
final class SdkHubSender implements HubSender {
    private final Function<String, EventHubProducerAsyncClient> clients;
    private final int batchMaxBytes;
    private final Duration operationTimeout;
    private final Map<String, EventHubProducerAsyncClient> byHub = new ConcurrentHashMap<>();
    private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();

    SdkHubSender(Function<String, EventHubProducerAsyncClient> clients, int batchMaxBytes, Duration operationTimeout) {
        this.clients = clients;
        this.batchMaxBytes = batchMaxBytes;
        this.operationTimeout = operationTimeout;
    }

    private EventHubProducerAsyncClient client(String hub) {
        return byHub.computeIfAbsent(hub, clients);
    }

    @Override
    public int partitionCount(String hub) {
        return partitionCounts.computeIfAbsent(hub, h -> {
            List<String> ids = client(h).getPartitionIds().collectList().block(operationTimeout.multipliedBy(2));
            if (ids == null || ids.isEmpty()) {
                throw new ConnectException("Event hub " + h + " reported no partitions");
            }
            return ids.size();
        });
    }

    @Override
    public Batch createBatch(String hub, Target target) {
        CreateBatchOptions options = new CreateBatchOptions();
        switch (target.kind()) {
            case PARTITION_ID -> options.setPartitionId(target.value());
            case PARTITION_KEY -> options.setPartitionKey(target.value());
            default -> {
            }
        }
        if (batchMaxBytes > 0) {
            options.setMaximumSizeInBytes(batchMaxBytes);
        }
        EventDataBatch batch = client(hub).createBatch(options).block(operationTimeout.multipliedBy(2));
        return new SdkBatch(batch);
    }

    @Override
    public CompletableFuture<Void> send(String hub, Batch batch) {
        return client(hub).send(((SdkBatch) batch).batch).toFuture();
    }

    @Override
    public void close() {
        for (EventHubProducerAsyncClient client : byHub.values()) {
            client.close();
        }
        byHub.clear();
    }

    private record SdkBatch(EventDataBatch batch) implements Batch {
        /** False also for an event larger than the hub's limit: the SDK throws for that one instead. */
        @Override
        public boolean tryAdd(EventData event) {
            try {
                return batch.tryAdd(event);
            } catch (AmqpException e) {
                if (e.getErrorCondition() == AmqpErrorCondition.LINK_PAYLOAD_SIZE_EXCEEDED) {
                    return false;
                }
                throw e;
            }
        }

        @Override
        public int count() {
            return batch.getCount();
        }

        @Override
        public int maxSizeInBytes() {
            return batch.getMaxSizeInBytes();
        }
    }
}
