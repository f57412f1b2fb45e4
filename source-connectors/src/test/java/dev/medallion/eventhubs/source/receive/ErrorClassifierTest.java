package dev.medallion.eventhubs.source.receive;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpErrorContext;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.core.exception.ClientAuthenticationException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorClassifierTest {
    private final ErrorClassifier classifier = new ErrorClassifier("ns.example", "orders", "cg");

    private static AmqpException amqp(boolean transientError, AmqpErrorCondition condition) {
        return new AmqpException(transientError, condition, "message from service", new AmqpErrorContext("ns.example"));
    }

    @Test
    void refusalsAndMissingEntitiesAreFatal() {
        assertThat(classifier.classify(amqp(false, AmqpErrorCondition.UNAUTHORIZED_ACCESS)).retriable()).isFalse();
        assertThat(classifier.classify(amqp(false, AmqpErrorCondition.NOT_FOUND)).retriable()).isFalse();
        assertThat(classifier.classify(amqp(false, AmqpErrorCondition.ENTITY_DISABLED_ERROR)).retriable()).isFalse();
        assertThat(classifier.classify(new ClientAuthenticationException("AADSTS7000215: invalid secret", null))
                .explanation()).contains("Azure AD refused").contains("Data Receiver");
    }

    @Test
    void droppedLinksThrottlingAndNetworkErrorsAreRetriable() {
        assertThat(classifier.classify(amqp(true, AmqpErrorCondition.SERVER_BUSY_ERROR)).explanation())
                .contains("throttling");
        assertThat(classifier.classify(amqp(false, AmqpErrorCondition.SERVER_BUSY_ERROR)).retriable()).isTrue();
        assertThat(classifier.classify(amqp(true, AmqpErrorCondition.LINK_DETACH_FORCED)).retriable()).isTrue();
        assertThat(classifier.classify(amqp(false, AmqpErrorCondition.CONNECTION_FORCED)).retriable()).isTrue();
        assertThat(classifier.classify(amqp(false, AmqpErrorCondition.RESOURCE_LIMIT_EXCEEDED)).retriable()).isTrue();
        assertThat(classifier.classify(new RuntimeException(new IOException("Connection refused"))).retriable())
                .isTrue();
        assertThat(classifier.classify(new IllegalStateException("timed out", new TimeoutException())).retriable())
                .isTrue();
    }

    @Test
    void findsTheAmqpCauseInsideWrappers() {
        RuntimeException wrapped = new RuntimeException("reactor wrapper",
                amqp(false, AmqpErrorCondition.UNAUTHORIZED_ACCESS));
        ErrorClassifier.Verdict verdict = classifier.classify(wrapped);
        assertThat(verdict.retriable()).isFalse();
        assertThat(verdict.explanation()).contains("ns.example").contains("refused the credentials");
    }
}
