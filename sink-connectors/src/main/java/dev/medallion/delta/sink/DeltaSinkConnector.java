package dev.medallion.delta.sink;

import dev.medallion.common.PluginVersion;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka Connect sink that writes topics to Delta Lake tables (local disk or ADLS Gen2) with exactly-once commits. The
 * connector only validates configuration and hands it to {@link DeltaSinkTask}s; partition assignment is Connect's.
 */
public class DeltaSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new DeltaSinkConfig(props);   // fail fast on settings ConfigDef alone cannot check (e.g. auth combinations)
        this.props = new HashMap<>(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DeltaSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(new HashMap<>(props));
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    /** Adds the checks that span several keys (e.g. which secret an auth mode needs) to Connect's validation. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        boolean keysValid = result.configValues().stream().allMatch(v -> v.errorMessages().isEmpty());
        if (keysValid) {
            try {
                new DeltaSinkConfig(connectorConfigs);
            } catch (ConfigException e) {
                String key = e.getMessage() != null && e.getMessage().contains(" for configuration ")
                        ? e.getMessage().replaceAll(".* for configuration ([^: ]+).*", "$1") : null;
                ConfigValue target = result.configValues().stream().filter(v -> v.name().equals(key)).findFirst()
                        .orElse(result.configValues().get(0));
                target.addErrorMessage(e.getMessage());
            }
        }
        return result;
    }

    @Override
    public ConfigDef config() {
        return DeltaSinkConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return PluginVersion.of(DeltaSinkConnector.class);
    }
}
