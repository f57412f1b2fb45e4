package dev.medallion.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Waits until the broker serves every partition of a new topic. The controller answers CreateTopics, and the broker
 * advertises the partitions in its metadata, before its replica manager has applied them: a producer that writes at
 * once gets NOT_LEADER_OR_FOLLOWER. For an idempotent producer that is worse than a retry: the broker takes its later
 * batches as the producer's first (any sequence is accepted from a producer it has no state for), so the refused
 * first batch is refused again with OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout and then dropped.
 */
public final class PartitionLeaders {
    private PartitionLeaders() {
    }

    /** Returns once a ListOffsets (answered by the leader only) succeeds for every partition of {@code topic}. */
    public static void await(Admin admin, String topic, int partitions, Duration timeout) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Await.until(timeout, "the broker leads every partition of " + topic, () -> {
            try {
                admin.listOffsets(latest).all().get();
                return true;
            } catch (ExecutionException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }
}
