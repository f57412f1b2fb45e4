package dev.medallion.quickstart;

import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.provider.ConfigProvider;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves {@code ${provider:path:key}} references in a connector config the way the quickstart's Connect worker
 * does: the providers and parameters of {@link LocalConnect#workerProps}, applied by Kafka's own
 * {@link ConfigTransformer} (what the worker runs before a connector sees its config).
 */
final class WorkerConfigProviders {
    private WorkerConfigProviders() {
    }

    static Map<String, String> resolve(Map<String, String> connectorConfig, Path schemaDir) {
        Map<String, String> worker = LocalConnect.workerProps("localhost:9092", 8083, List.of(), schemaDir);
        Map<String, ConfigProvider> providers = new HashMap<>();
        for (String alias : worker.getOrDefault("config.providers", "").split(",")) {
            if (alias.isBlank()) {
                continue;
            }
            String prefix = "config.providers." + alias + ".param.";
            Map<String, String> params = new HashMap<>();
            worker.forEach((key, value) -> {
                if (key.startsWith(prefix)) {
                    params.put(key.substring(prefix.length()), value);
                }
            });
            try {
                ConfigProvider provider = (ConfigProvider) Class.forName(
                        worker.get("config.providers." + alias + ".class")).getDeclaredConstructor().newInstance();
                provider.configure(params);
                providers.put(alias, provider);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("config provider " + alias + " cannot be created", e);
            }
        }
        return new ConfigTransformer(providers).transform(connectorConfig).data();
    }
}
