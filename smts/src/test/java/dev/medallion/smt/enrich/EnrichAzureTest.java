package dev.medallion.smt.enrich;

import dev.medallion.enrichment.LocalTextAnalyticsServer;
import dev.medallion.enrichment.LocalTextAnalyticsServer.Received;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.medallion.smt.enrich.EnrichTestRecords.record;
import static dev.medallion.smt.enrich.EnrichTestRecords.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The Enrich transform with engine=azure, configured as a user would (endpoint, key, truststore), against
 * {@link LocalTextAnalyticsServer}: the real SDK client, TLS to a certificate only the truststore vouches for.
 * Expected values are the ones the server's recorded response shapes carry for these texts.
 */
class EnrichAzureTest {
    @RegisterExtension
    static final LocalTextAnalyticsServer SERVER = LocalTextAnalyticsServer.start();

    @TempDir
    static Path dir;
    private static Path trustStore;

    private final Enrich<SourceRecord> enrich = new Enrich<>();

    @BeforeAll
    static void writeTrustStore() throws Exception {
        trustStore = SERVER.writeTrustStore(dir, "JKS", "store-pass-1");
    }

    @AfterEach
    void close() {
        enrich.close();
    }

    /**
     * As a user would configure it; a generous record.timeout.ms so a loaded machine's TLS handshake is not taken for
     * a slow service, except in the tests of that budget, which set their own.
     */
    private static Map<String, String> azure(String... more) {
        Map<String, String> config = new HashMap<>(Map.of("engine", "azure", "azure.endpoint", SERVER.endpoint(),
                "azure.key", LocalTextAnalyticsServer.KEY, "azure.truststore.path", trustStore.toString(),
                "azure.truststore.type", "JKS", "azure.truststore.password", "store-pass-1",
                "azure.max.retries", "0", "record.timeout.ms", "60000"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return config;
    }

    @Test
    @SuppressWarnings("unchecked")
    void schemalessValuesGetTheServicesAnswerAndTheRequestsCarryTheKey() {
        enrich.configure(azure("text.field", "payload.comment"));

        SourceRecord out = enrich.apply(record(null, Map.of("id", 1L,
                "payload", Map.of("comment", "A good day in Seattle with friends"))));

        Map<String, Object> result = (Map<String, Object>) ((Map<String, Object>) out.value()).get("enrichment");
        assertThat(result).containsEntry("status", "ok").containsEntry("engine", "azure")
                .containsEntry("sentiment", "positive").containsEntry("sentiment_score", 0.96)
                .containsEntry("language", "en").containsEntry("language_confidence", 0.99)
                .containsEntry("key_phrases", List.of("good"));
        assertThat((List<Map<String, Object>>) result.get("entities")).containsExactly(
                Map.of("text", "Seattle", "category", "Location", "offset", 14));
        assertThat(status(out)).isEqualTo("ok");
        assertThat(SERVER.received()).extracting(Received::kind).containsExactly("LanguageDetection",
                "SentimentAnalysis", "EntityRecognition", "KeyPhraseExtraction");
        assertThat(SERVER.received()).extracting(Received::key).containsOnly(LocalTextAnalyticsServer.KEY);
    }

    @Test
    void structValuesGetTheServicesAnswerInTheResultStruct() {
        enrich.configure(azure("output.field", "ai"));
        Schema schema = SchemaBuilder.struct().name("Event").field("id", Schema.INT64_SCHEMA)
                .field("text", Schema.OPTIONAL_STRING_SCHEMA).build();

        SourceRecord out = enrich.apply(record(schema,
                new Struct(schema).put("id", 2L).put("text", "Such a bad delivery to Seattle")));

        Struct ai = ((Struct) out.value()).getStruct("ai");
        ((Struct) out.value()).validate();
        assertThat(ai.getString("status")).isEqualTo("ok");
        assertThat(ai.getString("engine")).isEqualTo("azure");
        assertThat(ai.getString("sentiment")).isEqualTo("negative");
        assertThat(ai.getFloat64("sentiment_score")).isEqualTo(-0.95);
        assertThat(ai.getString("language")).isEqualTo("en");
        assertThat(ai.<Struct>getArray("entities")).singleElement().satisfies(e -> {
            assertThat(e.getString("text")).isEqualTo("Seattle");
            assertThat(e.getString("category")).isEqualTo("Location");
            assertThat(e.getInt32("offset")).isEqualTo(23);
        });
        assertThat(ai.<String>getArray("key_phrases")).containsExactly("Such");
        assertThat(((Struct) out.value()).getInt64("id")).isEqualTo(2L);
    }

    @Test
    void withoutTheTruststoreTheSameEndpointIsNotTrustedAndTheRecordIsMarked() {
        Map<String, String> config = azure("azure.fallback", "mark");
        config.remove("azure.truststore.path");
        enrich.configure(config);

        SourceRecord out = enrich.apply(record(null, Map.of("text", "A good day in Seattle")));

        assertThat(status(out)).isEqualTo("failed");
        assertThat(SERVER.received()).as("the TLS handshake fails before any request").isEmpty();
    }

    @Test
    void aServerErrorFallsBackToTheOfflineEngine() {
        SERVER.failAlways(503);
        enrich.configure(azure());

        SourceRecord out = enrich.apply(record(null, Map.of("text", "I love this great product")));

        Map<?, ?> result = (Map<?, ?>) ((Map<?, ?>) out.value()).get("enrichment");
        assertThat(status(out)).isEqualTo("ok");
        assertThat(result.get("engine")).isEqualTo("offline");
        assertThat(result.get("sentiment")).isEqualTo("positive");
        assertThat(SERVER.received()).as("one call answered 503, no retry (azure.max.retries=0), then offline")
                .hasSize(1);
    }

    @Test
    void aSlowServiceIsCutAtTheRecordTimeoutAndTheRecordIsAnalysedOffline() {
        SERVER.answerAfter(Duration.ofSeconds(60));
        enrich.configure(azure("record.timeout.ms", "500", "summary.azure.openai.endpoint", SERVER.endpoint(),
                "summary.azure.openai.key", LocalTextAnalyticsServer.KEY, "summary.azure.openai.deployment", "gpt",
                "summary.min.chars", "10"));

        // Four Azure AI Language calls and a summary, each held 60 s by the service: 5 s is ample for the 500 ms
        // budget plus the offline analysis, and far below what waiting for the service would take.
        SourceRecord out = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> enrich.apply(record(null, Map.of("text", "I love this great product"))));

        Map<?, ?> result = (Map<?, ?>) ((Map<?, ?>) out.value()).get("enrichment");
        assertThat(status(out)).isEqualTo("ok");
        assertThat(result.get("engine")).isEqualTo("offline");
        assertThat(result.get("sentiment")).isEqualTo("positive");
        assertThat(result.get("summary_error").toString()).startsWith("summary ")
                .doesNotContain(LocalTextAnalyticsServer.KEY);
    }

    @Test
    void slowAnswersOpenTheCircuitBreakerLikeErrors() {
        SERVER.answerAfter(Duration.ofSeconds(60));
        enrich.configure(azure("record.timeout.ms", "300", "azure.fallback", "mark",
                "azure.circuit.failure.threshold", "2"));

        SourceRecord first = enrich.apply(record(null, Map.of("text", "one good text")));
        SourceRecord second = enrich.apply(record(null, Map.of("text", "two good texts")));
        awaitReceived(2);
        SourceRecord third = enrich.apply(record(null, Map.of("text", "three good texts")));

        assertThat(error(first)).isEqualTo("azure engine failed: azure engine did not answer within 300 ms");
        assertThat(error(second)).isEqualTo("azure engine failed: azure engine did not answer within 300 ms");
        assertThat(error(third)).contains("circuit breaker open");
        assertThat(SERVER.received()).as("one language request per slow record, none once the breaker is open")
                .extracting(Received::kind).containsExactly("LanguageDetection", "LanguageDetection");
    }

    private static String error(SourceRecord r) {
        return String.valueOf(((Map<?, ?>) ((Map<?, ?>) r.value()).get("enrichment")).get("error"));
    }

    /** The abandoned requests reach the server on their own threads; wait for them (bounded) instead of sleeping. */
    private static void awaitReceived(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (SERVER.received().size() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(SERVER.received()).hasSize(count);
    }

    @Test
    void summariesFromAzureOpenAiTrustTheSameTruststore() {
        Map<String, String> config = azure("engine", "offline", "summary.azure.openai.endpoint", SERVER.endpoint(),
                "summary.azure.openai.key", LocalTextAnalyticsServer.KEY, "summary.azure.openai.deployment", "gpt",
                "summary.min.chars", "20");
        enrich.configure(config);

        SourceRecord out = enrich.apply(record(null,
                Map.of("text", "The parcel arrived two days late and the box was crushed on one side")));

        Map<?, ?> result = (Map<?, ?>) ((Map<?, ?>) out.value()).get("enrichment");
        assertThat(result.get("engine")).isEqualTo("offline");
        assertThat(result.get("summary_error")).isNull();
        assertThat(result.get("summary")).as("the local service's answer: the text's first six words")
                .isEqualTo("The parcel arrived two days late");
        assertThat(SERVER.received()).extracting(Received::kind).containsExactly("ChatCompletion");
    }
}
