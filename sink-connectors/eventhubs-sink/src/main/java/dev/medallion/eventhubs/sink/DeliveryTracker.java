package dev.medallion.eventhubs.sink;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which offsets of each Kafka partition are still on their way to the hub, and so which offset Connect may commit:
 * the lowest one still pending, or one past the highest seen when none is. Records in different lanes of one partition
 * complete in any order; the committed offset never passes one that the hub has not acknowledged (or that Connect's
 * dead-letter queue has not taken).
 */
final class DeliveryTracker {
    private final Map<TopicPartition, TreeSet<Long>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> highestSeen = new HashMap<>();
    private int pendingCount;

    void started(TopicPartition partition, long offset) {
        if (pending.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset)) {
            pendingCount++;
        }
        highestSeen.merge(partition, offset, Math::max);
    }

    void done(TopicPartition partition, long offset) {
        TreeSet<Long> offsets = pending.get(partition);
        if (offsets != null && offsets.remove(offset)) {
            pendingCount--;
        }
    }

    int pendingCount() {
        return pendingCount;
    }

    /** Offsets safe to commit, for the partitions this task has seen records of. */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> entry : highestSeen.entrySet()) {
            TreeSet<Long> offsets = pending.get(entry.getKey());
            long next = offsets == null || offsets.isEmpty() ? entry.getValue() + 1 : offsets.first();
            result.put(entry.getKey(), new OffsetAndMetadata(next));
        }
        return result;
    }

    /** Forgets partitions this task no longer owns; their unacknowledged records are redelivered to the new owner. */
    void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            TreeSet<Long> offsets = pending.remove(partition);
            if (offsets != null) {
                pendingCount -= offsets.size();
            }
            highestSeen.remove(partition);
        }
    }
}
