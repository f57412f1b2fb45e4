package dev.medallion.eventhubs.source.receive;

import dev.medallion.common.Backoff;
import dev.medallion.eventhubs.source.partition.StartPosition;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpErrorContext;
import com.azure.core.amqp.exception.AmqpException;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Listing a hub's partitions: transient failures are retried, refusals fail at once. */
class PartitionDiscoveryTest {
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
}
