package dev.medallion.apicurio.converter;

import dev.medallion.testkit.ConnectRestClient;
import dev.medallion.testkit.ConnectTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Installs the packaged plugin folder on a worker with {@code plugin.discovery=service_load} (the default of
 * {@link ConnectTestCluster}) and checks the worker lists the Apicurio converters, which it cannot without our manifest.
 */
class ConverterPluginIT {
    @RegisterExtension
    static final ConnectTestCluster CONNECT = ConnectTestCluster.builder().name("apicurio-converter-it").build();

    @Test
    void aServiceLoadWorkerListsTheApicurioConverters() {
        List<String> classes = CONNECT.rest().connectorPlugins(false).stream()
                .filter(p -> "converter".equals(p.type())).map(ConnectRestClient.PluginInfo::className).toList();
        assertThat(classes).contains("io.apicurio.registry.utils.converter.AvroConverter",
                "io.apicurio.registry.utils.converter.ExtJsonConverter");
    }

    @Test
    void thePluginFolderBundlesNoKafkaOrSlf4jJars() throws IOException {
        Path lib = Path.of("target", "plugin", "medallion-apicurio-converter", "lib");
        try (Stream<Path> jars = Files.list(lib)) {
            List<String> names = jars.map(p -> p.getFileName().toString()).toList();
            assertThat(names).anyMatch(n -> n.startsWith("apicurio-registry-utils-converter-"))
                    .anyMatch(n -> n.startsWith("avro-"))
                    .noneMatch(n -> n.startsWith("kafka-clients-") || n.startsWith("connect-api-")
                            || n.startsWith("slf4j-api-"));
        }
    }
}
