package dev.medallion.enrichment;

import dev.medallion.enrichment.LocalTextAnalyticsServer.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drives {@link AzureOpenAiSummarizer} against the local HTTPS server's chat-completions endpoint. */
class AzureOpenAiSummarizerTest {
    @RegisterExtension
    static final LocalTextAnalyticsServer SERVER = LocalTextAnalyticsServer.start();

    private final List<Duration> pauses = new CopyOnWriteArrayList<>();

    private static AzureOpenAiSummarizer summarizer(String key) {
        return new AzureOpenAiSummarizer(fast(key), client());
    }

    private static AzureOpenAiSummarizer.Settings fast(String key) {
        AzureOpenAiSummarizer.Settings s = AzureOpenAiSummarizer.Settings.of(SERVER.endpoint(), key, "gpt-4o-mini");
        return new AzureOpenAiSummarizer.Settings(s.endpoint(), s.key(), s.deployment(), s.apiVersion(), s.maxTokens(),
                2, Duration.ofMillis(10), Duration.ofSeconds(10), s.maxInputChars());
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().sslContext(SERVER.clientSslContext()).build();
    }

    /** The pauses between attempts are recorded, not taken: the test counts them instead of timing them. */
    private AzureOpenAiSummarizer recordingPauses() {
        return new AzureOpenAiSummarizer(fast(LocalTextAnalyticsServer.KEY), client(), pauses::add);
    }

    @Test
    void pausesBetweenAttemptsButNotAfterTheLast() {
        SERVER.failAlways(503);

        assertThatThrownBy(() -> recordingPauses().summarize("text")).isInstanceOf(TextAnalysisException.class)
                .hasMessageContaining("HTTP 503");

        assertThat(SERVER.received()).as("first try + 2 retries").hasSize(3);
        assertThat(pauses).as("one pause before each retry, none after the last attempt").hasSize(2);
    }

    @Test
    void aRejectedRequestIsNotRetriedSoNeverPaused() {
        SERVER.failAlways(400);

        assertThatThrownBy(() -> recordingPauses().summarize("text")).isInstanceOf(TextAnalysisException.class);

        assertThat(SERVER.received()).hasSize(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void longTextsAreCutToTheInputLimitBeforeTheyAreSent() {
        String text = "word ".repeat(20_000);

        summarizer(LocalTextAnalyticsServer.KEY).summarize(text);

        assertThat(SERVER.received()).singleElement().extracting(Received::chars)
                .isEqualTo(AzureOpenAiSummarizer.Settings.DEFAULT_MAX_INPUT_CHARS);
    }

    @Test
    void returnsTheAssistantMessageTrimmed() {
        String summary = summarizer(LocalTextAnalyticsServer.KEY)
                .summarize("The quarterly report shows revenue growth in every region except the north.");

        assertThat(summary).isEqualTo("The quarterly report shows revenue growth");
        assertThat(SERVER.received()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("ChatCompletion");
            assertThat(r.documents()).as("system + user message").isEqualTo(2);
            assertThat(r.key()).isEqualTo(LocalTextAnalyticsServer.KEY);
        });
    }

    @Test
    void retriesThrottlingThenSucceedsAndGivesUpWithTheReasonOtherwise() {
        SERVER.failNext(429);
        assertThat(summarizer(LocalTextAnalyticsServer.KEY).summarize("one two three")).isEqualTo("one two three");
        assertThat(SERVER.received()).hasSize(2);

        SERVER.received().clear();
        SERVER.failAlways(429);
        assertThatThrownBy(() -> summarizer(LocalTextAnalyticsServer.KEY).summarize("text"))
                .isInstanceOf(TextAnalysisException.class).hasMessageContaining("HTTP 429").hasMessageContaining("rate limit");
        assertThat(SERVER.received()).as("first try + 2 retries").hasSize(3);
    }

    @Test
    void aRejectedKeyIsNotRetriedAndNeverPrinted() {
        assertThatThrownBy(() -> summarizer("bad-key-777").summarize("text"))
                .isInstanceOf(TextAnalysisException.class).hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("bad-key-777");
        assertThat(SERVER.received()).hasSize(1);
        assertThat(AzureOpenAiSummarizer.Settings.of("https://x", "bad-key-777", "d").toString()).doesNotContain("bad-key");
        assertThatThrownBy(() -> AzureOpenAiSummarizer.Settings.of("http://x", "k", "d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    }
}
