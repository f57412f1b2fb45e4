package dev.medallion.eventhubs.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.eventhubs.emulator.EventHubsEmulator;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.ConnectRestClient;
import dev.medallion.testkit.ConnectWorkerProcess;
import dev.medallion.testkit.KafkaTestCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink in a Connect worker of its own (a child JVM, so its whole log is a file, with our code and the Azure SDK at
 * DEBUG) against an emulator that checks keys: a connector with the right key delivers, one with a wrong key fails
 * with a message, one with a malformed string is refused at validation. No fragment of any key may appear in the REST
 * answers, the connector and task status, or the worker's log.
 */
class EventHubsSinkSecretsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String KEY = "U3VwZXJTZWNyZXRLZXk9PQ==";
    private static final String WRONG_KEY = "V3JvbmdLZXlXcm9uZ0tleQ==";
    private static final List<String> FRAGMENTS = List.of("U3VwZXJTZWNyZXRLZXk", "V3JvbmdLZXlXcm9uZ0tleQ",
            "SuperSecret", "SharedAccessKey:");

    @RegisterExtension
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();
    private static EventHubsEmulator emulator;
    private static ConnectWorkerProcess worker;

    @BeforeAll
    static void start() {
        emulator = EventHubsEmulator.builder().port(0).hub("vault", 1).sharedAccessKey("send-policy", KEY)
                .build().start();
        worker = ConnectWorkerProcess.builder(KAFKA.bootstrapServers()).groupId("sink-secrets-it")
                .workerProperty("config.providers", "file")
                .workerProperty("config.providers.file.class",
                        "org.apache.kafka.common.config.provider.FileConfigProvider")
                .jvmOptions(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-Dlog4j2.configurationFile=" + verboseLogConfig()))
                .build().start();
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

    /** Everything at INFO and up, the Azure SDK and our code at DEBUG: the quiet test default would hide a leak. */
    private static Path verboseLogConfig() {
        try {
            Path file = Files.createTempFile("sink-secrets-it-log4j2", ".properties");
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
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void noFragmentOfAKeyReachesRestStatusOrLog() throws IOException {
        KAFKA.createTopic("vault", 1);
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer(Map.of())) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("vault", "k".getBytes(StandardCharsets.UTF_8),
                        Reconciliation.body("k", i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        StringBuilder seen = new StringBuilder();

        // As the README says: the strings come from a config provider, so the REST API stores and shows placeholders.
        String good = emulator.connectionString("vault");
        assertThat(good).contains(KEY);
        Path secrets = Files.createTempDirectory("sink-secrets-it");
        Files.writeString(secrets.resolve("eh.properties"), "good=" + good + "\nwrong=" + good.replace(KEY, WRONG_KEY)
                + "\n");
        String provider = "${file:" + secrets.resolve("eh.properties") + ":";
        seen.append(worker.rest().putConnectorConfig("good", EventHubsSinkIT.connectorConfig(provider + "good}",
                "vault", 1)));
        try (HubReader reader = new HubReader(good)) {
            Await.until(TIMEOUT, "20 events in hub vault", () -> reader.readAll().size() >= 20);
        }
        seen.append(worker.rest().connectorStatus("good"));
        seen.append(worker.rest().send("GET", "connectors/good", null, 200));

        seen.append(worker.rest().putConnectorConfig("wrong", EventHubsSinkIT.connectorConfig(provider + "wrong}",
                "vault", 1)));
        String failed = Await.untilValue(TIMEOUT, "task of 'wrong' FAILED", () -> {
            JsonNode status = worker.rest().connectorStatus("wrong");
            JsonNode task = status.path("tasks").path(0);
            return "FAILED".equals(task.path("state").asText()) ? status.toString() : null;
        });
        seen.append(failed);
        assertThat(failed).contains("refused the credentials for hub vault");

        // Given directly: validation refuses it, and neither its answer nor the PUT's may echo any part of it.
        String malformed = "Endpoint=sb://localhost:" + emulator.port()
                + "/;SharedAccessKeyName=send-policy;SharedAccessKey:SuperSecret=";
        Map<String, String> config = EventHubsSinkIT.connectorConfig(malformed, "vault", 1);
        config.put("name", "malformed");
        config.put("eventhubs.hub", "vault");
        JsonNode validation = worker.rest().validateConfig(EventHubsSinkIT.CONNECTOR_CLASS, config);
        seen.append(validation);
        assertThat(validation.path("error_count").asInt()).as("validate answer %s", validation).isEqualTo(1);
        try {
            worker.rest().putConnectorConfig("malformed", config);
        } catch (ConnectRestClient.ConnectRestException refused) {
            seen.append(refused.body()).append(refused.getMessage());
        }

        String log = workerLog();
        assertThat(log).as("the worker log was captured, with the connector's config")
                .contains("eventhubs.connection.string");
        for (String fragment : FRAGMENTS) {
            assertThat(seen.toString()).as("REST answers and status").doesNotContain(fragment);
            assertThat(log).as("worker log").doesNotContain(fragment);
        }
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
