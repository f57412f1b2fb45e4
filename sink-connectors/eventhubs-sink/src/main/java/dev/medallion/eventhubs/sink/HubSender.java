package dev.medallion.eventhubs.sink;

import com.azure.messaging.eventhubs.EventData;

import java.util.concurrent.CompletableFuture;

/**
 * The port to Event Hubs: how many partitions a hub has, an empty batch for a target (sized to what the hub accepts)
 * and an asynchronous send. {@link SdkHubSender} is the Azure SDK behind it; tests use a fake, so the sending logic
 * runs without a hub.
 */
interface HubSender extends AutoCloseable {

    /** A batch being filled; {@link #tryAdd} answers false when the event would take it past the size limit. */
    interface Batch {
        boolean tryAdd(EventData event);

        int count();

        int maxSizeInBytes();
    }

    int partitionCount(String hub);

    /** Throws when the hub cannot be reached; the caller retries like a failed send. */
    Batch createBatch(String hub, Target target);

    /** Completes when the hub acknowledged the batch, or exceptionally with the SDK's error. */
    CompletableFuture<Void> send(String hub, Batch batch);

    @Override
    void close();
}
