package dev.medallion.eventhubs.sink;

import dev.medallion.common.config.InvalidSetting;
import dev.medallion.common.config.ConfigGroup;
import dev.medallion.eventhubs.common.EventHubsConnectionConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventHubsSinkConfigTest {
    static final String NAMESPACE_CS = "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;"
            + "SharedAccessKey=S3cretKey=";

    private static Map<String, String> props(String connectionString) {
        Map<String, String> props = new HashMap<>();
        props.put("eventhubs.connection.string", connectionString);
        return props;
    }

    @Test
    void theConnectionKeysAreTheOnesBothEventHubsPluginsShare() {
        ConfigDef shared = EventHubsConnectionConfig.define(ConfigGroup.of(new ConfigDef(), "Connection"), "")
                .configDef();
        for (ConfigDef.ConfigKey key : shared.configKeys().values()) {
            ConfigDef.ConfigKey ours = EventHubsSinkConfig.CONFIG_DEF.configKeys().get(key.name);
            assertThat(ours.type).as(key.name).isEqualTo(key.type);
            assertThat(ours.group).as(key.name).isEqualTo(key.group);
            assertThat(ours.orderInGroup).as(key.name).isEqualTo(key.orderInGroup);
            assertThat(ours.documentation).as(key.name).startsWith(key.documentation.trim());
        }
        assertThat(EventHubsSinkConfig.CONFIG_DEF.configKeys().get(EventHubsSinkConfig.AUTH_TYPE_CONFIG)
                .documentation).endsWith("the role 'Azure Event Hubs Data Sender'.");
    }

    @Test
    void theHubComesFromTheTemplateTheMapOrTheEntityPath() {
        Map<String, String> props = props(NAMESPACE_CS);
        props.put("eventhubs.hub", "eh-${topic}");
        props.put("eventhubs.hub.map", "audit:audit-hub, clicks:web");
        HubTemplate hubs = new EventHubsSinkConfig(props).hubTemplate();
        assertThat(hubs.hubFor("orders")).isEqualTo("eh-orders");
        assertThat(hubs.hubFor("clicks")).isEqualTo("web");

        EventHubsSinkConfig withPath = new EventHubsSinkConfig(props(NAMESPACE_CS + ";EntityPath=events"));
        assertThat(withPath.hubTemplate().hubFor("anything")).isEqualTo("events");
        assertThat(withPath.namespace()).isEqualTo("ns.servicebus.windows.net");
    }

    @Test
    void aMissingHubIsReportedOnEventhubsHub() {
        assertThatThrownBy(() -> new EventHubsSinkConfig(props(NAMESPACE_CS)))
                .isInstanceOfSatisfying(InvalidSetting.class,
                        e -> assertThat(e.key()).isEqualTo("eventhubs.hub"))
                .hasMessageContaining("is required");
    }

    @Test
    void validateAttachesCrossKeyErrorsToTheKeyAndNeverEchoesTheSecret() {
        Map<String, String> props = props("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;"
                + "SharedAccessKey:S3cretKey=");
        props.put("eventhubs.hub", "events");
        List<ConfigValue> values = new EventHubsSinkConnector().validate(props).configValues();
        ConfigValue cs = values.stream().filter(v -> v.name().equals("eventhubs.connection.string")).findFirst()
                .orElseThrow();
        assertThat(cs.errorMessages()).singleElement().asString()
                .contains("has a part 3 that is not one of").doesNotContain("S3cret");
    }

    @Test
    void boundedValuesAreChecked() {
        Map<String, String> props = props(NAMESPACE_CS);
        props.put("eventhubs.hub", "events");
        props.put("eventhubs.partition.routing", "random");
        assertThatThrownBy(() -> new EventHubsSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("eventhubs.partition.routing");
        props.remove("eventhubs.partition.routing");
        props.put("eventhubs.hub", "bad/${partition}");
        assertThatThrownBy(() -> new EventHubsSinkConfig(props)).hasMessageContaining("${topic} is the only");
        props.put("eventhubs.hub", "events");
        props.put("eventhubs.hub.map", "orders");
        assertThatThrownBy(() -> new EventHubsSinkConfig(props)).hasMessageContaining("topic:hub pairs");
        props.remove("eventhubs.hub.map");
        props.put("eventhubs.retry.backoff.ms", "5000");
        props.put("eventhubs.retry.backoff.max.ms", "1000");
        assertThatThrownBy(() -> new EventHubsSinkConfig(props)).hasMessageContaining("must be at least");
        props.remove("eventhubs.retry.backoff.max.ms");
        props.put("eventhubs.batch.max.bytes", "10");
        assertThatThrownBy(() -> new EventHubsSinkConfig(props)).hasMessageContaining("0 (the hub's limit)");
    }

    @Test
    void azureAdNeedsANamespace() {
        Map<String, String> props = new HashMap<>();
        props.put("eventhubs.auth.type", "managed_identity");
        props.put("eventhubs.hub", "events");
        assertThatThrownBy(() -> new EventHubsSinkConfig(props)).hasMessageContaining("eventhubs.namespace");
        props.put("eventhubs.namespace", "ns.servicebus.windows.net");
        assertThat(new EventHubsSinkConfig(props).namespace()).isEqualTo("ns.servicebus.windows.net");
    }
}
