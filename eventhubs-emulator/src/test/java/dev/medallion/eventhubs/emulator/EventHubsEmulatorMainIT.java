package dev.medallion.eventhubs.emulator;

import static dev.medallion.eventhubs.emulator.SdkClients.builder;
import static dev.medallion.eventhubs.emulator.SdkClients.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.SendOptions;

/** The standalone jar, run as the quickstart runs it, prints connection strings the SDK can use. */
class EventHubsEmulatorMainIT {

    @Test
    void theStandaloneJarServesTheHubsItPrints() throws Exception {
        Path jar = Path.of(System.getProperty("emulator.standalone.jar", "target/missing-standalone.jar"));
        assertThat(jar).as("built by the package phase").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx128m", "-jar", jar.toString(), "--port", "0",
                "--hub", "cli:2", "--hub", "other:1", "--consumer-group", "cli:audit")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                lines.add(out.readLine());
            }
            assertThat(lines.get(0)).startsWith("Event Hubs emulator listening on localhost:");
            assertThat(lines.get(1)).startsWith("hub cli (2 partitions): Endpoint=sb://localhost:");
            assertThat(lines.get(2)).startsWith("hub other (1 partitions): ");
            String cs = lines.get(1).substring(lines.get(1).indexOf("Endpoint="));

            try (EventHubProducerClient producer = builder(cs).buildProducerClient();
                 EventHubConsumerClient consumer = builder(cs, "audit").buildConsumerClient()) {
                producer.send(List.of(new EventData("from the command line")),
                        new SendOptions().setPartitionId("1"));
                assertThat(read(consumer, "1", 1, EventPosition.earliest()).get(0).getData().getBodyAsString())
                        .isEqualTo("from the command line");
            }
        } finally {
            process.destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
    }
}
