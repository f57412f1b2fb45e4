package dev.medallion.delta.sink;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeltaSinkConnectorTest {
    private static List<String> errors(Config config) {
        return config.configValues().stream().flatMap(v -> v.errorMessages().stream()).toList();
    }

    @Test
    void validationReportsAMissingSecretForTheChosenAuthOnTheSecretsKey() {
        Config config = new DeltaSinkConnector().validate(Map.of("topics", "t", "tables.root", "abfss://c@a.dfs.core.windows.net/x",
                "azure.storage.account.name", "a", "azure.storage.auth", "account-key"));
        ConfigValue key = config.configValues().stream().filter(v -> v.name().equals("azure.storage.account.key"))
                .findFirst().orElseThrow();
        assertThat(key.errorMessages()).singleElement().asString().contains("account-key");
    }

    @Test
    void aCompleteConfigValidatesCleanAndTasksGetItWhole() {
        Map<String, String> props = Map.of("name", "s", "topics", "t", "tables.root", "/tmp/lake");
        DeltaSinkConnector connector = new DeltaSinkConnector();
        assertThat(errors(connector.validate(props))).isEmpty();
        connector.start(props);
        assertThat(connector.taskConfigs(3)).hasSize(3).allSatisfy(c -> assertThat(c).isEqualTo(props));
        assertThat(connector.taskClass()).isEqualTo(DeltaSinkTask.class);
    }
}
