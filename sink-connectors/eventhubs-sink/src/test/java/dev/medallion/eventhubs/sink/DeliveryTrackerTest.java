package dev.medallion.eventhubs.sink;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryTrackerTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    @Test
    void theCommittedOffsetNeverPassesAnUnacknowledgedRecord() {
        DeliveryTracker tracker = new DeliveryTracker();
        for (long offset = 10; offset < 15; offset++) {
            tracker.started(P0, offset);
        }
        tracker.done(P0, 12);
        tracker.done(P0, 13);
        assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(10)));
        tracker.done(P0, 10);
        assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(11)));
        tracker.done(P0, 11);
        tracker.done(P0, 14);
        assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(15)));
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void forgottenPartitionsAreNeitherPendingNorCommitted() {
        DeliveryTracker tracker = new DeliveryTracker();
        tracker.started(P0, 0);
        tracker.started(P1, 0);
        tracker.started(P1, 1);
        tracker.forget(List.of(P1));
        assertThat(tracker.pendingCount()).isEqualTo(1);
        assertThat(tracker.committable()).containsOnlyKeys(P0);
    }
}
