package dev.medallion.eventhubs.source;

import dev.medallion.common.Backoff;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpErrorContext;
import com.azure.core.amqp.exception.AmqpException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.TransactionContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unit tests of the small plain classes: assignment, backoff, offsets, discovery, poller, connector answers. */
class SmallPartsTest {

    @Test
    void partitionsAreSpreadRoundRobinWithoutEmptyTasks() {
        List<String> ids = List.of("0", "1", "2", "3", "4");
        assertThat(TaskAssignments.assign(ids, 2)).containsExactly(List.of("0", "2", "4"), List.of("1", "3"));
        assertThat(TaskAssignments.assign(ids, 9)).hasSize(5).allMatch(a -> a.size() == 1);
        assertThat(TaskAssignments.assign(ids, 1)).containsExactly(ids);
    }

    @Test
    void backoffDoublesUpToItsCapWithJitterBelowTheCeiling() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        assertThat(backoff.ceilingMillis(1)).isEqualTo(100);
        assertThat(backoff.ceilingMillis(3)).isEqualTo(400);
        assertThat(backoff.ceilingMillis(50)).isEqualTo(1000);
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.delayMillis(2)).isBetween(100L, 200L);
        }
    }

    @Test
    void committedOffsetsResumeAfterTheirSequenceNumber() {
        Map<String, String> partition = SourceOffsets.sourcePartition("ns", "h", "cg", "0");
        assertThat(SourceOffsets.resumePosition(partition, null, StartPosition.latest()))
                .isEqualTo(StartPosition.latest());
        assertThat(SourceOffsets.resumePosition(partition, new HashMap<>(SourceOffsets.sourceOffset(99, "9900")),
                StartPosition.latest())).isEqualTo(StartPosition.after(99));
        assertThatThrownBy(() -> SourceOffsets.resumePosition(partition, Map.of("offset", "12"),
                StartPosition.earliest()))
                .isInstanceOf(ConnectException.class).hasMessageContaining("PATCH /connectors");
    }

    @Test
    void sourcePartitionSerializesLikeTheHashMapConnectReadsItBackAs() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, String> partition = SourceOffsets.sourcePartition("ns.servicebus.windows.net", "orders",
                "$Default", "3");
        Map<String, Object> readBack = json.readValue(json.writeValueAsString(partition), HashMap.class);
        assertThat(json.writeValueAsString(readBack)).isEqualTo(json.writeValueAsString(partition));
    }

    @Test
    void sourcePartitionEqualsAndHashesLikeTheHashMapConnectReadsItBackAs() {
        Map<String, String> partition = SourceOffsets.sourcePartition("ns", "h", "cg", "2");
        Map<String, String> readBack = new HashMap<>(Map.of("namespace", "ns", "hub", "h", "consumerGroup", "cg",
                "partition", "2"));
        assertThat(partition).isEqualTo(readBack);
        assertThat(readBack).isEqualTo(partition);
        assertThat(partition.hashCode()).isEqualTo(readBack.hashCode());
        assertThat(Map.of(readBack, 1)).containsKey(partition);
        assertThat(partition).isNotEqualTo(SourceOffsets.sourcePartition("ns", "h", "cg", "3"));
        assertThatThrownBy(() -> partition.put("partition", "9")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void connectorDeclaresExactlyOnceAndChecksAlteredOffsets() {
        EventHubsSourceConnector connector = new EventHubsSourceConnector();
        assertThat(connector.exactlyOnceSupport(Map.of())).isEqualTo(ExactlyOnceSupport.SUPPORTED);
        assertThat(connector.canDefineTransactionBoundaries(Map.of()))
                .isEqualTo(ConnectorTransactionBoundaries.SUPPORTED);

        Map<Map<String, ?>, Map<String, ?>> good = new HashMap<>();
        good.put(SourceOffsets.sourcePartition("ns", "h", "cg", "0"), Map.of("sequenceNumber", 10, "offset", "1"));
        good.put(SourceOffsets.sourcePartition("ns", "h", "cg", "1"), null);
        assertThat(connector.alterOffsets(Map.of(), good)).isTrue();
        assertThatThrownBy(() -> connector.alterOffsets(Map.of(),
                Map.of(Map.of("partition", "0"), Map.of("sequenceNumber", 1))))
                .hasMessageContaining("namespace");
        assertThatThrownBy(() -> connector.alterOffsets(Map.of(),
                Map.of(SourceOffsets.sourcePartition("ns", "h", "cg", "0"), Map.of("sequenceNumber", "x"))))
                .hasMessageContaining("numeric");
    }

    @Test
    void validateReportsCrossKeyRulesOnTheKeyToFix() {
        org.apache.kafka.common.config.Config result = new EventHubsSourceConnector().validate(Map.of(
                EventHubsSourceConfig.AUTH_TYPE_CONFIG, "managed_identity", EventHubsSourceConfig.HUB_CONFIG, "h"));
        assertThat(result.configValues()).filteredOn(v -> v.name().equals(EventHubsSourceConfig.NAMESPACE_CONFIG))
                .singleElement().satisfies(v -> assertThat(v.errorMessages())
                        .containsExactly("is required when eventhubs.auth.type=managed_identity"));
    }

    @Test
    void discoveryRetriesTransientFailuresAndFailsFastOnRefusal() {
        List<Long> sleeps = new ArrayList<>();
        PartitionDiscovery discovery = new PartitionDiscovery(new ErrorClassifier("ns", "orders", "cg"),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)), 3, sleeps::add);
        FlakyReceiver flaky = new FlakyReceiver(2, new AmqpException(true, "connection reset",
                new AmqpErrorContext("ns")));
        assertThat(discovery.partitionIds(flaky, "orders")).containsExactly("0", "1");
        assertThat(sleeps).hasSize(2);

        FlakyReceiver refused = new FlakyReceiver(1, new AmqpException(false, AmqpErrorCondition.NOT_FOUND,
                "The messaging entity could not be found", new AmqpErrorContext("ns")));
        assertThatThrownBy(() -> discovery.partitionIds(refused, "orders"))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("Event hub 'orders'")
                .hasMessageContaining("does not exist");

        FlakyReceiver down = new FlakyReceiver(10, new AmqpException(true, "unreachable",
                new AmqpErrorContext("ns")));
        assertThatThrownBy(() -> discovery.partitionIds(down, "orders")).hasMessageContaining("attempt 3");
    }

    @Test
    void pollerCommitsOneTransactionPerNonEmptyBatch() throws Exception {
        FakePartitionReceiver receiver = new FakePartitionReceiver();
        Map<String, StartPosition> starts = new LinkedHashMap<>();
        starts.put("0", StartPosition.earliest());
        PartitionsReader reader = new PartitionsReader(receiver, starts, 100, new ErrorClassifier("ns", "h", "cg"),
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), System::currentTimeMillis);
        EventRecordBuilder builder = EventRecordBuilder.from(new EventHubsSourceConfig(Map.of(
                EventHubsSourceConfig.CONNECTION_STRING_CONFIG,
                "Endpoint=sb://ns/;SharedAccessKeyName=k;SharedAccessKey=v;EntityPath=h")));
        RecordingTransactions transactions = new RecordingTransactions();
        EventHubsPoller poller = new EventHubsPoller(reader, builder, 2, Duration.ofMillis(1), transactions);
        poller.start();

        receiver.last("0").deliver(0, 1, 2);
        List<SourceRecord> first = poller.poll();
        List<SourceRecord> second = poller.poll();
        List<SourceRecord> third = poller.poll();

        assertThat(first).extracting(r -> (Object) r.sourceOffset().get("sequenceNumber")).containsExactly(0L, 1L);
        assertThat(second).extracting(r -> (Object) r.sourceOffset().get("sequenceNumber")).containsExactly(2L);
        assertThat(third).isEmpty();
        assertThat(transactions.committedAfter).containsExactly(first.get(1), second.get(0));
        poller.close();
    }

    /** Fails {@code failures} times, then lists two partitions. */
    private static final class FlakyReceiver implements PartitionReceiver {
        private int failures;
        private final RuntimeException error;

        FlakyReceiver(int failures, RuntimeException error) {
            this.failures = failures;
            this.error = error;
        }

        @Override
        public List<String> partitionIds() {
            if (failures-- > 0) {
                throw error;
            }
            return List.of("0", "1");
        }

        @Override
        public Link open(String partitionId, StartPosition position, int initialCredit, Listener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    private static final class RecordingTransactions implements TransactionContext {
        final List<SourceRecord> committedAfter = new ArrayList<>();

        @Override
        public void commitTransaction() {
            throw new AssertionError("the poller commits on a record");
        }

        @Override
        public void commitTransaction(SourceRecord record) {
            committedAfter.add(record);
        }

        @Override
        public void abortTransaction() {
        }

        @Override
        public void abortTransaction(SourceRecord record) {
        }
    }
}
