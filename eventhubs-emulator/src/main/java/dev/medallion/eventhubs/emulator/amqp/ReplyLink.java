package dev.medallion.eventhubs.emulator.amqp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;

import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;

import dev.medallion.eventhubs.emulator.store.EventCodec;

/** The response half of a request/response node: sends answers as the client's credit allows, in order. */
final class ReplyLink implements LinkEndpoint {
    private final Sender sender;
    private final Queue<Message> pending = new ArrayDeque<>();
    private long tag;

    ReplyLink(Sender sender) {
        this.sender = sender;
    }

    void send(Message response) {
        pending.add(response);
        drain();
    }

    @Override
    public void onFlow() {
        drain();
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (delivery.remotelySettled()) {
            delivery.settle();
        }
    }

    private void drain() {
        while (sender.getCredit() > 0 && !pending.isEmpty()) {
            byte[] bytes = EventCodec.encode(pending.poll(), 512);
            sender.delivery(Long.toString(tag++).getBytes(StandardCharsets.US_ASCII));
            sender.send(bytes, 0, bytes.length);
            sender.advance();
        }
    }
}
