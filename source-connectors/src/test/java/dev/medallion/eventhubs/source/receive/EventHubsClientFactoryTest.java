package dev.medallion.eventhubs.source.receive;

import dev.medallion.eventhubs.common.AzureCredentials;
import dev.medallion.eventhubs.source.config.EventHubsSourceConfig;

import com.azure.identity.ClientSecretCredential;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDK client's settings built from the connector config. */
class EventHubsClientFactoryTest {
    private static final String CS = "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=s3cr3t";

    private static Map<String, String> props(String... kv) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        return props;
    }

    @Test
    void clientSecretSettingsReachTheSharedCredentialBuilder() {
        EventHubsSourceConfig config = new EventHubsSourceConfig(props(
                EventHubsSourceConfig.AUTH_TYPE_CONFIG, "CLIENT_SECRET",
                EventHubsSourceConfig.NAMESPACE_CONFIG, "ns.servicebus.windows.net",
                EventHubsSourceConfig.HUB_CONFIG, "orders",
                EventHubsSourceConfig.TENANT_ID_CONFIG, "t", EventHubsSourceConfig.CLIENT_ID_CONFIG, "c",
                EventHubsSourceConfig.CLIENT_SECRET_CONFIG, "x"));
        assertThat(AzureCredentials.of(config.auth())).isInstanceOf(ClientSecretCredential.class);
    }

    @Test
    void theSdkRetryMaximumNeverFallsBelowItsFirstDelay() {
        EventHubsSourceConfig shortMax = new EventHubsSourceConfig(props(EventHubsSourceConfig.CONNECTION_STRING_CONFIG,
                CS, EventHubsSourceConfig.HUB_CONFIG, "h", EventHubsSourceConfig.RECONNECT_BACKOFF_MS_CONFIG, "100",
                EventHubsSourceConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000"));
        assertThat(EventHubsClientFactory.retryOptions(shortMax).getMaxDelay().toMillis()).isEqualTo(4_100);
        assertThat(EventHubsClientFactory.retryOptions(shortMax).getDelay().toMillis()).isEqualTo(100);
        EventHubsSourceConfig longMax = new EventHubsSourceConfig(props(EventHubsSourceConfig.CONNECTION_STRING_CONFIG,
                CS, EventHubsSourceConfig.HUB_CONFIG, "h", EventHubsSourceConfig.RECONNECT_BACKOFF_MS_CONFIG, "100",
                EventHubsSourceConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "60000"));
        assertThat(EventHubsClientFactory.retryOptions(longMax).getMaxDelay().toMillis()).isEqualTo(60_000);
    }
}
