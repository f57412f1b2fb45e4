package dev.medallion.eventhubs.source.receive;

import dev.medallion.eventhubs.source.partition.StartPosition;

import java.util.List;

/**
 * Opens receive links on Event Hubs partitions. The production implementation ({@link SdkPartitionReceiver}) wraps
 * the Azure SDK's async consumer; the reading logic ({@link PartitionsReader}) only sees this interface.
 */
public interface PartitionReceiver extends AutoCloseable {

    /** The hub's partition ids, in the hub's order. */
    List<String> partitionIds();

    /**
     * Starts receiving {@code partitionId} from {@code position}, delivering at most {@code initialCredit} events
     * before {@link Link#request} asks for more. Callbacks arrive on the client's threads, one at a time per link.
     */
    Link open(String partitionId, StartPosition position, int initialCredit, Listener listener);

    /**
     * Called when a partition keeps failing to reopen: replaces the underlying client, in case its connection is in a
     * state it cannot leave by itself. Links of the old client end with an error (and are reopened by the reader).
     */
    default void recover() {
    }

    @Override
    void close();

    /** An open receive link. */
    interface Link {
        /** Allows {@code events} more deliveries. */
        void request(long events);

        /** Stops the link; no callback follows. */
        void cancel();
    }

    /** Receives the deliveries of one link; after onError or onComplete nothing more arrives. */
    interface Listener {
        void onEvent(ReceivedEvent event);

        void onError(Throwable error);

        void onComplete();
    }
}
