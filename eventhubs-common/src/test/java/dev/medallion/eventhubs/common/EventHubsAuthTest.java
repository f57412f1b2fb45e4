package dev.medallion.eventhubs.common;

import dev.medallion.common.config.ConfigGroup;
import dev.medallion.common.config.InvalidSetting;

import com.azure.identity.ClientSecretCredential;
import com.azure.identity.DefaultAzureCredential;
import com.azure.identity.ManagedIdentityCredential;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static dev.medallion.eventhubs.common.EventHubsConnectionConfig.AUTH_TYPE_CONFIG;
import static dev.medallion.eventhubs.common.EventHubsConnectionConfig.CLIENT_ID_CONFIG;
import static dev.medallion.eventhubs.common.EventHubsConnectionConfig.CLIENT_SECRET_CONFIG;
import static dev.medallion.eventhubs.common.EventHubsConnectionConfig.CONNECTION_STRING_CONFIG;
import static dev.medallion.eventhubs.common.EventHubsConnectionConfig.NAMESPACE_CONFIG;
import static dev.medallion.eventhubs.common.EventHubsConnectionConfig.TENANT_ID_CONFIG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventHubsAuthTest {
    private static final ConfigDef DEF = EventHubsConnectionConfig.define(ConfigGroup.of(new ConfigDef(),
            "Connection"), "The Azure AD types need eventhubs.namespace.").configDef();
    private static final String KEY = "c2VjcmV0LWtleS12YWx1ZQ==";

    private static EventHubsAuth auth(String... kv) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        return EventHubsAuth.from(new AbstractConfig(DEF, props));
    }

    @Test
    void definesTheSixKeysInOneGroupWithTheSecretsAsPasswords() {
        assertThat(DEF.configKeys().keySet()).containsExactly(AUTH_TYPE_CONFIG, CONNECTION_STRING_CONFIG,
                NAMESPACE_CONFIG, TENANT_ID_CONFIG, CLIENT_ID_CONFIG, CLIENT_SECRET_CONFIG);
        assertThat(DEF.configKeys().values()).allMatch(k -> k.group.equals("Connection"))
                .extracting(k -> k.orderInGroup).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(DEF.configKeys().get(CONNECTION_STRING_CONFIG).type).isEqualTo(ConfigDef.Type.PASSWORD);
        assertThat(DEF.configKeys().get(CLIENT_SECRET_CONFIG).type).isEqualTo(ConfigDef.Type.PASSWORD);
        assertThat(DEF.configKeys().get(AUTH_TYPE_CONFIG).documentation)
                .endsWith("Azure CLI). The Azure AD types need eventhubs.namespace.");
    }

    @Test
    void aConnectionStringNamesTheNamespaceAndIsCheckedWithoutQuotingIt() {
        EventHubsAuth good = auth(CONNECTION_STRING_CONFIG,
                "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=" + KEY);
        good.checkConnectionString();
        assertThat(good.usesConnectionString()).isTrue();
        assertThat(good.namespace()).isEqualTo("ns.servicebus.windows.net");
        assertThat(good.toString()).doesNotContain(KEY);

        assertThatThrownBy(() -> auth().checkConnectionString()).isInstanceOf(InvalidSetting.class)
                .hasMessageContaining("is required when eventhubs.auth.type=connection_string");
        assertThatThrownBy(() -> auth(CONNECTION_STRING_CONFIG, "Endpoint=sb://ns/;SharedAccessKey" + KEY)
                .checkConnectionString())
                .isInstanceOf(InvalidSetting.class)
                .satisfies(e -> assertThat(((InvalidSetting) e).key()).isEqualTo(CONNECTION_STRING_CONFIG))
                .hasMessageNotContaining(KEY);
    }

    @Test
    void azureAdTypesNeedTheirSettings() {
        assertThatThrownBy(() -> auth(AUTH_TYPE_CONFIG, "managed_identity").checkNamespace())
                .hasMessageContaining("eventhubs.namespace: is required when eventhubs.auth.type=managed_identity");
        EventHubsAuth noClient = auth(AUTH_TYPE_CONFIG, "CLIENT_SECRET", NAMESPACE_CONFIG, "ns.servicebus.windows.net",
                TENANT_ID_CONFIG, "t");
        noClient.checkNamespace();
        assertThatThrownBy(noClient::checkClientSecret)
                .satisfies(e -> assertThat(((InvalidSetting) e).key()).isEqualTo(CLIENT_ID_CONFIG));
        assertThatThrownBy(() -> auth(AUTH_TYPE_CONFIG, "client_secret", TENANT_ID_CONFIG, "t",
                CLIENT_ID_CONFIG, "c").checkClientSecret())
                .satisfies(e -> assertThat(((InvalidSetting) e).key()).isEqualTo(CLIENT_SECRET_CONFIG));
        auth(AUTH_TYPE_CONFIG, "managed_identity").checkClientSecret();
    }

    @Test
    void eachAzureAdTypeGetsItsCredential() {
        EventHubsAuth app = auth(AUTH_TYPE_CONFIG, "client_secret", NAMESPACE_CONFIG, "ns.servicebus.windows.net",
                TENANT_ID_CONFIG, "t", CLIENT_ID_CONFIG, "c", CLIENT_SECRET_CONFIG, KEY);
        assertThat(AzureCredentials.of(app)).isInstanceOf(ClientSecretCredential.class);
        assertThat(app.toString()).doesNotContain(KEY).contains("ns.servicebus.windows.net");
        assertThat(AzureCredentials.of(auth(AUTH_TYPE_CONFIG, "managed_identity", CLIENT_ID_CONFIG, "c")))
                .isInstanceOf(ManagedIdentityCredential.class);
        assertThat(AzureCredentials.of(auth(AUTH_TYPE_CONFIG, "default_credential", TENANT_ID_CONFIG, "t")))
                .isInstanceOf(DefaultAzureCredential.class);
    }
}
