package dev.medallion.eventhubs.source.receive;

import dev.medallion.eventhubs.source.partition.StartPosition;

import dev.medallion.common.Backoff;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpErrorContext;
import com.azure.core.amqp.exception.AmqpException;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionsReaderTest {
    private static final Duration NO_WAIT = Duration.ofMillis(1);
    private final FakePartitionReceiver receiver = new FakePartitionReceiver();
    private final AtomicLong now = new AtomicLong(10_000);

    private PartitionsReader reader(Map<String, StartPosition> starts, int credit) {
        PartitionsReader reader = new PartitionsReader(receiver, starts, credit,
                new ErrorClassifier("ns.example", "events", "$Default"),
                new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000)), now::get);
        reader.start();
        return reader;
    }

    private static Map<String, StartPosition> starts(StartPosition p0, StartPosition p1) {
        Map<String, StartPosition> starts = new LinkedHashMap<>();
        starts.put("0", p0);
        starts.put("1", p1);
        return starts;
    }

    private static List<String> ids(List<ReceivedEvent> events) {
        return events.stream().map(e -> e.partitionId() + ":" + e.sequenceNumber()).toList();
    }

    @Test
    void opensEachPartitionAtItsStartAndKeepsPerPartitionOrder() throws Exception {
        PartitionsReader reader = reader(starts(StartPosition.after(41), StartPosition.earliest()), 10);

        assertThat(receiver.last("0").position).isEqualTo(StartPosition.after(41));
        assertThat(receiver.last("1").position).isEqualTo(StartPosition.earliest());
        receiver.last("0").deliver(42, 43);
        receiver.last("1").deliver(0);
        receiver.last("0").deliver(44);

        assertThat(ids(reader.poll(100, NO_WAIT))).containsExactly("0:42", "0:43", "1:0", "0:44");
        assertThat(reader.poll(100, NO_WAIT)).isEmpty();
    }

    @Test
    void bufferIsBoundedByCreditAndPollingReturnsCreditToTheLink() throws Exception {
        PartitionsReader reader = reader(starts(StartPosition.earliest(), StartPosition.earliest()), 3);
        FakePartitionReceiver.FakeLink link = receiver.last("0");

        assertThat(link.deliver(0, 1, 2, 3, 4)).isEqualTo(3);
        assertThat(ids(reader.poll(2, NO_WAIT))).containsExactly("0:0", "0:1");
        assertThat(link.credit).isEqualTo(2);
        assertThat(link.deliver(3, 4, 5)).isEqualTo(2);
        assertThat(ids(reader.poll(100, NO_WAIT))).containsExactly("0:2", "0:3", "0:4");
        assertThat(link.credit).isEqualTo(3);
    }

    @Test
    void aShortBatchLingersForEventsThatArriveMeanwhileInOrder() throws Exception {
        // Credit 4 on 2 partitions: a batch is complete at 4 events; the linger is long so a slow machine still passes.
        PartitionsReader reader = new PartitionsReader(receiver, starts(StartPosition.earliest(),
                StartPosition.earliest()), 4, new ErrorClassifier("ns.example", "events", "$Default"),
                new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000)), now::get, 60_000);
        reader.start();
        receiver.last("0").deliver(0);
        Thread polling = Thread.currentThread();
        Thread late = new Thread(() -> {
            // Deliver while the poll lingers: once the polling thread waits for more events (with a timeout).
            while (polling.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
            receiver.last("1").deliver(0);
            receiver.last("0").deliver(1, 2);
        });
        late.start();

        assertThat(ids(reader.poll(100, Duration.ofMinutes(1)))).containsExactly("0:0", "1:0", "0:1", "0:2");
        late.join();
        // Never beyond the poll's own max wait: with nothing more coming, the buffered event returns.
        receiver.last("1").deliver(1);
        assertThat(ids(reader.poll(100, NO_WAIT))).containsExactly("1:1");
    }

    @Test
    void transientErrorReopensAfterBackoffRightAfterTheLastBufferedEvent() throws Exception {
        PartitionsReader reader = reader(starts(StartPosition.earliest(), StartPosition.earliest()), 100);
        FakePartitionReceiver.FakeLink first = receiver.last("0");
        first.deliver(0, 1, 2);
        first.fail(new AmqpException(true, AmqpErrorCondition.LINK_DETACH_FORCED, "link dropped",
                new AmqpErrorContext("ns.example")));

        // Buffered events still come out; the partition is not reopened before the backoff passed.
        assertThat(ids(reader.poll(100, NO_WAIT))).containsExactly("0:0", "0:1", "0:2");
        assertThat(receiver.links("0")).hasSize(1);

        now.addAndGet(1_000);
        assertThat(reader.poll(100, NO_WAIT)).isEmpty();
        assertThat(receiver.links("0")).hasSize(2);
        FakePartitionReceiver.FakeLink second = receiver.last("0");
        assertThat(second.position).isEqualTo(StartPosition.after(2));

        // Late deliveries of the failed link are ignored; the new link continues the sequence.
        first.listener.onEvent(FakePartitionReceiver.event("0", 3));
        second.deliver(3, 4);
        assertThat(ids(reader.poll(100, NO_WAIT))).containsExactly("0:3", "0:4");
        assertThat(receiver.links("1")).hasSize(1);
    }

    @Test
    void reopenedPartitionWithoutEventsStartsWhereItStartedBefore() throws Exception {
        PartitionsReader reader = reader(starts(StartPosition.after(7), StartPosition.earliest()), 100);
        receiver.last("0").fail(new AmqpException(true, AmqpErrorCondition.SERVER_BUSY_ERROR, "busy",
                new AmqpErrorContext("ns.example")));
        reader.poll(10, NO_WAIT);
        now.addAndGet(1_000);
        reader.poll(10, NO_WAIT);

        assertThat(receiver.last("0").position).isEqualTo(StartPosition.after(7));
    }

    @Test
    void redeliveredEventsAreDroppedNotDuplicated() throws Exception {
        PartitionsReader reader = reader(starts(StartPosition.earliest(), StartPosition.earliest()), 100);
        FakePartitionReceiver.FakeLink link = receiver.last("0");
        link.deliver(0, 1, 1, 0, 2);

        assertThat(ids(reader.poll(100, NO_WAIT))).containsExactly("0:0", "0:1", "0:2");
        assertThat(link.credit).isEqualTo(100);
    }

    @Test
    void failureToOpenIsRetriedLikeALinkError() throws Exception {
        receiver.openFailure = new AmqpException(true, "connection refused", new AmqpErrorContext("ns.example"));
        PartitionsReader reader = reader(starts(StartPosition.earliest(), StartPosition.earliest()), 100);
        assertThat(receiver.links("0")).isEmpty();

        reader.poll(10, NO_WAIT);
        now.addAndGet(1_000);
        reader.poll(10, NO_WAIT);

        assertThat(receiver.links("0")).hasSize(1);
        assertThat(receiver.last("0").position).isEqualTo(StartPosition.earliest());
    }

    @Test
    void refusedCredentialsFailThePollWithAnExplanation() {
        PartitionsReader reader = reader(starts(StartPosition.earliest(), StartPosition.earliest()), 100);
        receiver.last("1").fail(new AmqpException(false, AmqpErrorCondition.UNAUTHORIZED_ACCESS,
                "InvalidSignature: the token has an invalid signature", new AmqpErrorContext("ns.example")));

        assertThatThrownBy(() -> reader.poll(10, NO_WAIT))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("refused the credentials")
                .hasMessageContaining("eventhubs.connection.string")
                .hasMessageContaining("partition 1");
    }

    @Test
    void unknownHubFailsThePollNamingHubAndGroup() {
        PartitionsReader reader = reader(starts(StartPosition.earliest(), StartPosition.earliest()), 100);
        receiver.last("0").fail(new AmqpException(false, AmqpErrorCondition.NOT_FOUND, "entity not found",
                new AmqpErrorContext("ns.example")));

        assertThatThrownBy(() -> reader.poll(10, NO_WAIT))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("'events'")
                .hasMessageContaining("'$Default'");
    }

    @Test
    void closeCancelsEveryLinkAndIgnoresLaterDeliveries() throws Exception {
        PartitionsReader reader = reader(starts(StartPosition.earliest(), StartPosition.earliest()), 100);
        reader.close();

        assertThat(receiver.opened).allMatch(l -> l.cancelled);
        receiver.last("0").listener.onEvent(FakePartitionReceiver.event("0", 0));
        assertThat(reader.poll(10, NO_WAIT)).isEmpty();
    }

    @Test
    void consecutiveFailuresBackOffLongerAndEventsResetTheBackoff() throws Exception {
        PartitionsReader reader = reader(starts(StartPosition.earliest(), StartPosition.earliest()), 100);
        AmqpException dropped = new AmqpException(true, AmqpErrorCondition.CONNECTION_FORCED, "gone",
                new AmqpErrorContext("ns.example"));
        for (int i = 0; i < 4; i++) {
            receiver.last("0").fail(dropped);
            reader.poll(10, NO_WAIT);
            now.addAndGet(1_000);
            reader.poll(10, NO_WAIT);
        }
        assertThat(receiver.links("0")).hasSize(5);
        // The 5th failure waits at least half the 1 s cap, so 400 ms later the partition is still closed.
        receiver.last("0").fail(dropped);
        reader.poll(10, NO_WAIT);
        now.addAndGet(400);
        reader.poll(10, NO_WAIT);
        assertThat(receiver.links("0")).hasSize(5);
        now.addAndGet(700);
        reader.poll(10, NO_WAIT);
        assertThat(receiver.links("0")).hasSize(6);
        // Events flow again: the next failure starts from the shortest backoff (<= 100 ms).
        receiver.last("0").deliver(0);
        reader.poll(10, NO_WAIT);
        receiver.last("0").fail(dropped);
        reader.poll(10, NO_WAIT);
        now.addAndGet(101);
        reader.poll(10, NO_WAIT);
        assertThat(receiver.links("0")).hasSize(7);
        // Only the 3rd consecutive failure replaced the client; the run after the reset stayed below that.
        assertThat(receiver.recovered).isEqualTo(1);
    }
}
