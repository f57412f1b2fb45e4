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

    private static List<String> errorsOf(String key, Map<String, String> extra) {
        Map<String, String> props = new java.util.HashMap<>(Map.of("name", "s", "topics", "t", "tables.root", "/tmp/lake"));
        props.putAll(extra);
        return new DeltaSinkConnector().validate(props).configValues().stream().filter(v -> v.name().equals(key))
                .flatMap(v -> v.errorMessages().stream()).toList();
    }

    @Test
    void tableCreatePropertiesAreCheckedBeforeAnyTableIsCreated() {
        String key = "tables.create.properties";
        assertThat(errorsOf(key, Map.of(key, "delta.logRetentionDuration=interval 30 days,delta.appendOnly=true")))
                .isEmpty();
        assertThat(errorsOf(key, Map.of(key, "delta.appendOnly"))).singleElement().asString()
                .contains("delta.appendOnly").contains("key=value");
        assertThat(errorsOf(key, Map.of(key, "=true"))).singleElement().asString().contains("key=value");
        assertThat(errorsOf(key, Map.of(key, "owner=me"))).singleElement().asString()
                .contains("owner").contains("delta.");
        assertThat(errorsOf(key, Map.of(key, "delta.noSuchSetting=1"))).singleElement().asString()
                .contains("delta.noSuchSetting");
        assertThat(errorsOf(key, Map.of(key, "delta.logRetentionDuration=30"))).singleElement().asString()
                .contains("Delta Kernel refuses delta.logRetentionDuration=30");
        assertThat(errorsOf(key, Map.of(key, "delta.checkpointInterval=5"))).singleElement().asString()
                .contains("tables.checkpoint.interval");
        assertThat(errorsOf(key, Map.of(key, "delta.columnMapping.mode=none"))).singleElement().asString()
                .contains("delta.columnMapping.mode");
    }

    @Test
    void aBadDdlSchemaIsReportedOnItsKeyWithLineAndColumn() {
        String key = "schemaless.schema";
        assertThat(errorsOf(key, Map.of(key, "id STRING,\n  ts TIMESTAMP_WITH_ZONE"))).singleElement().asString()
                .contains("line 2, column 6").contains("unknown type TIMESTAMP_WITH_ZONE");
        assertThat(errorsOf(key, Map.of(key, "id STRING NOT NULL COMMENT 'x', amount DOUBLE"))).isEmpty();
    }
}
