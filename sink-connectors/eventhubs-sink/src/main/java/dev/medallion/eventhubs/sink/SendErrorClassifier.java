package dev.medallion.eventhubs.sink;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.core.exception.ClientAuthenticationException;

/**
 * Decides whether a failed send is worth retrying (server busy, link or connection lost, timeouts, namespace
 * unreachable) or must fail the task because retrying cannot help (credentials refused, hub missing or disabled), and
 * words the message an operator sees in the failed task's trace. Never quotes the connection string.
 */
final class SendErrorClassifier {

    /** The verdict on one error. */
    record Verdict(boolean retriable, String explanation) {
    }

    private final String namespace;

    SendErrorClassifier(String namespace) {
        this.namespace = namespace;
    }

    Verdict classify(String hub, Throwable error) {
        AmqpException amqp = find(error, AmqpException.class);
        if (amqp != null) {
            return classifyAmqp(hub, amqp);
        }
        if (find(error, ClientAuthenticationException.class) != null) {
            return new Verdict(false, "Azure AD refused to issue a token for namespace " + namespace + " ("
                    + rootMessage(error) + "). Check eventhubs.auth.type and its settings, and that the identity has"
                    + " the 'Azure Event Hubs Data Sender' role.");
        }
        if (find(error, IllegalArgumentException.class) != null) {
            // The class only: the SDK's message about its settings can quote the connection string.
            return new Verdict(false, "The Event Hubs client rejected its settings for hub " + hub + " ("
                    + rootClass(error) + "). Check eventhubs.auth.type and its settings.");
        }
        // Network errors, timeouts, a closed connection or client: try again.
        return new Verdict(true, "Sending to hub " + hub + " failed: " + rootMessage(error));
    }

    private Verdict classifyAmqp(String hub, AmqpException e) {
        AmqpErrorCondition condition = e.getErrorCondition();
        if (condition == AmqpErrorCondition.UNAUTHORIZED_ACCESS) {
            return new Verdict(false, "Event Hubs namespace " + namespace + " refused the credentials for hub " + hub
                    + " (" + e.getMessage() + "). Check eventhubs.connection.string (key name and key, a revoked or"
                    + " expired policy, Send rights) or the Azure AD identity's role; the task does not retry a"
                    + " refusal.");
        }
        if (condition == AmqpErrorCondition.NOT_FOUND) {
            return new Verdict(false, "Event hub '" + hub + "' does not exist in namespace " + namespace + " ("
                    + e.getMessage() + "). Create it or fix eventhubs.hub / eventhubs.hub.map.");
        }
        if (condition == AmqpErrorCondition.SERVER_BUSY_ERROR) {
            return new Verdict(true, "Event Hubs is throttling (server busy) hub " + hub + "; backing off");
        }
        if (condition == AmqpErrorCondition.ENTITY_DISABLED_ERROR || condition == AmqpErrorCondition.NOT_ALLOWED
                || condition == AmqpErrorCondition.NOT_IMPLEMENTED
                || condition == AmqpErrorCondition.ARGUMENT_ERROR
                || condition == AmqpErrorCondition.ARGUMENT_OUT_OF_RANGE_ERROR) {
            return new Verdict(false, "Event Hubs rejected a send to hub " + hub + " (" + condition + "): "
                    + e.getMessage());
        }
        // Link or connection closed, timeouts, internal errors: transient from our side.
        return new Verdict(true, "Sending to hub " + hub + " failed (" + condition + "): " + e.getMessage());
    }

    static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static String rootClass(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
