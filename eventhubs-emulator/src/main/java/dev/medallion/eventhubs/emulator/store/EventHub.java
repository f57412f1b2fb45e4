package dev.medallion.eventhubs.emulator.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One event hub: its partitions (ids "0".."n-1"), its consumer groups ({@code $Default} always) and the routing of
 * events published to the hub rather than to a partition.
 */
public final class EventHub {
    public static final String DEFAULT_CONSUMER_GROUP = "$Default";

    private final String name;
    private final long createdAtMillis;
    private final long retentionBytesPerPartition;
    // Replaced whole when partitions are added, so readers never see a list being changed.
    private volatile List<PartitionLog> partitions;
    private final Set<String> consumerGroups = Collections.synchronizedSet(new LinkedHashSet<>());
    private final AtomicInteger roundRobin = new AtomicInteger();

    public EventHub(String name, int partitionCount, long retentionBytesPerPartition, long createdAtMillis) {
        if (partitionCount < 1 || partitionCount > 1024) {
            throw new IllegalArgumentException("Event hub '" + name + "' needs 1..1024 partitions, got "
                    + partitionCount);
        }
        this.name = name;
        this.createdAtMillis = createdAtMillis;
        this.retentionBytesPerPartition = retentionBytesPerPartition;
        List<PartitionLog> logs = new ArrayList<>(partitionCount);
        for (int i = 0; i < partitionCount; i++) {
            logs.add(new PartitionLog(name, Integer.toString(i), retentionBytesPerPartition));
        }
        this.partitions = List.copyOf(logs);
        consumerGroups.add(DEFAULT_CONSUMER_GROUP);
    }

    public String name() {
        return name;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    public int partitionCount() {
        return partitions.size();
    }

    public List<String> partitionIds() {
        return partitions.stream().map(PartitionLog::partitionId).toList();
    }

    /** The partition with this id, or null if there is none. */
    public PartitionLog partition(String partitionId) {
        try {
            int index = Integer.parseInt(partitionId);
            List<PartitionLog> logs = partitions;
            return index >= 0 && index < logs.size() ? logs.get(index) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Grows the hub to {@code partitionCount} partitions, as the service allows on premium and dedicated tiers (the
     * count can only go up). New partitions start empty; events already stored stay where they are.
     */
    public synchronized void growTo(int partitionCount) {
        List<PartitionLog> current = partitions;
        if (partitionCount <= current.size() || partitionCount > 1024) {
            throw new IllegalArgumentException("Event hub '" + name + "' has " + current.size()
                    + " partitions and can only grow, up to 1024; asked for " + partitionCount);
        }
        List<PartitionLog> logs = new ArrayList<>(current);
        for (int i = current.size(); i < partitionCount; i++) {
            logs.add(new PartitionLog(name, Integer.toString(i), retentionBytesPerPartition));
        }
        partitions = List.copyOf(logs);
    }

    public void addConsumerGroup(String group) {
        consumerGroups.add(group);
    }

    /** Consumer group names compare case-insensitively, as in the service. */
    public boolean hasConsumerGroup(String group) {
        synchronized (consumerGroups) {
            return consumerGroups.stream().anyMatch(g -> g.toLowerCase(Locale.ROOT).equals(
                    group.toLowerCase(Locale.ROOT)));
        }
    }

    public Set<String> consumerGroups() {
        synchronized (consumerGroups) {
            return Set.copyOf(consumerGroups);
        }
    }

    /**
     * The partition for an event sent to the hub: a stable hash of the partition key, so one key always lands on one
     * partition (also across restarts and JVMs), or round robin when there is no key.
     */
    public PartitionLog route(String partitionKey) {
        List<PartitionLog> logs = partitions;
        if (partitionKey == null) {
            return logs.get(Math.floorMod(roundRobin.getAndIncrement(), logs.size()));
        }
        return logs.get(Math.floorMod(stableHash(partitionKey), logs.size()));
    }

    // FNV-1a over UTF-8: defined by its spec, unlike Object.hashCode implementations of other types.
    static int stableHash(String key) {
        int hash = 0x811C9DC5;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x01000193;
        }
        return hash;
    }
}
