package dev.medallion.eventhubs.source.receive;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.core.exception.ClientAuthenticationException;

/**
 * Decides whether a receive error is worth retrying (link dropped, server busy, timeouts, namespace unreachable) or
 * must fail the task because retrying cannot help (credentials refused, hub or consumer group missing), and words the
 * message an operator sees in the failed task's trace.
 */
public final class ErrorClassifier {

    /** The verdict on one error. */
    record Verdict(boolean retriable, String explanation) {
    }

    private final String namespace;
    private final String hub;
    private final String consumerGroup;

    public ErrorClassifier(String namespace, String hub, String consumerGroup) {
        this.namespace = namespace;
        this.hub = hub;
        this.consumerGroup = consumerGroup;
    }

    Verdict classify(Throwable error) {
        AmqpException amqp = find(error, AmqpException.class);
        if (amqp != null) {
            return classifyAmqp(amqp);
        }
        if (find(error, ClientAuthenticationException.class) != null
                || hasClass(error, "com.azure.identity.CredentialUnavailableException")) {
            return new Verdict(false, "Azure AD refused to issue a token for namespace " + namespace + " ("
                    + rootMessage(error) + "). Check eventhubs.auth.type and its tenant/client settings, and that the"
                    + " identity has the 'Azure Event Hubs Data Receiver' role.");
        }
        if (find(error, IllegalArgumentException.class) != null
                || find(error, UnsupportedOperationException.class) != null) {
            // The class only: the SDK's message about its settings can quote the connection string.
            return new Verdict(false, "The Event Hubs client rejected its settings for hub " + hub + " ("
                    + rootClass(error) + "). Check eventhubs.auth.type and its settings.");
        }
        // Network errors, timeouts, rejected executions, a closed connection: try again.
        return new Verdict(true, "Event Hubs call for hub " + hub + " failed: " + rootMessage(error));
    }

    private Verdict classifyAmqp(AmqpException e) {
        AmqpErrorCondition condition = e.getErrorCondition();
        if (condition == AmqpErrorCondition.UNAUTHORIZED_ACCESS) {
            return new Verdict(false, "Event Hubs namespace " + namespace + " refused the credentials (" + e.getMessage()
                    + "). Check eventhubs.connection.string (key name and key, or a revoked/expired policy) or the"
                    + " Azure AD identity's role assignment; the task does not retry a refusal.");
        }
        if (condition == AmqpErrorCondition.NOT_FOUND) {
            return new Verdict(false, "Event hub '" + hub + "' or its consumer group '" + consumerGroup
                    + "' does not exist in namespace " + namespace + " (" + e.getMessage() + "). Create them or fix"
                    + " eventhubs.hub / eventhubs.consumer.group.");
        }
        if (condition == AmqpErrorCondition.SERVER_BUSY_ERROR) {
            return new Verdict(true, "Event Hubs is throttling (server busy) hub " + hub + "; backing off");
        }
        if (condition == AmqpErrorCondition.RESOURCE_LIMIT_EXCEEDED) {
            // Often the 5-readers-per-partition-and-group limit while old tasks still hold links during a rebalance.
            return new Verdict(true, "Event Hubs refused another reader on hub " + hub + ", consumer group "
                    + consumerGroup + " (" + e.getMessage() + "); retrying. If this persists, give the connector its"
                    + " own consumer group.");
        }
        if (condition == AmqpErrorCondition.ARGUMENT_ERROR || condition == AmqpErrorCondition.ARGUMENT_OUT_OF_RANGE_ERROR
                || condition == AmqpErrorCondition.NOT_ALLOWED || condition == AmqpErrorCondition.NOT_IMPLEMENTED
                || condition == AmqpErrorCondition.ENTITY_DISABLED_ERROR) {
            return new Verdict(false, "Event Hubs rejected the request on hub " + hub + " (" + condition + "): "
                    + e.getMessage());
        }
        // Everything else (link or connection closed, timeouts, internal errors, a stolen link) is transient from
        // our side: a bounded backoff costs little, while failing the task would need an operator.
        return new Verdict(true, "Event Hubs call for hub " + hub + " failed (" + condition + "): " + e.getMessage());
    }

    static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (type.isInstance(suppressed)) {
                    return type.cast(suppressed);
                }
            }
        }
        return null;
    }

    private static boolean hasClass(Throwable error, String className) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    private static String rootClass(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
