package dev.medallion.eventhubs.emulator.amqp;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;

/**
 * The request half of a request/response node: reads a request, lets the processor answer it and sends the answer
 * (correlated by the request's message id) on the reply link whose address the request names in {@code reply-to}.
 */
final class RequestLink implements LinkEndpoint {
    private static final int CREDIT = 100;

    private final Receiver receiver;
    private final RequestProcessor processor;
    private final ConnectionHandler connection;

    RequestLink(Receiver receiver, RequestProcessor processor, ConnectionHandler connection) {
        this.receiver = receiver;
        this.processor = processor;
        this.connection = connection;
        receiver.flow(CREDIT);
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (delivery.isPartial() || !delivery.isReadable()) {
            return;
        }
        byte[] bytes = new byte[delivery.pending()];
        int length = receiver.recv(bytes, 0, bytes.length);
        receiver.advance();
        Message request = Proton.message();
        request.decode(bytes, 0, length);
        delivery.disposition(Accepted.getInstance());
        delivery.settle();

        Message response = processor.process(request);
        response.setCorrelationId(request.getMessageId());
        ReplyLink reply = connection.replyLink(request.getReplyTo());
        if (reply != null) {
            reply.send(response);
        }
        if (receiver.getCredit() < CREDIT / 2) {
            receiver.flow(CREDIT - receiver.getCredit());
        }
    }
}
