package dev.medallion.quickstart;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.admin.ListOffsetsOptions;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Reads, through the admin client, how far each pipeline topic has been written (committed end offsets) and how far
 * the consumer groups reading them lag behind. Offsets of transactional topics include commit markers, so they are a
 * gauge of progress, not a record count; exact counts come from the tables and from {@link RecordCounter}.
 */
public final class TopicWatcher {
    private final Admin admin;

    public TopicWatcher(Admin admin) {
        this.admin = admin;
    }

    /** Sum of the read_committed end offsets of every partition, per topic (-1 for a topic that cannot be read). */
    public Map<String, Long> endOffsets(Collection<String> topics) {
        Map<String, Long> result = new LinkedHashMap<>();
        for (String topic : topics) {
            try {
                result.put(topic, endOffsetsOf(topic).values().stream().mapToLong(Long::longValue).sum());
            } catch (RuntimeException e) {
                result.put(topic, -1L);
            }
        }
        return result;
    }

    /** Total lag of {@code group} over the partitions it has committed offsets for (0 for an unknown group). */
    public long lag(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<String, Map<TopicPartition, Long>> ends = new HashMap<>();
            long lag = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                if (entry.getValue() == null) {
                    continue;
                }
                Map<TopicPartition, Long> end = ends.computeIfAbsent(entry.getKey().topic(), this::endOffsetsOf);
                lag += Math.max(0, end.getOrDefault(entry.getKey(), 0L) - entry.getValue().offset());
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            return -1;
        }
    }

    private Map<TopicPartition, Long> endOffsetsOf(String topic) {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(p -> request.put(p, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets = admin.listOffsets(request,
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> result = new HashMap<>();
            offsets.forEach((tp, info) -> result.put(tp, info.offset()));
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Could not read the end offsets of " + topic, e);
        }
    }
}
