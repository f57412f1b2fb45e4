package dev.medallion.eventhubs.emulator;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.azure.messaging.eventhubs.CheckpointStore;
import com.azure.messaging.eventhubs.models.Checkpoint;
import com.azure.messaging.eventhubs.models.PartitionOwnership;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A checkpoint store in memory with optimistic concurrency on ownership, enough to run EventProcessorClient. */
final class InMemoryCheckpointStore implements CheckpointStore {
    private final Map<String, PartitionOwnership> ownerships = new ConcurrentHashMap<>();
    private final Map<String, Checkpoint> checkpoints = new ConcurrentHashMap<>();

    private static String key(String namespace, String hub, String group, String partition) {
        return namespace + "/" + hub + "/" + group + "/" + partition;
    }

    @Override
    public Flux<PartitionOwnership> listOwnership(String namespace, String hub, String group) {
        String prefix = key(namespace, hub, group, "");
        return Flux.fromIterable(ownerships.entrySet()).filter(e -> e.getKey().startsWith(prefix))
                .map(Map.Entry::getValue);
    }

    @Override
    public Flux<PartitionOwnership> claimOwnership(List<PartitionOwnership> requested) {
        return Flux.fromIterable(requested).handle((claim, sink) -> {
            String key = key(claim.getFullyQualifiedNamespace(), claim.getEventHubName(), claim.getConsumerGroup(),
                    claim.getPartitionId());
            synchronized (ownerships) {
                PartitionOwnership current = ownerships.get(key);
                boolean free = current == null ? claim.getETag() == null
                        : current.getETag().equals(claim.getETag());
                if (free) {
                    PartitionOwnership granted = new PartitionOwnership()
                            .setFullyQualifiedNamespace(claim.getFullyQualifiedNamespace())
                            .setEventHubName(claim.getEventHubName()).setConsumerGroup(claim.getConsumerGroup())
                            .setPartitionId(claim.getPartitionId()).setOwnerId(claim.getOwnerId())
                            .setLastModifiedTime(System.currentTimeMillis()).setETag(UUID.randomUUID().toString());
                    ownerships.put(key, granted);
                    sink.next(granted);
                }
            }
        });
    }

    @Override
    public Flux<Checkpoint> listCheckpoints(String namespace, String hub, String group) {
        String prefix = key(namespace, hub, group, "");
        return Flux.fromIterable(checkpoints.entrySet()).filter(e -> e.getKey().startsWith(prefix))
                .map(Map.Entry::getValue);
    }

    @Override
    public Mono<Void> updateCheckpoint(Checkpoint checkpoint) {
        return Mono.fromRunnable(() -> checkpoints.put(key(checkpoint.getFullyQualifiedNamespace(),
                checkpoint.getEventHubName(), checkpoint.getConsumerGroup(), checkpoint.getPartitionId()), checkpoint));
    }

    /** Owners and checkpointed sequence numbers per partition, for a timeout message. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("owners {");
        ownerships.values().forEach(o -> text.append(o.getPartitionId()).append('=').append(o.getOwnerId()).append(' '));
        text.append("} checkpoints {");
        checkpoints.values().forEach(c -> text.append(c.getPartitionId()).append('=').append(c.getSequenceNumber())
                .append(' '));
        return text.append('}').toString();
    }
}
