package dev.medallion.smt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.enrichment.LocalTextAnalyticsServer;
import dev.medallion.enrichment.LocalTextAnalyticsServer.Received;
import dev.medallion.testkit.ConnectTestCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka's FileStreamSource feeding ParseJson → Enrich(engine=azure) in an embedded worker that loads the transforms
 * from the built plugin folder, against {@link LocalTextAnalyticsServer} in this JVM. The Azure key and the truststore
 * password come from a Connect config provider, as in production; the endpoint's certificate is trusted only through
 * azure.truststore.path. Records must arrive enriched by the Azure engine, and the key must stay out of the REST API's
 * answers and of the worker's log.
 */
class EnrichAzurePipelineIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTOR = "file-enrich-azure";
    private static final int EVENTS = 12;

    @RegisterExtension
    static final ConnectTestCluster CONNECT = ConnectTestCluster.builder()
            .workerProperty("config.providers", "file")
            .workerProperty("config.providers.file.class", FileConfigProvider.class.getName())
            .build();

    @RegisterExtension
    static final LocalTextAnalyticsServer SERVER = LocalTextAnalyticsServer.start();

    private final StringWriter log = new StringWriter();
    private WriterAppender capture;

    /** Everything Kafka, Connect, the Azure SDK and our code log from here on, INFO and up, lands in {@link #log}. */
    @BeforeEach
    void captureLog() {
        LoggerContext context = LoggerContext.getContext(false);
        Configuration config = context.getConfiguration();
        capture = WriterAppender.newBuilder().setName("secret-check").setTarget(log)
                .setLayout(PatternLayout.newBuilder().withPattern("%c: %m%n").build()).build();
        capture.start();
        config.addAppender(capture);
        for (String name : List.of("org.apache.kafka", "com.azure")) {
            // Not additive: INFO from these goes to the capture only, the console stays as quiet as before.
            LoggerConfig logger = new LoggerConfig(name, Level.INFO, false);
            logger.addAppender(capture, Level.INFO, null);
            config.addLogger(name, logger);
        }
        config.getLoggerConfig("dev.medallion").addAppender(capture, Level.INFO, null);
        config.getRootLogger().addAppender(capture, null, null);
        context.updateLoggers();
    }

    @AfterEach
    void stopCapture() {
        LoggerContext context = LoggerContext.getContext(false);
        Configuration config = context.getConfiguration();
        config.removeLogger("org.apache.kafka");
        config.removeLogger("com.azure");
        config.getLoggerConfig("dev.medallion").removeAppender(capture.getName());
        config.getRootLogger().removeAppender(capture.getName());
        context.updateLoggers();
        capture.stop();
    }

    @Test
    void recordsArriveEnrichedByAzureAndTheKeyStaysSecret(@TempDir Path dir) throws Exception {
        Path trustStore = SERVER.writeTrustStore(dir, "PKCS12", "store-pass-7");
        Path secrets = dir.resolve("azure.properties");
        Files.writeString(secrets, "azure.key=" + LocalTextAnalyticsServer.KEY + "\ntruststore.password=store-pass-7\n");
        List<String> lines = new ArrayList<>();
        Map<String, String> expectedSentiment = new HashMap<>();
        for (int i = 0; i < EVENTS; i++) {
            String id = "evt-" + i;
            boolean good = i % 2 == 0;
            expectedSentiment.put(id, good ? "positive" : "negative");
            lines.add(JSON.writeValueAsString(Map.of("event_id", id,
                    "text", good ? "A good stay in Seattle, room " + i : "Such a bad delivery, order " + i)));
        }
        Path input = dir.resolve("events.jsonl");
        Files.write(input, lines, StandardCharsets.UTF_8);
        CONNECT.createTopic("reviews.enriched", 1);

        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector");
        config.put("tasks.max", "1");
        config.put("file", input.toString());
        config.put("topic", "reviews.enriched");
        config.put("transforms", "parse,enrich");
        config.put("transforms.parse.type", "dev.medallion.smt.json.ParseJson");
        config.put("transforms.enrich.type", "dev.medallion.smt.enrich.Enrich");
        config.put("transforms.enrich.engine", "azure");
        config.put("transforms.enrich.azure.endpoint", SERVER.endpoint());
        config.put("transforms.enrich.azure.key", "${file:" + secrets + ":azure.key}");
        config.put("transforms.enrich.azure.truststore.path", trustStore.toString());
        config.put("transforms.enrich.azure.truststore.type", "PKCS12");
        config.put("transforms.enrich.azure.truststore.password", "${file:" + secrets + ":truststore.password}");
        // No silent rescue: were Azure unreachable, records would say failed rather than come from the offline engine.
        config.put("transforms.enrich.azure.fallback", "mark");
        // The per-record budget is tested in EnrichAzureTest; here a loaded machine's first TLS handshake must not
        // count as a slow service.
        config.put("transforms.enrich.record.timeout.ms", "60000");
        CONNECT.rest().putConnectorConfig(CONNECTOR, config);
        CONNECT.rest().awaitRunning(CONNECTOR, 1, Duration.ofSeconds(90));

        List<ConsumerRecord<byte[], byte[]>> records = CONNECT.consume("reviews.enriched", EVENTS, Duration.ofSeconds(120));

        assertThat(records).hasSize(EVENTS);
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode value = JSON.readTree(record.value());
            String id = value.path("event_id").asText();
            assertThat(seen.add(id)).as("no duplicate of %s", id).isTrue();
            JsonNode enrichment = value.path("enrichment");
            assertThat(enrichment.path("status").asText()).as(id).isEqualTo("ok");
            assertThat(enrichment.path("engine").asText()).as(id).isEqualTo("azure");
            assertThat(enrichment.path("language").asText()).isEqualTo("en");
            assertThat(enrichment.path("sentiment").asText()).as(id).isEqualTo(expectedSentiment.get(id));
            boolean good = expectedSentiment.get(id).equals("positive");
            assertThat(enrichment.path("sentiment_score").asDouble()).isEqualTo(good ? 0.96 : -0.95);
            assertThat(enrichment.path("key_phrases").get(0).asText()).isEqualTo(good ? "good" : "Such");
            assertThat(enrichment.path("entities").size()).isEqualTo(good ? 1 : 0);
            assertThat(new String(record.headers().lastHeader("enrichment.status").value(), StandardCharsets.UTF_8))
                    .isEqualTo("ok");
        }
        assertThat(seen).isEqualTo(expectedSentiment.keySet());
        assertThat(SERVER.received()).as("four features per record, each request with the provider's key")
                .hasSize(4 * EVENTS).extracting(Received::key).containsOnly(LocalTextAnalyticsServer.KEY);

        JsonNode stored = CONNECT.rest().send("GET", "/connectors/" + CONNECTOR + "/config", null, 200);
        assertThat(stored.path("transforms.enrich.azure.key").asText()).isEqualTo("${file:" + secrets + ":azure.key}");
        for (String path : List.of("/config", "", "/tasks")) {
            assertThat(CONNECT.rest().send("GET", "/connectors/" + CONNECTOR + path, null, 200).toString())
                    .as("GET /connectors/%s%s", CONNECTOR, path)
                    .doesNotContain(LocalTextAnalyticsServer.KEY).doesNotContain("store-pass-7");
        }
        CONNECT.rest().deleteConnector(CONNECTOR);

        String captured = log.toString();
        assertThat(captured).as("the capture saw the worker configure the transform")
                .contains("azure.truststore.path = " + trustStore).contains("azure.key = [hidden]");
        assertThat(captured).doesNotContain(LocalTextAnalyticsServer.KEY).doesNotContain("store-pass-7");
    }
}
