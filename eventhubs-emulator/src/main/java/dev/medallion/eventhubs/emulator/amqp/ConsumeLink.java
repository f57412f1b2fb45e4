package dev.medallion.eventhubs.emulator.amqp;

import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.DeliveryAnnotations;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;

import dev.medallion.eventhubs.emulator.store.EventCodec;
import dev.medallion.eventhubs.emulator.store.PartitionLog;
import dev.medallion.eventhubs.emulator.store.PartitionSnapshot;
import dev.medallion.eventhubs.emulator.store.StoredEvent;

/**
 * A consumer's link on {@code <hub>/ConsumerGroups/<group>/Partitions/<id>}: sends the partition's events from the
 * resolved start position on, as far as the link credit the consumer grants allows. Deliveries go unsettled and are
 * settled when the consumer settles them. With the runtime-metric capability each event carries the partition's
 * last-enqueued properties as delivery annotations. While the namespace is throttled the link is detached with
 * {@code com.microsoft:server-busy}.
 */
final class ConsumeLink implements LinkEndpoint {
    static final Symbol RUNTIME_METRIC = Symbol.valueOf("com.microsoft:enable-receiver-runtime-metric");
    private static final int MAX_EVENTS_PER_PUMP = 256;

    private final Sender sender;
    private final PartitionLog partition;
    private final EmulatorContext context;
    private final boolean runtimeMetric;
    private final String consumerGroup;
    private final Long ownerLevel;
    private long nextSequenceNumber;
    private long tag;
    private boolean closed;

    ConsumeLink(Sender sender, PartitionLog partition, String consumerGroup, Long ownerLevel,
                long startSequenceNumber, boolean runtimeMetric, EmulatorContext context) {
        this.sender = sender;
        this.partition = partition;
        this.consumerGroup = consumerGroup;
        this.ownerLevel = ownerLevel;
        this.nextSequenceNumber = startSequenceNumber;
        this.runtimeMetric = runtimeMetric;
        this.context = context;
    }

    PartitionLog partition() {
        return partition;
    }

    String consumerGroup() {
        return consumerGroup;
    }

    Long ownerLevel() {
        return ownerLevel;
    }

    Sender sender() {
        return sender;
    }

    /**
     * Sends what credit allows, at most {@value #MAX_EVENTS_PER_PUMP} events.
     *
     * @return true if more events could be sent right away (credit and events left)
     */
    boolean pump() {
        if (closed) {
            return false;
        }
        if (sender.getLocalState() == EndpointState.CLOSED || sender.getRemoteState() == EndpointState.CLOSED
                || sender.getSession().getLocalState() == EndpointState.CLOSED) {
            // The session or link went away without a detach reaching this link's endpoint.
            onClosed();
            return false;
        }
        if (context.throttle.active()) {
            // The service detaches busy receivers too, not only new ones; a reader must back off and reattach.
            context.throttle.receiverTurnedAway();
            onClosed();
            sender.setCondition(AmqpErrors.of(AmqpErrors.SERVER_BUSY,
                    "The emulator is throttling this namespace (fault injection). Retry later."));
            sender.close();
            return false;
        }
        int credit = sender.getCredit();
        if (credit <= 0) {
            return false;
        }
        List<StoredEvent> events = partition.read(nextSequenceNumber, Math.min(credit, MAX_EVENTS_PER_PUMP));
        if (events.isEmpty()) {
            if (sender.getDrain()) {
                // The client asked to use up its credit: nothing to send, so give the credit back.
                sender.drained();
            }
            return false;
        }
        PartitionSnapshot snapshot = runtimeMetric ? partition.snapshot() : null;
        for (StoredEvent event : events) {
            Delivery delivery = sender.delivery(nextTag());
            byte[] bytes = snapshot == null ? event.encoded() : withRuntimeMetric(event, snapshot);
            sender.send(bytes, 0, bytes.length);
            sender.advance();
            nextSequenceNumber = event.sequenceNumber() + 1;
            if (delivery.remotelySettled()) {
                delivery.settle();
            }
        }
        return sender.getCredit() > 0 && nextSequenceNumber < partition.nextSequenceNumber();
    }

    private byte[] nextTag() {
        long t = tag++;
        return new byte[] {(byte) (t >>> 56), (byte) (t >>> 48), (byte) (t >>> 40), (byte) (t >>> 32),
                (byte) (t >>> 24), (byte) (t >>> 16), (byte) (t >>> 8), (byte) t};
    }

    // Runtime metrics are opt-in in the SDK, so re-encoding per delivery is acceptable here.
    private static byte[] withRuntimeMetric(StoredEvent event, PartitionSnapshot snapshot) {
        Message message = Proton.message();
        message.decode(event.encoded(), 0, event.encoded().length);
        Map<Symbol, Object> values = new HashMap<>();
        values.put(Symbol.valueOf("last_enqueued_sequence_number"), snapshot.lastEnqueuedSequenceNumber());
        values.put(Symbol.valueOf("last_enqueued_offset"), Long.toString(snapshot.lastEnqueuedOffset()));
        values.put(Symbol.valueOf("last_enqueued_time_utc"), new Date(snapshot.lastEnqueuedTimeMillis()));
        values.put(Symbol.valueOf("runtime_info_retrieval_time_utc"), new Date(System.currentTimeMillis()));
        message.setDeliveryAnnotations(new DeliveryAnnotations(values));
        return EventCodec.encode(message, event.encoded().length + 256);
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (delivery.remotelySettled()) {
            delivery.settle();
        }
    }

    @Override
    public void onClosed() {
        closed = true;
        context.unregister(this);
    }
}
