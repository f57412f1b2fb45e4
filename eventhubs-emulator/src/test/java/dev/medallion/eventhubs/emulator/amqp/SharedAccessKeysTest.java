package dev.medallion.eventhubs.emulator.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.azure.core.credential.TokenRequestContext;
import com.azure.messaging.eventhubs.implementation.EventHubSharedKeyCredential;

/** Tokens signed by the SDK's own shared-key credential, checked by the emulator's key check. */
class SharedAccessKeysTest {
    private static final String AUDIENCE = "amqp://localhost:5672/orders";

    private static String sdkToken(String keyName, String key, Duration validity) {
        return new EventHubSharedKeyCredential(keyName, key, validity)
                .getTokenSync(new TokenRequestContext().addScopes(AUDIENCE)).getToken();
    }

    @Test
    void withoutAKeyEveryTokenPasses() {
        SharedAccessKeys keys = new SharedAccessKeys();
        assertThat(keys.checking()).isFalse();
        assertThat(keys.refusal("anything")).isNull();
    }

    @Test
    void acceptsOnlyTokensSignedWithTheKeyAndNotExpired() {
        SharedAccessKeys keys = new SharedAccessKeys();
        keys.set("listen", "the-key");

        assertThat(keys.refusal(sdkToken("listen", "the-key", Duration.ofHours(1)))).isNull();
        assertThat(keys.refusal(sdkToken("listen", "another-key", Duration.ofHours(1))))
                .startsWith("InvalidSignature");
        assertThat(keys.refusal(sdkToken("send", "the-key", Duration.ofHours(1)))).contains("'send' does not exist");
        String expired = sdkToken("listen", "the-key", Duration.ofHours(1)).replaceAll("se=[0-9]+", "se=1000");
        assertThat(keys.refusal(expired)).startsWith("ExpiredToken");
        assertThat(keys.refusal("Bearer eyJ0eXAiOiJKV1QifQ")).startsWith("InvalidSignature");
        assertThat(keys.refusal(null)).startsWith("InvalidSignature");

        keys.set("listen", "rotated");
        assertThat(keys.refusal(sdkToken("listen", "the-key", Duration.ofHours(1)))).startsWith("InvalidSignature");
    }
}
