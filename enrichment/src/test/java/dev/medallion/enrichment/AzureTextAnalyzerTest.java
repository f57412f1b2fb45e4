package dev.medallion.enrichment;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import dev.medallion.enrichment.LocalTextAnalyticsServer.Received;
import dev.medallion.enrichment.TextAnalysis.SentimentLabel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drives the real Azure SDK client against {@link LocalTextAnalyticsServer}. */
class AzureTextAnalyzerTest {
    @RegisterExtension
    static final LocalTextAnalyticsServer SERVER = LocalTextAnalyticsServer.start();

    private static HttpClient trustingClient() {
        return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(SERVER.clientSslContext()))
                .build();
    }

    private static AzureTextAnalyzer analyzer(String key, int retries) {
        return new AzureTextAnalyzer(AzureTextAnalyzer.Settings.of(SERVER.endpoint(), key)
                .withRetries(retries, Duration.ofMillis(10)), trustingClient());
    }

    @Test
    void analysesEveryTextInOrderWithinThePerRequestDocumentLimits() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            texts.add(i % 3 == 0 ? "A good day in Seattle number " + i : i % 3 == 1 ? "Such a bad delivery " + i : "Neutral note " + i);
        }
        texts.set(7, "   ");

        List<TextAnalysis> results = analyzer(LocalTextAnalyticsServer.KEY, 0).analyzeAll(texts);

        assertThat(results).hasSize(23);
        assertThat(results.get(0).status()).isEqualTo(TextAnalysis.Status.OK);
        assertThat(results.get(0).engine()).isEqualTo("azure");
        assertThat(results.get(0).sentiment().label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThat(results.get(0).sentiment().score()).isEqualTo(0.96);
        assertThat(results.get(0).language().code()).isEqualTo("en");
        assertThat(results.get(0).entities()).extracting(TextAnalysis.Entity::text, TextAnalysis.Entity::category,
                TextAnalysis.Entity::offset).containsExactly(org.assertj.core.groups.Tuple.tuple("Seattle", "Location", 14));
        assertThat(results.get(0).keyPhrases()).containsExactly("good");
        assertThat(results.get(1).sentiment().label()).isEqualTo(SentimentLabel.NEGATIVE);
        assertThat(results.get(2).sentiment().label()).isEqualTo(SentimentLabel.NEUTRAL);
        assertThat(results.get(7).status()).isEqualTo(TextAnalysis.Status.SKIPPED);

        // 22 non-blank texts: 1 language request, ceil(22/10)=3 sentiment, ceil(22/5)=5 entity, 3 key-phrase requests.
        List<Received> received = SERVER.received();
        assertThat(received).filteredOn(r -> r.kind().equals("LanguageDetection")).extracting(Received::documents)
                .containsExactly(22);
        assertThat(received).filteredOn(r -> r.kind().equals("SentimentAnalysis")).extracting(Received::documents)
                .containsExactly(10, 10, 2);
        assertThat(received).filteredOn(r -> r.kind().equals("EntityRecognition")).extracting(Received::documents)
                .containsExactly(5, 5, 5, 5, 2);
        assertThat(received).filteredOn(r -> r.kind().equals("KeyPhraseExtraction")).extracting(Received::documents)
                .containsExactly(10, 10, 2);
        assertThat(received).extracting(Received::key).containsOnly(LocalTextAnalyticsServer.KEY);
    }

    @Test
    void aDocumentTheServiceRejectsFailsAloneWithTheServiceReason() {
        List<TextAnalysis> results = analyzer(LocalTextAnalyticsServer.KEY, 0)
                .analyzeAll(List.of("good one", "please REJECT this", "bad one"));

        assertThat(results).extracting(TextAnalysis::status).containsExactly(TextAnalysis.Status.OK,
                TextAnalysis.Status.FAILED, TextAnalysis.Status.OK);
        assertThat(results.get(1).error()).contains("InvalidDocument").contains("not valid");
    }

    @Test
    void retriesServiceUnavailableAnswersAndThenSucceeds() {
        SERVER.failNext(503, 503);

        TextAnalysis result = analyzer(LocalTextAnalyticsServer.KEY, 3).analyze("good morning");

        assertThat(result.status()).isEqualTo(TextAnalysis.Status.OK);
        assertThat(result.sentiment().label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThat(SERVER.received()).filteredOn(r -> r.kind().equals("LanguageDetection")).hasSize(3);
    }

    @Test
    void aRejectedKeyFailsTheRequestWithoutRetryingAndWithoutPrintingTheKey() {
        AzureTextAnalyzer analyzer = analyzer("wrong-key-9876", 3);

        assertThatThrownBy(() -> analyzer.analyze("good morning"))
                .isInstanceOf(TextAnalysisException.class)
                .hasMessageContaining("401")
                .hasMessageNotContaining("wrong-key-9876");
        assertThat(SERVER.received()).hasSize(1);
        assertThat(AzureTextAnalyzer.Settings.of("https://x", "wrong-key-9876").toString()).doesNotContain("wrong-key");
    }

    @Test
    void circuitBreakerFallsBackToTheOfflineEngineAndStopsCallingTheFailingService() {
        SERVER.failAlways(500);
        ResilientTextAnalyzer analyzer = new ResilientTextAnalyzer(analyzer(LocalTextAnalyticsServer.KEY, 0),
                new OfflineTextAnalyzer(), new CircuitBreaker(2, Duration.ofMinutes(5)));

        List<TextAnalysis> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(analyzer.analyze("The support team was wonderful and very helpful."));
        }

        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(TextAnalysis.Status.OK);
            assertThat(r.engine()).isEqualTo("offline");
            assertThat(r.sentiment().label()).isEqualTo(SentimentLabel.POSITIVE);
        });
        assertThat(analyzer.breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(SERVER.received()).as("two failed calls open the breaker; later texts skip the service").hasSize(2);
    }

    @Test
    void withoutAFallbackRecordsAreMarkedFailedNotDropped() {
        SERVER.failAlways(500);
        ResilientTextAnalyzer analyzer = new ResilientTextAnalyzer(analyzer(LocalTextAnalyticsServer.KEY, 0), null,
                new CircuitBreaker(1, Duration.ofMinutes(5)));

        List<TextAnalysis> results = analyzer.analyzeAll(List.of("one", "two", "three"));

        assertThat(results).hasSize(3).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(TextAnalysis.Status.FAILED);
            assertThat(r.error()).contains("azure engine failed");
        });
        assertThat(analyzer.analyze("four").error()).contains("circuit breaker open");
    }
}
