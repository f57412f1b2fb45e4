package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectorConfigsTest {
    private static final Path PROJECT = Path.of(System.getProperty("user.dir")).getParent();
    private static final ConfigTemplate LOCAL = new ConfigTemplate(Map.of("DATA_DIR", "/data/lake",
            "EVENTHUBS_CONNECTION_STRING", "Endpoint=sb://localhost;SharedAccessKeyName=k;SharedAccessKey=v;"
                    + "UseDevelopmentEmulator=true", "BOOTSTRAP_SERVERS", "localhost:9092"));

    @Test
    void localConfigsRenderWithSourceFirstAndEveryTableRouted() {
        Map<String, Map<String, String>> configs = ConnectorConfigs.load(PROJECT.resolve("connect-configs/local"), LOCAL);
        assertThat(configs.keySet()).first().isEqualTo(Topology.SOURCE_CONNECTOR);
        assertThat(configs.values()).allSatisfy(c -> assertThat(c).containsKey("connector.class"));
        String routes = configs.values().stream().map(c -> c.getOrDefault("tables.map", "")).reduce("", String::concat);
        for (String table : Topology.TABLES) {
            assertThat(routes).contains(table);
        }
        assertThat(configs.get("bronze-sink").get("tables.root")).isEqualTo("file:///data/lake");
        assertThat(configs.get(Topology.SOURCE_CONNECTOR).get("transforms")).isEqualTo("validate,enrich");
    }

    @Test
    void adlsConfigsKeepSecretsInConfigProviders() throws IOException {
        Path adls = PROJECT.resolve("connect-configs/adls");
        Map<String, Map<String, String>> configs = ConnectorConfigs.load(adls, new ConfigTemplate(Map.of()));
        assertThat(configs).hasSameSizeAs(ConnectorConfigs.load(PROJECT.resolve("connect-configs/local"), LOCAL));
        configs.values().forEach(config -> config.forEach((key, value) -> {
            if (key.endsWith(".key") || key.endsWith("secret") || key.endsWith("connection.string")
                    || key.endsWith("sas.token")) {
                assertThat(value).as(key).startsWith("${file:");
            }
            if (key.equals("tables.root")) {
                assertThat(value).startsWith("abfss://");
            }
        }));
    }

    @Test
    void everySinkSendsRecordsItCannotWriteToItsOwnDeadLetterTopic() {
        ConfigTemplate template = new ConfigTemplate(Map.of("DATA_DIR", "/data/lake", "APICURIO_URL", "http://registry",
                "EVENTHUBS_CONNECTION_STRING", "Endpoint=sb://localhost;SharedAccessKeyName=k;SharedAccessKey=v"));
        // Replication factor: one broker locally (quickstart, compose), three on a production cluster.
        for (Map.Entry<String, String> variant : Map.of("local", "1", "adls", "3", "avro", "1").entrySet()) {
            Map<String, Map<String, String>> configs = ConnectorConfigs.load(
                    PROJECT.resolve("connect-configs").resolve(variant.getKey()), template);
            assertThat(configs.keySet()).as(variant.getKey()).anyMatch(name -> name.endsWith("-sink"));
            configs.forEach((name, config) -> {
                if (name.endsWith("-sink")) {
                    assertThat(config).as(variant.getKey() + "/" + name).containsEntry("errors.tolerance", "all")
                            .containsEntry("errors.deadletterqueue.topic.name", name + ".dlq")
                            .containsEntry("errors.deadletterqueue.context.headers.enable", "true")
                            .containsEntry("errors.deadletterqueue.topic.replication.factor", variant.getValue());
                }
            });
        }
    }

    @Test
    void nestedValuesAreRejected(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("x-sink.json"), "{\"connector.class\":\"A\",\"nested\":{\"a\":1}}");
        assertThatThrownBy(() -> ConnectorConfigs.load(dir, LOCAL)).hasMessageContaining("'nested'");
        assertThatThrownBy(() -> ConnectorConfigs.load(Files.createDirectories(dir.resolve("empty")), LOCAL))
                .hasMessageContaining("No connector config");
    }
}
