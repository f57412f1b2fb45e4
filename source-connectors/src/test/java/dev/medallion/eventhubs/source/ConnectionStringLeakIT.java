package dev.medallion.eventhubs.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.eventhubs.emulator.EventHubsEmulator;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectRestClient;
import dev.medallion.testkit.ConnectWorkerProcess;
import dev.medallion.testkit.KafkaTestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A malformed connection string whose broken part holds the key ({@code SharedAccessKey:SuperSecret=}): the Azure SDK
 * quotes such a part in its error. A Connect worker (a child JVM, so its whole log is a file) is given the string;
 * neither the REST validate answer, the answer to the PUT, the connector and task status, nor the worker's log may
 * contain any fragment of it.
 */
class ConnectionStringLeakIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String NAMESPACE = "leak-ns.servicebus.windows.net";
    /** Fragments of the connection strings below; none may appear anywhere a user or a log reader sees. */
    private static final List<String> FRAGMENTS = List.of("SuperSecret", "SharedAccessKey:", "k3yN4me",
            "Zm9yZ2Vk");
    private static final List<String> MALFORMED = List.of(
            "Endpoint=sb://" + NAMESPACE + "/;SharedAccessKeyName=k3yN4me;SharedAccessKey:SuperSecret=",
            "Endpoint=sb://" + NAMESPACE + "/;SharedAccessKeyName=k3yN4me;SharedAccessKey=Zm9yZ2Vk;SuperSecret",
            "Endpoint=sb://" + NAMESPACE + "/;SharedAccessKeyName=k3yN4me;SharedAccessKey=SuperSecret;"
                    + "SharedAccessSignature=Zm9yZ2Vk");

    @RegisterExtension
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();
    private static EventHubsEmulator emulator;
    private static ConnectWorkerProcess worker;

    @BeforeAll
    static void start() {
        emulator = EventHubsEmulator.builder().port(0).hub("leak", 1).consumerGroup("leak", "$Default").build().start();
        worker = ConnectWorkerProcess.builder(KAFKA.bootstrapServers()).groupId("leak-it")
                .jvmOptions(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-Dlog4j2.configurationFile=" + verboseLogConfig()))
                .build().start();
    }

    /** Everything at INFO and up, the Azure SDK and our code at DEBUG: the test's quiet default would hide a leak. */
    private static Path verboseLogConfig() {
        try {
            Path file = Files.createTempFile("leak-it-log4j2", ".properties");
            Files.writeString(file, String.join("\n",
                    "appender.console.type = Console",
                    "appender.console.name = console",
                    "appender.console.layout.type = PatternLayout",
                    "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%t] %c{1}: %m%n",
                    "rootLogger.level = info",
                    "rootLogger.appenderRef.console.ref = console",
                    "logger.medallion.name = dev.medallion",
                    "logger.medallion.level = debug",
                    "logger.azure.name = com.azure",
                    "logger.azure.level = debug", ""));
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void noFragmentOfAMalformedConnectionStringReachesRestStatusOrLog() throws IOException {
        KAFKA.createTopic("leak.raw", 1);
        StringBuilder seen = new StringBuilder();
        List<JsonNode> validations = new java.util.ArrayList<>();
        int n = 0;
        for (String connectionString : MALFORMED) {
            String name = "leak-" + n++;
            Map<String, String> config = EventHubsSourceIT.connectorConfig(connectionString, "leak", "leak.raw", 1);
            config.put("name", name);

            JsonNode validation = worker.rest().validateConfig(EventHubsSourceIT.CONNECTOR_CLASS, config);
            seen.append(validation).append('\n');
            validations.add(validation);

            try {
                worker.rest().putConnectorConfig(name, config);
                // Accepted: then it must fail without quoting the string; wait for the verdict and keep it.
                seen.append(awaitStatusWithVerdict(name)).append('\n');
            } catch (ConnectRestClient.ConnectRestException refused) {
                assertThat(refused.status()).isEqualTo(400);
                seen.append(refused.body()).append('\n').append(refused.getMessage()).append('\n');
            }
        }
        String log = workerLog();
        assertThat(log).as("the worker log was captured, with the connector's config")
                .contains("eventhubs.connection.string");
        for (String fragment : FRAGMENTS) {
            assertThat(seen.toString()).as("REST answers and status").doesNotContain(fragment);
            assertThat(log).as("worker log").doesNotContain(fragment);
        }
        // Refused up front, on the key that is wrong, rather than failing later in the SDK.
        for (JsonNode validation : validations) {
            assertThat(validation.path("error_count").asInt()).as("validate answer %s", validation).isEqualTo(1);
            assertThat(errorsOf(validation, "eventhubs.connection.string")).isNotEmpty();
        }
    }

    private static List<String> errorsOf(JsonNode validation, String key) {
        for (JsonNode config : validation.path("configs")) {
            if (key.equals(config.path("value").path("name").asText())) {
                return StreamSupport.stream(config.path("value").path("errors").spliterator(), false)
                        .map(JsonNode::asText).toList();
            }
        }
        return List.of();
    }

    /** Status once the connector or its task is FAILED or the task RUNNING (either way, its text is final). */
    private static String awaitStatusWithVerdict(String name) {
        return Await.untilValue(TIMEOUT, name + " FAILED or its task RUNNING", () -> {
            JsonNode status;
            try {
                status = worker.rest().connectorStatus(name);
            } catch (ConnectRestClient.ConnectRestException e) {
                return null;
            }
            boolean failed = "FAILED".equals(status.path("connector").path("state").asText());
            for (JsonNode task : status.path("tasks")) {
                failed |= !"UNASSIGNED".equals(task.path("state").asText());
            }
            return failed ? status.toString() : null;
        });
    }

    private static String workerLog() throws IOException {
        StringBuilder log = new StringBuilder();
        try (Stream<Path> files = Files.list(worker.workDir())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                log.append(Files.readString(file));
            }
        }
        return log.toString();
    }
}
