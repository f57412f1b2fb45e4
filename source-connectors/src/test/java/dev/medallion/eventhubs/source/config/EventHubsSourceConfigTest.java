package dev.medallion.eventhubs.source.config;

import dev.medallion.common.config.ConfigGroup;
import dev.medallion.eventhubs.common.EventHubsConnectionConfig;
import dev.medallion.eventhubs.source.partition.StartPosition;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventHubsSourceConfigTest {
    private static final String CS = "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=s3cr3t";

    private static Map<String, String> props(String... kv) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        return props;
    }

    @Test
    void theConnectionKeysAreTheOnesBothEventHubsPluginsShare() {
        ConfigDef shared = EventHubsConnectionConfig.define(ConfigGroup.of(new ConfigDef(), "Connection"), "")
                .configDef();
        for (ConfigDef.ConfigKey key : shared.configKeys().values()) {
            ConfigDef.ConfigKey ours = EventHubsSourceConfig.CONFIG_DEF.configKeys().get(key.name);
            assertThat(ours.type).as(key.name).isEqualTo(key.type);
            assertThat(ours.group).as(key.name).isEqualTo(key.group);
            assertThat(ours.orderInGroup).as(key.name).isEqualTo(key.orderInGroup);
            assertThat(ours.documentation).as(key.name).startsWith(key.documentation.trim());
        }
        assertThat(EventHubsSourceConfig.CONFIG_DEF.configKeys().get(EventHubsSourceConfig.AUTH_TYPE_CONFIG)
                .documentation).endsWith("The Azure AD types need eventhubs.namespace and eventhubs.hub.");
    }

    @Test
    void connectionStringWithEntityPathNamesTheHubAndNamespace() {
        EventHubsSourceConfig config = new EventHubsSourceConfig(props(
                EventHubsSourceConfig.CONNECTION_STRING_CONFIG, CS + ";EntityPath=orders"));

        assertThat(config.hub()).isEqualTo("orders");
        assertThat(config.namespace()).isEqualTo("ns.servicebus.windows.net");
        assertThat(config.consumerGroup()).isEqualTo("$Default");
        assertThat(config.initialPosition()).isEqualTo(StartPosition.earliest());
        assertThat(config.topicTemplate().resolve("ns", "orders", "$Default", "0")).isEqualTo("orders");
    }

    @Test
    void emulatorConnectionStringKeepsHostWithoutPort() {
        EventHubsSourceConfig config = new EventHubsSourceConfig(props(
                EventHubsSourceConfig.CONNECTION_STRING_CONFIG,
                "Endpoint=sb://localhost:5673;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true",
                EventHubsSourceConfig.HUB_CONFIG, "events"));
        assertThat(config.namespace()).isEqualTo("localhost");
        assertThat(config.hub()).isEqualTo("events");
    }

    @Test
    void propertyHeaderPrefixMustKeepPropertiesAwayFromReservedHeaderNames() {
        assertThat(new EventHubsSourceConfig(props(EventHubsSourceConfig.CONNECTION_STRING_CONFIG, CS,
                EventHubsSourceConfig.HUB_CONFIG, "orders")).propertyHeaderPrefix()).isEqualTo("eventhubs.property.");
        for (String prefix : List.of("", "error.", "error", "err", "error.x.", "eventhubs.", "__connect.")) {
            assertThatThrownBy(() -> new EventHubsSourceConfig(props(EventHubsSourceConfig.CONNECTION_STRING_CONFIG,
                    CS, EventHubsSourceConfig.HUB_CONFIG, "orders",
                    EventHubsSourceConfig.PROPERTY_HEADER_PREFIX_CONFIG, prefix)))
                    .as("prefix '%s'", prefix)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(EventHubsSourceConfig.PROPERTY_HEADER_PREFIX_CONFIG);
        }
        assertThatThrownBy(() -> new EventHubsSourceConfig(props(EventHubsSourceConfig.CONNECTION_STRING_CONFIG,
                CS, EventHubsSourceConfig.HUB_CONFIG, "orders", EventHubsSourceConfig.HEADER_PREFIX_CONFIG, "app.",
                EventHubsSourceConfig.PROPERTY_HEADER_PREFIX_CONFIG, "app.")))
                .as("a property named sequence.number would shadow the metadata header")
                .hasMessageContaining(EventHubsSourceConfig.PROPERTY_HEADER_PREFIX_CONFIG);
        assertThat(new EventHubsSourceConfig(props(EventHubsSourceConfig.CONNECTION_STRING_CONFIG, CS,
                EventHubsSourceConfig.HUB_CONFIG, "orders", EventHubsSourceConfig.PROPERTY_HEADER_PREFIX_CONFIG,
                "app.")).propertyHeaderPrefix()).isEqualTo("app.");
    }

    @Test
    void secretsStayOutOfToStringAndErrors() {
        EventHubsSourceConfig config = new EventHubsSourceConfig(props(
                EventHubsSourceConfig.CONNECTION_STRING_CONFIG, CS, EventHubsSourceConfig.HUB_CONFIG, "orders"));
        assertThat(config.toString()).doesNotContain("s3cr3t");
        assertThat(config.values().toString()).doesNotContain("s3cr3t");

        assertThatThrownBy(() -> new EventHubsSourceConfig(props(EventHubsSourceConfig.CONNECTION_STRING_CONFIG, CS)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(EventHubsSourceConfig.HUB_CONFIG)
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void connectionStringIsAPasswordSoConfigProvidersAndRedactionApply() {
        assertThat(EventHubsSourceConfig.CONFIG_DEF.configKeys().get(EventHubsSourceConfig.CONNECTION_STRING_CONFIG).type)
                .isEqualTo(ConfigDef.Type.PASSWORD);
        assertThat(EventHubsSourceConfig.CONFIG_DEF.configKeys().get(EventHubsSourceConfig.CLIENT_SECRET_CONFIG).type)
                .isEqualTo(ConfigDef.Type.PASSWORD);
    }

    @Test
    void rejectsAHubThatContradictsEntityPath() {
        assertThatThrownBy(() -> new EventHubsSourceConfig(props(
                EventHubsSourceConfig.CONNECTION_STRING_CONFIG, CS + ";EntityPath=orders",
                EventHubsSourceConfig.HUB_CONFIG, "payments")))
                .hasMessageContaining("differs from the connection string's EntityPath")
                .as("no part of the connection string is quoted").hasMessageNotContaining("orders");
    }

    @Test
    void missingConnectionStringIsExplained() {
        assertThatThrownBy(() -> new EventHubsSourceConfig(props(EventHubsSourceConfig.HUB_CONFIG, "orders")))
                .hasMessageContaining(EventHubsSourceConfig.CONNECTION_STRING_CONFIG);
    }

    @Test
    void azureAdNeedsNamespaceHubAndForClientSecretTheAppCredentials() {
        assertThatThrownBy(() -> new EventHubsSourceConfig(props(
                EventHubsSourceConfig.AUTH_TYPE_CONFIG, "managed_identity", EventHubsSourceConfig.HUB_CONFIG, "orders")))
                .hasMessageContaining(EventHubsSourceConfig.NAMESPACE_CONFIG);
        assertThatThrownBy(() -> new EventHubsSourceConfig(props(
                EventHubsSourceConfig.AUTH_TYPE_CONFIG, "client_secret",
                EventHubsSourceConfig.NAMESPACE_CONFIG, "ns.servicebus.windows.net",
                EventHubsSourceConfig.HUB_CONFIG, "orders",
                EventHubsSourceConfig.TENANT_ID_CONFIG, "t")))
                .hasMessageContaining(EventHubsSourceConfig.CLIENT_ID_CONFIG);
        assertThatThrownBy(() -> new EventHubsSourceConfig(props(
                EventHubsSourceConfig.AUTH_TYPE_CONFIG, "default_credential",
                EventHubsSourceConfig.NAMESPACE_CONFIG, "sb://ns.servicebus.windows.net/",
                EventHubsSourceConfig.HUB_CONFIG, "orders")))
                .hasMessageContaining("no sb://");

        EventHubsSourceConfig config = new EventHubsSourceConfig(props(
                EventHubsSourceConfig.AUTH_TYPE_CONFIG, "CLIENT_SECRET",
                EventHubsSourceConfig.NAMESPACE_CONFIG, "ns.servicebus.windows.net",
                EventHubsSourceConfig.HUB_CONFIG, "orders",
                EventHubsSourceConfig.TENANT_ID_CONFIG, "t", EventHubsSourceConfig.CLIENT_ID_CONFIG, "c",
                EventHubsSourceConfig.CLIENT_SECRET_CONFIG, "x"));
        assertThat(config.namespace()).isEqualTo("ns.servicebus.windows.net");
    }

    @Test
    void partitionCheckIntervalIsOffOrAtLeastASecond() {
        for (String bad : new String[] {"500", "-1", "86400001"}) {
            assertThatThrownBy(() -> new EventHubsSourceConfig(props(
                    EventHubsSourceConfig.CONNECTION_STRING_CONFIG, CS, EventHubsSourceConfig.HUB_CONFIG, "h",
                    EventHubsSourceConfig.PARTITION_CHECK_INTERVAL_MS_CONFIG, bad)))
                    .hasMessageContaining(EventHubsSourceConfig.PARTITION_CHECK_INTERVAL_MS_CONFIG)
                    .hasMessageContaining("0 (off)");
        }
        assertThat(new EventHubsSourceConfig(props(EventHubsSourceConfig.CONNECTION_STRING_CONFIG, CS,
                EventHubsSourceConfig.HUB_CONFIG, "h", EventHubsSourceConfig.PARTITION_CHECK_INTERVAL_MS_CONFIG, "0"))
                .partitionCheckInterval()).isZero();
        assertThat(new EventHubsSourceConfig(props(EventHubsSourceConfig.CONNECTION_STRING_CONFIG, CS,
                EventHubsSourceConfig.HUB_CONFIG, "h")).partitionCheckInterval().toMillis()).isEqualTo(60_000);
    }

    @Test
    void enqueuedTimeStartNeedsAnInstant() {
        assertThatThrownBy(() -> new EventHubsSourceConfig(props(
                EventHubsSourceConfig.CONNECTION_STRING_CONFIG, CS, EventHubsSourceConfig.HUB_CONFIG, "h",
                EventHubsSourceConfig.START_POSITION_CONFIG, "enqueued_time")))
                .hasMessageContaining(EventHubsSourceConfig.START_ENQUEUED_TIME_CONFIG);
        assertThatThrownBy(() -> new EventHubsSourceConfig(props(
                EventHubsSourceConfig.CONNECTION_STRING_CONFIG, CS, EventHubsSourceConfig.HUB_CONFIG, "h",
                EventHubsSourceConfig.START_POSITION_CONFIG, "enqueued_time",
                EventHubsSourceConfig.START_ENQUEUED_TIME_CONFIG, "yesterday")))
                .hasMessageContaining("ISO-8601");

        EventHubsSourceConfig config = new EventHubsSourceConfig(props(
                EventHubsSourceConfig.CONNECTION_STRING_CONFIG, CS, EventHubsSourceConfig.HUB_CONFIG, "h",
                EventHubsSourceConfig.START_POSITION_CONFIG, "enqueued_time",
                EventHubsSourceConfig.START_ENQUEUED_TIME_CONFIG, "2026-11-25T00:00:00Z"));
        assertThat(config.initialPosition()).isEqualTo(StartPosition.enqueuedAt(Instant.parse("2026-11-25T00:00:00Z")));
    }

    @Test
    void boundedValuesAreValidated() {
        Map<String, String> props = props(EventHubsSourceConfig.CONNECTION_STRING_CONFIG, CS,
                EventHubsSourceConfig.HUB_CONFIG, "h",
                EventHubsSourceConfig.PREFETCH_CONFIG, "0",
                EventHubsSourceConfig.MAX_EVENTS_PER_POLL_CONFIG, "-1",
                EventHubsSourceConfig.VALUE_FORMAT_CONFIG, "xml",
                EventHubsSourceConfig.TOPIC_CONFIG, "eh.${nope}",
                EventHubsSourceConfig.VALUE_JSON_SCHEMA_CONFIG, "{\"type\":\"strukt\"}");
        List<ConfigValue> results = EventHubsSourceConfig.CONFIG_DEF.validate(props);
        Map<String, List<String>> errors = new HashMap<>();
        results.forEach(v -> errors.put(v.name(), v.errorMessages()));

        assertThat(errors.get(EventHubsSourceConfig.PREFETCH_CONFIG)).isNotEmpty();
        assertThat(errors.get(EventHubsSourceConfig.MAX_EVENTS_PER_POLL_CONFIG)).isNotEmpty();
        assertThat(errors.get(EventHubsSourceConfig.VALUE_FORMAT_CONFIG)).isNotEmpty();
        assertThat(errors.get(EventHubsSourceConfig.TOPIC_CONFIG)).anySatisfy(m -> assertThat(m).contains("${nope}"));
        assertThat(errors.get(EventHubsSourceConfig.VALUE_JSON_SCHEMA_CONFIG))
                .anySatisfy(m -> assertThat(m).contains("strukt"));
        assertThat(errors.get(EventHubsSourceConfig.CONNECTION_STRING_CONFIG)).isEmpty();
    }

    @Test
    void jsonSchemaOnlyWithJsonFormat() {
        assertThatThrownBy(() -> new EventHubsSourceConfig(props(
                EventHubsSourceConfig.CONNECTION_STRING_CONFIG, CS, EventHubsSourceConfig.HUB_CONFIG, "h",
                EventHubsSourceConfig.VALUE_JSON_SCHEMA_CONFIG, "{\"type\":\"string\"}")))
                .hasMessageContaining(EventHubsSourceConfig.VALUE_FORMAT_CONFIG);
    }

    @Test
    void topicTemplateReplacesPlaceholdersAndRejectsIllegalNames() {
        TopicTemplate template = new TopicTemplate("eh.${namespace}.${hub}.p${partition}");
        assertThat(template.resolve("ns", "orders", "cg", "3")).isEqualTo("eh.ns.orders.p3");
        assertThatThrownBy(() -> new TopicTemplate("${consumerGroup}").resolve("ns", "h", "$Default", "0"))
                .hasMessageContaining("not a legal Kafka topic name");
    }
}
