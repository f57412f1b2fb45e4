package dev.medallion.eventhubs.emulator.amqp;

import org.apache.qpid.proton.message.Message;

/**
 * The claims-based-security node {@code $cbs}: accepts every {@code put-token} (shared access signatures and JWTs
 * alike). The emulator does not check keys: a wrong SAS key name or key is accepted, which keeps local setups simple.
 */
final class CbsProcessor implements RequestProcessor {

    @Override
    public Message process(Message request) {
        String operation = RequestProcessor.property(request, "operation");
        if (!"put-token".equals(operation)) {
            return RequestProcessor.response(400, "Unsupported $cbs operation: " + operation, null);
        }
        return RequestProcessor.response(202, "Accepted", null);
    }
}
