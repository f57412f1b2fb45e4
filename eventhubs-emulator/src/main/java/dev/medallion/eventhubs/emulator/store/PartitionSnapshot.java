package dev.medallion.eventhubs.emulator.store;

/**
 * The runtime properties of a partition at one moment, as the management READ of {@code com.microsoft:partition}
 * reports them. For an empty partition the last sequence number and offset are -1 and the time is the epoch.
 */
public record PartitionSnapshot(String hubName, String partitionId, long beginSequenceNumber,
                                long lastEnqueuedSequenceNumber, long lastEnqueuedOffset,
                                long lastEnqueuedTimeMillis, boolean empty, long retainedBytes) {
}
