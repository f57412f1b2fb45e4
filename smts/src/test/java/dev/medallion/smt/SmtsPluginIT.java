package dev.medallion.smt;

import dev.medallion.testkit.ConnectRestClient.PluginInfo;
import dev.medallion.testkit.ConnectTestCluster;
import dev.medallion.testkit.InstalledPlugins;
import dev.medallion.testkit.PluginPaths;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Installs the built plugin folder ({@code target/plugin}) into an embedded Connect worker, as an operator would, and
 * checks the worker lists every plugin with the project version and runs {@code InsertProcessingTime} end to end.
 * The module's classes are not on this test's class path (see the parent pom), so only the plugin folder can serve them.
 */
class SmtsPluginIT {
    private static final String PROCESSING_TIME_CLASS = "dev.medallion.smt.InsertProcessingTime";

    @RegisterExtension
    static final ConnectTestCluster CONNECT = ConnectTestCluster.builder().build();

    @Test
    void workerListsEveryDeclaredPluginWithTheProjectVersion() {
        List<String> declared = InstalledPlugins.declaredBy(PluginPaths.fromBuild());
        assertThat(declared).contains(PROCESSING_TIME_CLASS);

        List<PluginInfo> listed = CONNECT.rest().connectorPlugins(false);

        String version = System.getProperty("medallion.project.version");
        assertThat(version).isNotBlank();
        for (String pluginClass : declared) {
            assertThat(listed).as("GET /connector-plugins lists %s", pluginClass)
                    .anySatisfy(p -> {
                        assertThat(p.className()).isEqualTo(pluginClass);
                        assertThat(p.version()).isEqualTo(version);
                    });
        }
        assertThat(listed).filteredOn(p -> p.className().equals(PROCESSING_TIME_CLASS))
                .extracting(PluginInfo::type).containsExactly("transformation");
    }

    @Test
    void stampsEveryRecordOfARealSourceConnector(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("lines.txt");
        Files.write(input, List.of("alpha", "beta", "gamma"), StandardCharsets.UTF_8);
        CONNECT.createTopic("lines", 1);
        long before = System.currentTimeMillis();

        CONNECT.rest().putConnectorConfig("file-with-stamp", Map.of(
                "connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
                "tasks.max", "1",
                "file", input.toString(),
                "topic", "lines",
                "transforms", "stamp",
                "transforms.stamp.type", PROCESSING_TIME_CLASS,
                "transforms.stamp.header.name", "stamped.at"));
        CONNECT.rest().awaitRunning("file-with-stamp", 1, Duration.ofSeconds(60));

        List<ConsumerRecord<byte[], byte[]>> records = CONNECT.consume("lines", 3, Duration.ofSeconds(60));
        long after = System.currentTimeMillis();

        assertThat(records).hasSize(3);
        assertThat(records).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("\"alpha\"", "\"beta\"", "\"gamma\"");
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Header stamp = record.headers().lastHeader("stamped.at");
            assertThat(stamp).as("header on %s", record).isNotNull();
            long stampedAt = Long.parseLong(new String(stamp.value(), StandardCharsets.UTF_8));
            assertThat(stampedAt).isBetween(before, after);
        }
        CONNECT.rest().deleteConnector("file-with-stamp");
    }
}
