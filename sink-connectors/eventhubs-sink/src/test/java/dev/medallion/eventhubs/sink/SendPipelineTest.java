package dev.medallion.eventhubs.sink;

import dev.medallion.common.Backoff;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SendPipelineTest {
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private final AtomicLong now = new AtomicLong(1_000);
    private final List<SinkRecord> deadLettered = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private final DeliveryTracker tracker = new DeliveryTracker();

    private SendPipeline pipeline(FakeHubSender sender, int maxInFlight) {
        return new SendPipeline(sender, tracker, (record, reason) -> {
            deadLettered.add(record);
            reasons.add(reason.getMessage());
        }, new SendErrorClassifier("ns"), new Backoff(Duration.ofMillis(10), Duration.ofMillis(40)), maxInFlight,
                Duration.ofSeconds(60), () -> now.addAndGet(1));  // time moves a little on every look
    }

    private static EventMapper mapper(String routing) {
        return new EventMapper(new HubTemplate("hub", Map.of()), routing, hub -> 4, true, true);
    }

    static SinkRecord record(int partition, long offset, String key, String value) {
        return new SinkRecord("orders", partition, null, key, null, value.getBytes(StandardCharsets.UTF_8), offset);
    }

    private void addAll(SendPipeline pipeline, EventMapper mapper, int partition, long from, long to, String key) {
        for (long offset = from; offset < to; offset++) {
            pipeline.add(mapper.map(record(partition, offset, key, "v" + offset)));
        }
    }

    @Test
    void transientFailuresAreRetriedInOrderAndOffsetsWaitForTheAcknowledgement() {
        FakeHubSender sender = new FakeHubSender(10, 4);  // "v0".."v9" are 2 bytes: 5 events a batch
        SendPipeline pipeline = pipeline(sender, 8);
        EventMapper mapper = mapper(EventHubsSinkConfig.ROUTING_KAFKA_PARTITION);
        sender.nextSendFailures.add(FakeHubSender.serverBusy());
        sender.nextSendFailures.add(FakeHubSender.linkLost());
        addAll(pipeline, mapper, 0, 0, 10, null);

        pipeline.pump();
        // The first batch failed: nothing is committed, and the second batch waits behind it.
        assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(0)));
        assertThat(sender.stored).isEmpty();

        now.addAndGet(100);
        pipeline.pump();
        now.addAndGet(100);
        assertThat(pipeline.drain(Duration.ofSeconds(5))).isTrue();

        assertThat(sender.offsets(Target.partitionId("0"))).containsExactlyElementsOf(
                LongStream.range(0, 10).boxed().toList());
        assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(10)));
        assertThat(sender.sends).isEqualTo(4);
    }

    @Test
    void aLaneHasOneBatchInFlightWhileLanesSendConcurrentlyUpToTheCap() {
        FakeHubSender sender = new FakeHubSender(10, 4);  // two events a batch
        sender.autoAcknowledge = false;
        SendPipeline pipeline = pipeline(sender, 3);
        EventMapper mapper = mapper(EventHubsSinkConfig.ROUTING_KEY);
        for (String key : List.of("a", "b", "c", "d")) {
            addAll(pipeline, mapper, 0, key.charAt(0) * 10L, key.charAt(0) * 10L + 4, key);
        }
        pipeline.pump();
        assertThat(sender.pending).hasSize(3);
        assertThat(sender.pending).extracting(p -> p.batch().target.value()).containsExactly("a", "b", "c");

        sender.acknowledgeOldest();
        pipeline.pump();
        // The freed slot goes to another batch, never to a second one of a lane that has one in flight.
        assertThat(sender.pending).hasSize(3);
        assertThat(sender.pending.stream().map(p -> p.batch().target.value()).distinct().count()).isEqualTo(3);
        while (!sender.pending.isEmpty()) {
            sender.acknowledgeOldest();
            pipeline.pump();
        }
        for (String key : List.of("a", "b", "c", "d")) {
            long first = key.charAt(0) * 10L;
            assertThat(sender.offsets(Target.partitionKey(key))).containsExactly(first, first + 1, first + 2,
                    first + 3);
        }
        assertThat(sender.maxConcurrent).isEqualTo(3);
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void anEventLargerThanAnEmptyBatchGoesToTheDeadLetterQueueAndTheRestFlows() {
        FakeHubSender sender = new FakeHubSender(16, 1);
        SendPipeline pipeline = pipeline(sender, 4);
        EventMapper mapper = mapper(EventHubsSinkConfig.ROUTING_ROUND_ROBIN);
        pipeline.add(mapper.map(record(0, 0, null, "small")));
        pipeline.add(mapper.map(record(0, 1, null, "x".repeat(17))));
        pipeline.add(mapper.map(record(0, 2, null, "small")));

        assertThat(pipeline.drain(Duration.ofSeconds(5))).isTrue();

        assertThat(sender.offsets(Target.ANY)).containsExactly(0L, 2L);
        assertThat(deadLettered).extracting(SinkRecord::kafkaOffset).containsExactly(1L);
        assertThat(reasons.get(0)).isEqualTo("event of 17 body bytes (plus properties) is larger than hub hub"
                + " accepts in one batch (16 bytes)");
        assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(3)));
    }

    @Test
    void aRefusalFailsTheTaskWithoutCommittingTheBatch() {
        FakeHubSender sender = new FakeHubSender(100, 1);
        sender.nextSendFailures.add(FakeHubSender.unauthorized());
        SendPipeline pipeline = pipeline(sender, 4);
        addAll(pipeline, mapper(EventHubsSinkConfig.ROUTING_ROUND_ROBIN), 0, 5, 7, null);

        assertThatThrownBy(pipeline::pump).isInstanceOf(ConnectException.class)
                .hasMessageContaining("refused the credentials for hub hub")
                .hasMessageContaining("records of orders-0 from offset 5 are not committed");
        assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(5)));
    }

    @Test
    void transientFailuresPastTheSendTimeoutFailTheTask() {
        FakeHubSender sender = new FakeHubSender(100, 1);
        for (int i = 0; i < 100; i++) {
            sender.nextSendFailures.add(FakeHubSender.serverBusy());
        }
        SendPipeline pipeline = pipeline(sender, 4);
        addAll(pipeline, mapper(EventHubsSinkConfig.ROUTING_ROUND_ROBIN), 0, 0, 1, null);
        pipeline.pump();  // the send fails: attempt 1
        now.addAndGet(61_000);

        assertThatThrownBy(pipeline::pump).isInstanceOf(ConnectException.class)
                .hasMessageContaining("Gave up sending 1 events of orders-0 from offset 0 to hub hub after 2 attempts");
    }

    @Test
    void aHubThatCannotBeReachedForANewBatchIsRetriedLikeAFailedSend() {
        FakeHubSender sender = new FakeHubSender(100, 1);
        sender.nextCreateFailures.add(new IllegalStateException("connection refused"));
        SendPipeline pipeline = pipeline(sender, 4);
        addAll(pipeline, mapper(EventHubsSinkConfig.ROUTING_ROUND_ROBIN), 0, 0, 3, null);
        pipeline.pump();
        assertThat(sender.stored).isEmpty();
        now.addAndGet(100);

        assertThat(pipeline.drain(Duration.ofSeconds(5))).isTrue();
        assertThat(sender.offsets(Target.ANY)).containsExactly(0L, 1L, 2L);
    }

    @Test
    void forgottenPartitionsStopSendingAndLateAcknowledgementsAreIgnored() {
        FakeHubSender sender = new FakeHubSender(2, 1);
        sender.autoAcknowledge = false;
        SendPipeline pipeline = pipeline(sender, 4);
        addAll(pipeline, mapper(EventHubsSinkConfig.ROUTING_ROUND_ROBIN), 0, 0, 3, null);
        pipeline.pump();
        assertThat(sender.pending).hasSize(1);

        pipeline.forget(List.of(P0));
        sender.acknowledgeOldest();
        pipeline.pump();

        assertThat(sender.pending).isEmpty();
        assertThat(sender.sends).isEqualTo(1);
        assertThat(tracker.committable()).isEmpty();
    }
}
