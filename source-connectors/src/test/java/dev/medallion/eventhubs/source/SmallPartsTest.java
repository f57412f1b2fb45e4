package dev.medallion.eventhubs.source;

import dev.medallion.eventhubs.source.config.EventHubsSourceConfig;
import dev.medallion.eventhubs.source.partition.SourceOffsets;
import dev.medallion.eventhubs.source.partition.StartPosition;
import dev.medallion.eventhubs.source.partition.TaskAssignments;
import dev.medallion.eventhubs.source.receive.ErrorClassifier;
import dev.medallion.eventhubs.source.receive.FakePartitionReceiver;
import dev.medallion.eventhubs.source.receive.PartitionDiscovery;
import dev.medallion.eventhubs.source.receive.PartitionsReader;
import dev.medallion.eventhubs.source.record.EventRecordBuilder;

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

/** Unit tests of the small parts of the root package: backoff, poller, connector answers. */
class SmallPartsTest {

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
