package dev.medallion.eventhubs.emulator.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;

import dev.medallion.eventhubs.emulator.store.StartPosition.Kind;

class PartitionLogTest {

    private static Message message(int bodySize) {
        Message m = Proton.message();
        m.setBody(new Data(new Binary(new byte[bodySize])));
        return m;
    }

    @Test
    void assignsSequenceNumbersOffsetsAndStampsTheMessage() {
        PartitionLog log = new PartitionLog("hub", "0", 1_000_000);
        StoredEvent first = log.append(message(10), "k", 1000, 10);
        StoredEvent second = log.append(message(10), null, 999, 10);

        assertThat(first.sequenceNumber()).isZero();
        assertThat(first.offset()).isZero();
        assertThat(second.sequenceNumber()).isEqualTo(1);
        assertThat(second.offset()).isEqualTo(first.size());
        assertThat(second.enqueuedTimeMillis()).as("enqueued time never goes back").isEqualTo(1000);

        Message decoded = Proton.message();
        decoded.decode(first.encoded(), 0, first.encoded().length);
        var annotations = decoded.getMessageAnnotations().getValue();
        assertThat(annotations.get(EventCodec.SEQUENCE_NUMBER)).isEqualTo(0L);
        assertThat(annotations.get(EventCodec.OFFSET)).isEqualTo("0");
        assertThat(annotations.get(EventCodec.PARTITION_KEY)).isEqualTo("k");
        assertThat(annotations.get(EventCodec.ENQUEUED_TIME)).isEqualTo(new Date(1000));
    }

    @Test
    void retentionDropsTheOldestAndMovesTheBeginSequenceNumber() {
        PartitionLog log = new PartitionLog("hub", "0", 1000);
        for (int i = 0; i < 20; i++) {
            log.append(message(100), null, i, 100);
        }
        PartitionSnapshot snapshot = log.snapshot();
        assertThat(snapshot.lastEnqueuedSequenceNumber()).isEqualTo(19);
        List<StoredEvent> all = log.read(0, 100);
        // Each stored event is its 100-byte body plus the AMQP encoding and annotations (~186 bytes): 5 fit in 1000
        // bytes, a sixth would not.
        assertThat(all).allSatisfy(e -> assertThat(e.encoded().length).isGreaterThan(1000 / 6)
                .isLessThanOrEqualTo(1000 / 5));
        assertThat(all).extracting(StoredEvent::sequenceNumber).containsExactly(15L, 16L, 17L, 18L, 19L);
        assertThat(snapshot.beginSequenceNumber()).isEqualTo(15);
        assertThat(snapshot.retainedBytes()).as("exactly the retained events' encoded bytes")
                .isEqualTo(all.stream().mapToLong(e -> e.encoded().length).sum()).isLessThanOrEqualTo(1000);
    }

    @Test
    void keepsTheNewestEventEvenIfItAloneIsOverTheCap() {
        PartitionLog log = new PartitionLog("hub", "0", 50);
        log.append(message(10), null, 0, 10);
        log.append(message(500), null, 0, 500);
        assertThat(log.read(0, 10)).extracting(StoredEvent::sequenceNumber).containsExactly(1L);
    }

    @Test
    void compactsDroppedEventsWithoutLosingPositions() {
        PartitionLog log = new PartitionLog("hub", "0", 2000);
        for (int i = 0; i < 20_000; i++) {
            log.append(message(1), null, i, 1);
        }
        PartitionSnapshot snapshot = log.snapshot();
        List<StoredEvent> retained = log.read(0, Integer.MAX_VALUE);
        assertThat(retained.get(0).sequenceNumber()).isEqualTo(snapshot.beginSequenceNumber());
        assertThat(retained).hasSize((int) (19_999 - snapshot.beginSequenceNumber() + 1));
        assertThat(log.resolve(new StartPosition(Kind.SEQUENCE_NUMBER, 19_990, true))).isEqualTo(19_990);
    }

    @Test
    void resolvesEveryKindOfPosition() {
        PartitionLog log = new PartitionLog("hub", "0", 1_000_000);
        for (int i = 0; i < 10; i++) {
            log.append(message(10), null, 100L * i, 10);
        }
        long offsetOf4 = log.read(4, 1).get(0).offset();
        assertThat(log.resolve(StartPosition.earliest())).isZero();
        assertThat(log.resolve(StartPosition.latest())).isEqualTo(10);
        assertThat(log.resolve(new StartPosition(Kind.SEQUENCE_NUMBER, 4, true))).isEqualTo(4);
        assertThat(log.resolve(new StartPosition(Kind.SEQUENCE_NUMBER, 4, false))).isEqualTo(5);
        assertThat(log.resolve(new StartPosition(Kind.OFFSET, -1, false))).isZero();
        assertThat(log.resolve(new StartPosition(Kind.OFFSET, offsetOf4, true))).isEqualTo(4);
        assertThat(log.resolve(new StartPosition(Kind.OFFSET, offsetOf4, false))).isEqualTo(5);
        assertThat(log.resolve(new StartPosition(Kind.OFFSET, offsetOf4 + 1, true))).isEqualTo(5);
        assertThat(log.resolve(new StartPosition(Kind.ENQUEUED_TIME, 400, true))).isEqualTo(4);
        assertThat(log.resolve(new StartPosition(Kind.ENQUEUED_TIME, 400, false))).isEqualTo(5);
        assertThat(log.resolve(new StartPosition(Kind.ENQUEUED_TIME, 99_999, false))).isEqualTo(10);
        assertThat(log.resolve(new StartPosition(Kind.SEQUENCE_NUMBER, 50, true))).as("future position")
                .isEqualTo(50);
    }

    @Test
    void anEmptyPartitionReportsMinusOne() {
        PartitionSnapshot snapshot = new PartitionLog("hub", "3", 100).snapshot();
        assertThat(snapshot.empty()).isTrue();
        assertThat(snapshot.beginSequenceNumber()).isZero();
        assertThat(snapshot.lastEnqueuedSequenceNumber()).isEqualTo(-1);
        assertThat(snapshot.lastEnqueuedOffset()).isEqualTo(-1);
    }
}
