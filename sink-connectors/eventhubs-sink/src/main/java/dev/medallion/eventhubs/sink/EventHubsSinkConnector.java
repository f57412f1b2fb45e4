package dev.medallion.eventhubs.sink;

import dev.medallion.common.config.InvalidSetting;
import dev.medallion.common.PluginVersion;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kafka Connect sink connector that forwards records of its topics to Azure Event Hubs, at least once: every task
 * reads its share of the topic partitions and commits offsets only after the hub acknowledged the events
 * ({@link EventHubsSinkTask}). Lifecycle and config checks only.
 */
public class EventHubsSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return PluginVersion.of(EventHubsSinkConnector.class);
    }

    @Override
    public void start(Map<String, String> props) {
        new EventHubsSinkConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return EventHubsSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return EventHubsSinkConfig.CONFIG_DEF;
    }

    /** Adds the cross-key rules (auth type needs its settings, a hub must be named...) to the per-key checks. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        boolean clean = config.configValues().stream().allMatch(v -> v.errorMessages().isEmpty());
        if (clean) {
            try {
                new EventHubsSinkConfig(connectorConfigs);
            } catch (InvalidSetting e) {
                config.configValues().stream().filter(v -> v.name().equals(e.key())).findFirst()
                        .ifPresent(v -> v.addErrorMessage(e.reason()));
            }
        }
        return config;
    }
}
