package dev.medallion.eventhubs.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectRestClient.PluginInfo;
import dev.medallion.testkit.ConnectTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin as an operator installs it: the worker loads it from {@code target/plugin} (its classes are not on this
 * test's class path), lists it with the project version, validates configs through the REST API, and runs the Azure SDK
 * inside the plugin's class loader far enough to report an unreachable namespace clearly.
 */
class EventHubsPluginIT {
    private static final String CONNECTOR_CLASS = "dev.medallion.eventhubs.source.EventHubsSourceConnector";

    @RegisterExtension
    static final ConnectTestCluster CONNECT = ConnectTestCluster.builder().name("eventhubs-plugin-it").build();

    @Test
    void workerListsTheConnectorWithTheProjectVersion() {
        List<PluginInfo> plugins = CONNECT.rest().connectorPlugins(true);
        assertThat(plugins).filteredOn(p -> p.className().equals(CONNECTOR_CLASS)).singleElement()
                .satisfies(p -> {
                    assertThat(p.type()).isEqualTo("source");
                    assertThat(p.version()).isEqualTo(System.getProperty("medallion.project.version"));
                });
    }

    @Test
    void validationNamesEveryKeyToFix() {
        JsonNode result = CONNECT.rest().validateConfig(CONNECTOR_CLASS, Map.of(
                "connector.class", CONNECTOR_CLASS,
                "eventhubs.auth.type", "managed_identity",
                "eventhubs.hub", "events"));
        assertThat(errorsOf(result, "eventhubs.namespace")).containsExactly(
                "is required when eventhubs.auth.type=managed_identity");

        JsonNode bounded = CONNECT.rest().validateConfig(CONNECTOR_CLASS, Map.of(
                "connector.class", CONNECTOR_CLASS,
                "eventhubs.prefetch.count", "0",
                "kafka.topic", "eh.${nope}"));
        assertThat(errorsOf(bounded, "eventhubs.prefetch.count")).containsExactly(
                "Invalid value 0 for configuration eventhubs.prefetch.count: Value must be at least 1");
        assertThat(errorsOf(bounded, "kafka.topic")).anySatisfy(m -> assertThat(m).contains("${nope}"));
    }

    @Test
    void unreachableNamespaceFailsTheConnectorAfterBoundedRetries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("eventhubs.connection.string", "Endpoint=sb://localhost:" + closedPort
                + ";SharedAccessKeyName=k;SharedAccessKey=topsecret;UseDevelopmentEmulator=true");
        config.put("eventhubs.hub", "events");
        config.put("eventhubs.retry.max.attempts", "0");
        config.put("eventhubs.operation.timeout.ms", "2000");
        config.put("eventhubs.reconnect.backoff.ms", "50");
        config.put("eventhubs.reconnect.backoff.max.ms", "200");
        CONNECT.rest().putConnectorConfig("unreachable", config);

        String trace = Await.untilValue(Duration.ofSeconds(120), "connector FAILED", () -> {
            JsonNode status = CONNECT.rest().connectorStatus("unreachable");
            return "FAILED".equals(status.path("connector").path("state").asText())
                    ? status.path("connector").path("trace").asText() : null;
        });
        assertThat(trace).contains("Cannot list the partitions of event hub events (attempt 5)")
                .doesNotContain("topsecret");
        CONNECT.rest().deleteConnector("unreachable");
    }

    private static List<String> errorsOf(JsonNode validation, String key) {
        for (JsonNode config : validation.path("configs")) {
            if (key.equals(config.path("value").path("name").asText())) {
                return toList(config.path("value").path("errors"));
            }
        }
        throw new AssertionError("validation result has no key " + key + ": " + validation);
    }

    private static List<String> toList(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
