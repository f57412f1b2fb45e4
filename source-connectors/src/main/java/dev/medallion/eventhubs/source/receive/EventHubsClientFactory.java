package dev.medallion.eventhubs.source.receive;

import dev.medallion.eventhubs.common.AzureCredentials;
import dev.medallion.eventhubs.source.config.EventHubsSourceConfig;

import dev.medallion.common.eventhubs.ConnectionStrings;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import org.apache.kafka.connect.errors.ConnectException;

import java.time.Duration;

/**
 * Builds the Azure SDK consumer client from the connector config: connection string or an Azure AD credential
 * ({@link AzureCredentials}, shared with the sink) with the namespace, plus consumer group, prefetch and retry options.
 * Secrets go straight to the SDK and never into messages; the connection string was checked by ConnectionStrings
 * first, so the SDK does not refuse it with a message quoting it.
 */
public final class EventHubsClientFactory {
    /** What azure-core-amqp's RetryUtil adds to the first retry delay (its SERVER_BUSY_WAIT_TIME). */
    static final Duration SDK_BUSY_WAIT = Duration.ofSeconds(4);
    private EventHubsClientFactory() {
    }

    public static EventHubConsumerAsyncClient consumer(EventHubsSourceConfig config) {
        EventHubClientBuilder builder = new EventHubClientBuilder()
                .consumerGroup(config.consumerGroup())
                .prefetchCount(config.prefetchCount())
                .retryOptions(retryOptions(config));
        try {
            if (EventHubsSourceConfig.AUTH_CONNECTION_STRING.equals(config.authType())) {
                String connectionString = config.connectionString();
                if (ConnectionStrings.entityPath(connectionString) != null) {
                    builder.connectionString(connectionString);
                } else {
                    builder.connectionString(connectionString, config.hub());
                }
            } else {
                builder.credential(config.namespace(), config.hub(), AzureCredentials.of(config.auth()));
            }
            return builder.buildAsyncConsumerClient();
        } catch (IllegalArgumentException | NullPointerException e) {
            // Neither the SDK's message nor the exception as cause: both can quote the connection string (a malformed
            // part is often the key itself), and a cause lands in the status trace and the log.
            throw new ConnectException("Cannot build the Event Hubs client for hub " + config.hub() + " ("
                    + config.authType() + "): the SDK refused the settings (" + e.getClass().getSimpleName()
                    + "). Check " + EventHubsSourceConfig.AUTH_TYPE_CONFIG + " and its settings.");
        }
    }

    /**
     * The SDK's own retries. Its backoff starts at the delay plus a fixed server-busy wait ({@link #SDK_BUSY_WAIT})
     * and fails with "bound must be greater than origin" (reactor's jitter range turned upside down) when the maximum
     * delay is below that start, e.g. a 100 ms backoff with a 2 s maximum; so the maximum is raised to the start.
     */
    static AmqpRetryOptions retryOptions(EventHubsSourceConfig config) {
        Duration start = config.reconnectBackoff().plus(SDK_BUSY_WAIT);
        Duration max = config.reconnectBackoffMax().compareTo(start) < 0 ? start : config.reconnectBackoffMax();
        return new AmqpRetryOptions()
                .setMode(AmqpRetryMode.EXPONENTIAL)
                .setMaxRetries(config.retryMaxAttempts())
                .setDelay(config.reconnectBackoff())
                .setMaxDelay(max)
                .setTryTimeout(config.operationTimeout());
    }
}
