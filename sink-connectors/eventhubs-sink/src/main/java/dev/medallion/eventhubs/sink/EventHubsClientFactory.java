package dev.medallion.eventhubs.sink;

import dev.medallion.common.eventhubs.ConnectionStrings;
import dev.medallion.eventhubs.common.AzureCredentials;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerAsyncClient;
import org.apache.kafka.connect.errors.ConnectException;

import java.time.Duration;

/**
 * Builds the Azure SDK producer client of one hub from the connector config: connection string or an Azure AD
 * credential ({@link AzureCredentials}, shared with the source) with the namespace. Secrets go straight to the SDK and never into messages; the connection string was
 * checked by ConnectionStrings first, so the SDK does not refuse it with a message quoting it.
 */
final class EventHubsClientFactory {
    /** What azure-core-amqp adds to the first retry delay (its server-busy wait). */
    private static final Duration SDK_BUSY_WAIT = Duration.ofSeconds(4);

    private EventHubsClientFactory() {
    }

    static EventHubProducerAsyncClient producer(EventHubsSinkConfig config, String hub) {
        EventHubClientBuilder builder = new EventHubClientBuilder().retryOptions(retryOptions(config));
        try {
            if (EventHubsSinkConfig.AUTH_CONNECTION_STRING.equals(config.authType())) {
                String connectionString = config.connectionString();
                if (ConnectionStrings.entityPath(connectionString) != null) {
                    builder.connectionString(connectionString);
                } else {
                    builder.connectionString(connectionString, hub);
                }
            } else {
                builder.credential(config.namespace(), hub, AzureCredentials.of(config.auth()));
            }
            return builder.buildAsyncProducerClient();
        } catch (IllegalArgumentException | NullPointerException e) {
            // Neither the SDK's message nor the exception as cause: both can quote the connection string.
            throw new ConnectException("Cannot build the Event Hubs producer for hub " + hub + " ("
                    + config.authType() + "): the SDK refused the settings (" + e.getClass().getSimpleName()
                    + "). Check " + EventHubsSinkConfig.AUTH_TYPE_CONFIG + " and its settings.");
        }
    }

    /**
     * One quick SDK retry per operation: the pipeline's own backoff (eventhubs.retry.backoff.*) retries whole batches
     * in order, which SDK retries of a single batch could not interleave with. The SDK fails with "bound must be
     * greater than origin" when the maximum delay is below its first delay plus its busy wait, so it is raised.
     */
    static AmqpRetryOptions retryOptions(EventHubsSinkConfig config) {
        Duration start = config.retryBackoff().plus(SDK_BUSY_WAIT);
        Duration max = config.retryBackoffMax().compareTo(start) < 0 ? start : config.retryBackoffMax();
        return new AmqpRetryOptions()
                .setMode(AmqpRetryMode.EXPONENTIAL)
                .setMaxRetries(1)
                .setDelay(config.retryBackoff())
                .setMaxDelay(max)
                .setTryTimeout(config.operationTimeout());
    }
}
