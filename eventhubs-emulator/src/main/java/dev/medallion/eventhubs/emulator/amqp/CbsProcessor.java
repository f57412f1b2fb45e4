package dev.medallion.eventhubs.emulator.amqp;

import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;

/**
 * The claims-based-security node {@code $cbs}: answers {@code put-token}. When the emulator has a shared access key,
 * a token not signed with it is refused with 401, as the service does (the SDK then raises a non-transient
 * {@code amqp:unauthorized-access}); otherwise every token (shared access signatures and JWTs alike) is accepted.
 */
final class CbsProcessor implements RequestProcessor {
    private final SharedAccessKeys keys;

    CbsProcessor(SharedAccessKeys keys) {
        this.keys = keys;
    }

    @Override
    public Message process(Message request) {
        String operation = RequestProcessor.property(request, "operation");
        if (!"put-token".equals(operation)) {
            return RequestProcessor.response(400, "Unsupported $cbs operation: " + operation, null);
        }
        Object token = request.getBody() instanceof AmqpValue value ? value.getValue() : null;
        String refusal = keys.refusal(token);
        if (refusal != null) {
            return RequestProcessor.response(401, refusal, null);
        }
        return RequestProcessor.response(202, "Accepted", null);
    }
}
