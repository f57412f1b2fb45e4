package dev.medallion.eventhubs.emulator.amqp;

import java.util.List;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;

import dev.medallion.eventhubs.emulator.store.EventCodec;
import dev.medallion.eventhubs.emulator.store.EventHub;
import dev.medallion.eventhubs.emulator.store.PartitionLog;

/**
 * A producer's link to a hub or to one partition: takes single and batched transfers, appends them to a partition
 * (the fixed one, else by partition key hash, else round robin; a batch goes whole to one partition) and accepts
 * them. While throttled it rejects with {@code com.microsoft:server-busy}.
 */
final class PublishLink implements LinkEndpoint {
    static final int CREDIT = 1000;

    private final Receiver receiver;
    private final EventHub hub;
    private final PartitionLog fixedPartition;
    private final EmulatorContext context;
    private byte[] buffer = new byte[64 * 1024];

    PublishLink(Receiver receiver, EventHub hub, PartitionLog fixedPartition, EmulatorContext context) {
        this.receiver = receiver;
        this.hub = hub;
        this.fixedPartition = fixedPartition;
        this.context = context;
        receiver.flow(CREDIT);
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (delivery.isPartial() || !delivery.isReadable()) {
            return;
        }
        int length = readTransfer(delivery);
        if (context.throttle.active()) {
            Rejected rejected = new Rejected();
            rejected.setError(AmqpErrors.of(AmqpErrors.SERVER_BUSY,
                    "The emulator is throttling this namespace (fault injection). Retry later."));
            delivery.disposition(rejected);
        } else {
            try {
                store(delivery.getMessageFormat(), length);
                delivery.disposition(Accepted.getInstance());
            } catch (RuntimeException e) {
                Rejected rejected = new Rejected();
                rejected.setError(AmqpErrors.of(AmqpErrors.ARGUMENT_ERROR,
                        "The emulator could not decode the message: " + e.getMessage()));
                delivery.disposition(rejected);
            }
        }
        delivery.settle();
        if (receiver.getCredit() < CREDIT / 2) {
            receiver.flow(CREDIT - receiver.getCredit());
        }
    }

    private int readTransfer(Delivery delivery) {
        int pending = delivery.pending();
        if (pending > buffer.length) {
            buffer = new byte[Math.max(pending, buffer.length * 2)];
        }
        int length = 0;
        int read;
        while ((read = receiver.recv(buffer, length, buffer.length - length)) > 0) {
            length += read;
            if (length == buffer.length) {
                byte[] bigger = new byte[buffer.length * 2];
                System.arraycopy(buffer, 0, bigger, 0, length);
                buffer = bigger;
            }
        }
        receiver.advance();
        return length;
    }

    private void store(int messageFormat, int length) {
        long now = System.currentTimeMillis();
        if (messageFormat == BatchDecoder.BATCH_MESSAGE_FORMAT) {
            BatchDecoder.Batch batch = context.batchDecoder.decode(buffer, length);
            List<Message> events = batch.events();
            if (events.isEmpty()) {
                return;
            }
            Message envelope = Proton.message();
            envelope.setMessageAnnotations(batch.envelopeAnnotations());
            String batchKey = EventCodec.partitionKey(envelope);
            if (batchKey == null) {
                batchKey = EventCodec.partitionKey(events.get(0));
            }
            PartitionLog target = fixedPartition != null ? fixedPartition : hub.route(batchKey);
            int sizeHint = length / events.size();
            for (Message event : events) {
                String key = EventCodec.partitionKey(event);
                target.append(event, key != null ? key : batchKey, now, sizeHint);
            }
        } else {
            Message message = Proton.message();
            message.decode(buffer, 0, length);
            String key = EventCodec.partitionKey(message);
            PartitionLog target = fixedPartition != null ? fixedPartition : hub.route(key);
            target.append(message, key, now, length);
        }
    }
}
