package dev.medallion.eventhubs.emulator.amqp;

import java.util.HashMap;
import java.util.Map;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.message.Message;

/** Answers one request of a request/response node ({@code $cbs}, {@code $management}). */
interface RequestProcessor {

    Message process(Message request);

    /** A response with the status properties the SDK reads ({@code status-code} as an int). */
    static Message response(int statusCode, String description, Object body) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("status-code", statusCode);
        properties.put("status-description", description);
        Message response = Proton.message();
        response.setApplicationProperties(new ApplicationProperties(properties));
        if (body != null) {
            response.setBody(new AmqpValue(body));
        }
        return response;
    }

    /** The application property {@code name} of a request, as a string, or null. */
    static String property(Message request, String name) {
        ApplicationProperties properties = request.getApplicationProperties();
        if (properties == null || properties.getValue() == null) {
            return null;
        }
        Object value = properties.getValue().get(name);
        return value == null ? null : value.toString();
    }
}
