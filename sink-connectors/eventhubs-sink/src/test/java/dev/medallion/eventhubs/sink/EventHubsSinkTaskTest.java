package dev.medallion.eventhubs.sink;

import dev.medallion.testkit.RecordingSinkTaskContext;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventHubsSinkTaskTest {
    private static final TopicPartition P0 = new TopicPartition("orders", 0);

    private static Map<String, String> props() {
        Map<String, String> props = new HashMap<>();
        props.put("eventhubs.connection.string", EventHubsSinkConfigTest.NAMESPACE_CS);
        props.put("eventhubs.hub", "events");
        props.put("eventhubs.partition.routing", "kafka_partition");
        return props;
    }

    private static EventHubsSinkTask task(FakeHubSender sender, boolean withReporter) {
        EventHubsSinkTask task = new EventHubsSinkTask();
        task.initialize(new RecordingSinkTaskContext(props(), withReporter));
        task.start(new EventHubsSinkConfig(props()), sender);
        return task;
    }

    @Test
    void preCommitReturnsOnlyWhatTheHubAcknowledged() {
        FakeHubSender sender = new FakeHubSender(1000, 2);
        sender.autoAcknowledge = false;
        EventHubsSinkTask task = task(sender, true);
        task.put(List.of(SendPipelineTest.record(0, 7, null, "a"), SendPipelineTest.record(0, 8, null, "b")));
        Map<TopicPartition, OffsetAndMetadata> current = Map.of(P0, new OffsetAndMetadata(9));

        assertThat(task.preCommit(current)).isEqualTo(Map.of(P0, new OffsetAndMetadata(7)));
        sender.acknowledgeOldest();
        assertThat(task.preCommit(current)).isEqualTo(Map.of(P0, new OffsetAndMetadata(9)));
        task.stop();
    }

    @Test
    void aRecordWithoutByteFormGoesToTheDeadLetterQueueAndItsOffsetIsCommitted() {
        FakeHubSender sender = new FakeHubSender(1000, 2);
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(props(), true);
        EventHubsSinkTask task = new EventHubsSinkTask();
        task.initialize(context);
        task.start(new EventHubsSinkConfig(props()), sender);
        Schema schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
        SinkRecord struct = new SinkRecord("orders", 0, null, null, schema, new Struct(schema).put("a", 1), 1);

        task.put(List.of(SendPipelineTest.record(0, 0, null, "a"), struct, SendPipelineTest.record(0, 2, null, "c")));

        assertThat(context.reported()).containsExactly(struct);
        assertThat(context.reasons().get(0)).hasMessageStartingWith("value of type Struct has no byte form");
        assertThat(sender.offsets(Target.partitionId("0"))).containsExactly(0L, 2L);
        assertThat(task.preCommit(Map.of(P0, new OffsetAndMetadata(3)))).isEqualTo(
                Map.of(P0, new OffsetAndMetadata(3)));
        task.stop();
    }

    @Test
    void aFullBufferPausesTheConsumerInsteadOfBlockingPutAndResumesWhenHalfIsFree() {
        FakeHubSender sender = new FakeHubSender(10, 2);  // one record of 6 bytes per batch
        sender.autoAcknowledge = false;
        Map<String, String> props = props();
        props.put("eventhubs.max.buffered.records", "2");
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(props, java.util.Set.of(P0), true);
        EventHubsSinkTask task = new EventHubsSinkTask();
        task.initialize(context);
        task.start(new EventHubsSinkConfig(props), sender);

        task.put(List.of(SendPipelineTest.record(0, 0, null, "aaaaaa"), SendPipelineTest.record(0, 1, null, "bbbbbb"),
                SendPipelineTest.record(0, 2, null, "cccccc")));
        assertThat(context.paused()).containsExactly(P0);

        sender.acknowledgeOldest();
        task.put(List.of());
        assertThat(context.paused()).as("2 of 2 still held: not yet half free").containsExactly(P0);
        sender.acknowledgeOldest();
        task.put(List.of());
        assertThat(context.paused()).isEmpty();
        sender.acknowledgeOldest();
        assertThat(task.preCommit(Map.of(P0, new OffsetAndMetadata(3)))).isEqualTo(
                Map.of(P0, new OffsetAndMetadata(3)));
        task.stop();
    }

    @Test
    void withoutADeadLetterQueueTheTaskFailsWithWhatToSet() {
        EventHubsSinkTask task = task(new FakeHubSender(1000, 2), false);
        SinkRecord struct = new SinkRecord("orders", 0, null, null, null, Map.of("a", 1), 5);
        assertThatThrownBy(() -> task.put(List.of(struct))).isInstanceOf(ConnectException.class)
                .hasMessageContaining("orders-0@5 cannot be sent")
                .hasMessageContaining("errors.deadletterqueue.topic.name");
        task.stop();
    }
}
