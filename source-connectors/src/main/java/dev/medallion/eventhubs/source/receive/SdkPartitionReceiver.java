package dev.medallion.eventhubs.source.receive;

import dev.medallion.eventhubs.source.partition.StartPosition;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.models.ReceiveOptions;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BaseSubscriber;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@link PartitionReceiver} on the Azure SDK's {@link EventHubConsumerAsyncClient}: one AMQP connection for the task,
 * one receive link per partition, Reactive Streams demand as the flow control between the link and the task buffer.
 */
public final class SdkPartitionReceiver implements PartitionReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(SdkPartitionReceiver.class);
    private final Supplier<EventHubConsumerAsyncClient> clients;
    private final Duration timeout;
    private volatile EventHubConsumerAsyncClient client;

    public SdkPartitionReceiver(Supplier<EventHubConsumerAsyncClient> clients, Duration timeout) {
        this.clients = clients;
        this.timeout = timeout;
        this.client = clients.get();
    }

    @Override
    public synchronized void recover() {
        LOG.info("Replacing the Event Hubs client of hub {} after repeated receive failures", client.getEventHubName());
        EventHubConsumerAsyncClient old = client;
        client = clients.get();
        try {
            old.close();
        } catch (RuntimeException e) {
            LOG.debug("Closing the replaced Event Hubs client failed", e);
        }
    }

    @Override
    public List<String> partitionIds() {
        List<String> ids = client.getPartitionIds().collectList().block(timeout);
        return ids == null ? List.of() : ids;
    }

    @Override
    public Link open(String partitionId, StartPosition position, int initialCredit, Listener listener) {
        LinkSubscriber subscriber = new LinkSubscriber(partitionId, initialCredit, listener);
        client.receiveFromPartition(partitionId, toEventPosition(position),
                        new ReceiveOptions().setTrackLastEnqueuedEventProperties(false))
                .subscribe(subscriber);
        return subscriber;
    }

    static EventPosition toEventPosition(StartPosition position) {
        return switch (position.kind()) {
            case EARLIEST -> EventPosition.earliest();
            case LATEST -> EventPosition.latest();
            case ENQUEUED_TIME -> EventPosition.fromEnqueuedTime(position.enqueuedTime());
            case AFTER_SEQUENCE_NUMBER -> EventPosition.fromSequenceNumber(position.sequenceNumber(), false);
        };
    }

    static ReceivedEvent toReceivedEvent(String partitionId, EventData data) {
        Instant enqueued = data.getEnqueuedTime();
        Map<String, Object> properties = data.getProperties();
        return new ReceivedEvent(partitionId, data.getSequenceNumber(), data.getOffsetString(),
                enqueued == null ? 0L : enqueued.toEpochMilli(), data.getPartitionKey(), data.getBody(),
                properties == null || properties.isEmpty() ? Map.of() : properties);
    }

    @Override
    public synchronized void close() {
        client.close();
    }

    /** Subscribes to one partition's Flux and turns demand into the {@link Link} credit calls. */
    private static final class LinkSubscriber extends BaseSubscriber<PartitionEvent> implements Link {
        private final String partitionId;
        private final int initialCredit;
        private final Listener listener;

        LinkSubscriber(String partitionId, int initialCredit, Listener listener) {
            this.partitionId = partitionId;
            this.initialCredit = initialCredit;
            this.listener = listener;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(initialCredit);
        }

        @Override
        protected void hookOnNext(PartitionEvent value) {
            listener.onEvent(toReceivedEvent(partitionId, value.getData()));
        }

        @Override
        protected void hookOnError(Throwable throwable) {
            listener.onError(throwable);
        }

        @Override
        protected void hookOnComplete() {
            listener.onComplete();
        }

        // request(long) and cancel() of Link are BaseSubscriber's own public methods: demand and cancellation upstream.
    }
}
