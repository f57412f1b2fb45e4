package dev.medallion.enrichment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Summarises a text with an Azure OpenAI chat deployment ({@code POST /openai/deployments/{deployment}/chat/completions}),
 * through the JDK HTTP client: one small JSON call does not justify another SDK in every plugin that bundles this
 * library. Texts are cut to {@link Settings#maxInputChars()} first. Retries 429 and 5xx answers with exponential
 * back-off (honouring a short {@code Retry-After}), pausing only between attempts, never after the last; other
 * failures and exhausted retries throw {@link TextAnalysisException}. The key travels only in the {@code api-key}
 * header and only over HTTPS.
 */
public final class AzureOpenAiSummarizer implements TextSummarizer {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PROMPT = "Summarise the user's text in one or two plain sentences, in the text's language."
            + " Reply with the summary only.";

    /**
     * Connection settings; {@link #toString()} hides the key. Texts longer than {@code maxInputChars} are cut before
     * they are sent: a deployment rejects a prompt beyond its context window (400), and every token is billed.
     */
    public record Settings(String endpoint, String key, String deployment, String apiVersion, int maxTokens,
                           int maxRetries, Duration retryDelay, Duration timeout, int maxInputChars) {
        /**
         * 12,000 characters, about 3,000 tokens: with the prompt and the answer, within the smallest (4K-token)
         * chat deployments, and more than a one- or two-sentence summary needs.
         */
        public static final int DEFAULT_MAX_INPUT_CHARS = 12_000;

        public Settings {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(deployment, "deployment");
            if (!endpoint.startsWith("https://")) {
                throw new IllegalArgumentException("Azure OpenAI endpoint must be https:// (the key is sent with every"
                        + " request), was " + endpoint);
            }
            if (maxInputChars < 1) {
                throw new IllegalArgumentException("maxInputChars must be at least 1, was " + maxInputChars);
            }
        }

        public static Settings of(String endpoint, String key, String deployment) {
            return new Settings(endpoint, key, deployment, "2024-06-01", 120, 3, Duration.ofMillis(800),
                    Duration.ofSeconds(30), DEFAULT_MAX_INPUT_CHARS);
        }

        @Override
        public String toString() {
            return "Settings[endpoint=" + endpoint + ", key=[hidden], deployment=" + deployment + ", apiVersion="
                    + apiVersion + "]";
        }
    }

    /** Waits between attempts; tests pass one that records the pauses instead of taking them. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final Settings settings;
    private final HttpClient http;
    private final URI uri;
    private final Sleeper sleeper;

    public AzureOpenAiSummarizer(Settings settings) {
        this(settings, HttpClient.newBuilder().connectTimeout(settings.timeout()).build());
    }

    /** @param http the HTTP client (tests pass one that trusts their local HTTPS server) */
    public AzureOpenAiSummarizer(Settings settings, HttpClient http) {
        this(settings, http, d -> Thread.sleep(d.toMillis()));
    }

    AzureOpenAiSummarizer(Settings settings, HttpClient http, Sleeper sleeper) {
        this.settings = settings;
        this.http = http;
        this.sleeper = sleeper;
        String base = settings.endpoint().endsWith("/") ? settings.endpoint() : settings.endpoint() + "/";
        this.uri = URI.create(base + "openai/deployments/" + URLEncoder.encode(settings.deployment(), StandardCharsets.UTF_8)
                + "/chat/completions?api-version=" + URLEncoder.encode(settings.apiVersion(), StandardCharsets.UTF_8));
    }

    @Override
    public String summarize(String text) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", PROMPT);
        messages.addObject().put("role", "user").put("content", TextPrefix.of(text, settings.maxInputChars()));
        body.put("max_tokens", settings.maxTokens());
        body.put("temperature", 0);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("api-key", settings.key())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        String last = null;
        String retryAfter = null;
        for (int attempt = 0; attempt <= settings.maxRetries(); attempt++) {
            if (attempt > 0) {
                // Pause only before a retry: after the last attempt there is nothing to wait for.
                sleep(backoff(attempt - 1, retryAfter));
            }
            retryAfter = null;
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                last = "I/O error: " + e.getMessage();
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TextAnalysisException("interrupted while calling Azure OpenAI at " + settings.endpoint(), e);
            }
            int status = response.statusCode();
            if (status == 200) {
                return parse(response.body());
            }
            last = "HTTP " + status + " " + errorMessage(response.body());
            if (status != 429 && status < 500) {
                break;
            }
            retryAfter = response.headers().firstValue("Retry-After").orElse(null);
        }
        throw new TextAnalysisException("Azure OpenAI deployment '" + settings.deployment() + "' at "
                + settings.endpoint() + " failed: " + last, null);
    }

    private String parse(String body) {
        try {
            JsonNode content = JSON.readTree(body).path("choices").path(0).path("message").path("content");
            if (!content.isTextual()) {
                throw new TextAnalysisException("Azure OpenAI answered without choices[0].message.content", null);
            }
            return content.asText().strip();
        } catch (IOException e) {
            throw new TextAnalysisException("Azure OpenAI answered with unreadable JSON: " + e.getMessage(), e);
        }
    }

    private static String errorMessage(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            String message = error.path("code").asText("") + " " + error.path("message").asText("");
            return message.isBlank() ? "" : message.strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private Duration backoff(int attempt, String retryAfter) {
        if (retryAfter != null) {
            try {
                // Honour short Retry-After values only; a task must not stall for minutes on one record.
                return Duration.ofSeconds(Math.min(Long.parseLong(retryAfter.trim()), 10));
            } catch (NumberFormatException ignored) {
                // an HTTP date: fall through to our own back-off
            }
        }
        return settings.retryDelay().multipliedBy(1L << Math.min(attempt, 6));
    }

    private void sleep(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TextAnalysisException("interrupted while waiting to retry Azure OpenAI", e);
        }
    }
}
