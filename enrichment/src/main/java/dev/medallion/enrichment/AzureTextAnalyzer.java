package dev.medallion.enrichment;

import com.azure.ai.textanalytics.TextAnalyticsClient;
import com.azure.ai.textanalytics.TextAnalyticsClientBuilder;
import com.azure.ai.textanalytics.models.CategorizedEntity;
import com.azure.ai.textanalytics.models.DetectLanguageInput;
import com.azure.ai.textanalytics.models.DocumentSentiment;
import com.azure.ai.textanalytics.models.SentimentConfidenceScores;
import com.azure.ai.textanalytics.models.TextAnalyticsError;
import com.azure.ai.textanalytics.models.TextDocumentInput;
import com.azure.ai.textanalytics.util.AnalyzeSentimentResultCollection;
import com.azure.ai.textanalytics.util.DetectLanguageResultCollection;
import com.azure.ai.textanalytics.util.ExtractKeyPhrasesResultCollection;
import com.azure.ai.textanalytics.util.RecognizeEntitiesResultCollection;
import com.azure.ai.textanalytics.models.AnalyzeSentimentResult;
import com.azure.ai.textanalytics.models.DetectLanguageResult;
import com.azure.ai.textanalytics.models.ExtractKeyPhraseResult;
import com.azure.ai.textanalytics.models.RecognizeEntitiesResult;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.Context;
import dev.medallion.enrichment.TextAnalysis.DetectedLanguage;
import dev.medallion.enrichment.TextAnalysis.Entity;
import dev.medallion.enrichment.TextAnalysis.Sentiment;
import dev.medallion.enrichment.TextAnalysis.SentimentLabel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Analyses texts with Azure AI Language (Text Analytics) through the official SDK: language detection first, then
 * sentiment, entities and key phrases with the detected language as a hint. Texts are sent in batches that respect
 * the service's per-request document limits ({@link Settings}); the SDK retries throttling and 5xx answers with
 * exponential back-off. A request that still fails throws {@link TextAnalysisException}; a single document the service
 * rejects yields a FAILED result for that text only. Wrap in {@link ResilientTextAnalyzer} for a circuit breaker.
 */
public final class AzureTextAnalyzer implements TextAnalyzer {
    public static final String ENGINE = "azure";
    /** The service rejects documents above 5,120 characters; longer texts are cut, not refused. */
    public static final int MAX_DOCUMENT_CHARS = 5120;

    /**
     * Connection and batching settings. Batch sizes default to the synchronous API's limits: 1000 documents per
     * language-detection request, 10 per sentiment or key-phrase request, 5 per entity-recognition request.
     */
    public record Settings(String endpoint, String key, int languageBatch, int sentimentBatch, int keyPhraseBatch,
                           int entityBatch, int maxRetries, Duration retryDelay, Duration timeout) {
        public Settings {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(key, "key");
            positive(languageBatch, "languageBatch");
            positive(sentimentBatch, "sentimentBatch");
            positive(keyPhraseBatch, "keyPhraseBatch");
            positive(entityBatch, "entityBatch");
        }

        public static Settings of(String endpoint, String key) {
            return new Settings(endpoint, key, 1000, 10, 10, 5, 3, Duration.ofMillis(800), Duration.ofSeconds(30));
        }

        public Settings withRetries(int retries, Duration delay) {
            return new Settings(endpoint, key, languageBatch, sentimentBatch, keyPhraseBatch, entityBatch, retries,
                    delay, timeout);
        }

        /** Never print the key: records generate toString, so mask it. */
        @Override
        public String toString() {
            return "Settings[endpoint=" + endpoint + ", key=[hidden], batches=" + languageBatch + "/" + sentimentBatch
                    + "/" + keyPhraseBatch + "/" + entityBatch + ", maxRetries=" + maxRetries + "]";
        }

        private static void positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was " + value);
            }
        }
    }

    private final TextAnalyticsClient client;
    private final Settings settings;

    public AzureTextAnalyzer(Settings settings) {
        this(settings, new JdkHttpClientBuilder().responseTimeout(settings.timeout()).build());
    }

    /** @param httpClient the HTTP transport (tests pass one that trusts their local HTTPS server) */
    public AzureTextAnalyzer(Settings settings, HttpClient httpClient) {
        this.settings = settings;
        this.client = new TextAnalyticsClientBuilder()
                .endpoint(settings.endpoint())
                .credential(new AzureKeyCredential(settings.key()))
                .httpClient(httpClient)
                .retryOptions(new RetryOptions(new ExponentialBackoffOptions()
                        .setMaxRetries(settings.maxRetries())
                        .setBaseDelay(settings.retryDelay())
                        .setMaxDelay(settings.retryDelay().multipliedBy(8))))
                .buildClient();
    }

    @Override
    public TextAnalysis analyze(String text) {
        return analyzeAll(Collections.singletonList(text)).get(0);
    }

    @Override
    public List<TextAnalysis> analyzeAll(List<String> texts) {
        int n = texts.size();
        String[] docs = new String[n];
        List<Integer> present = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String text = texts.get(i);
            if (text != null && !text.isBlank()) {
                docs[i] = TextPrefix.of(text, MAX_DOCUMENT_CHARS);
                present.add(i);
            }
        }
        DetectedLanguage[] languages = new DetectedLanguage[n];
        Sentiment[] sentiments = new Sentiment[n];
        List<List<Entity>> entities = new ArrayList<>(Collections.nCopies(n, List.of()));
        List<List<String>> phrases = new ArrayList<>(Collections.nCopies(n, List.of()));
        String[] errors = new String[n];
        try {
            inBatches(present, settings.languageBatch(), batch -> {
                List<DetectLanguageInput> input = new ArrayList<>();
                for (int i : batch) {
                    input.add(new DetectLanguageInput(Integer.toString(i), docs[i]));
                }
                DetectLanguageResultCollection results = client.detectLanguageBatchWithResponse(input, null, Context.NONE).getValue();
                for (DetectLanguageResult r : results) {
                    int i = Integer.parseInt(r.getId());
                    if (r.isError()) {
                        errors[i] = describe("language", r.getError());
                    } else {
                        String code = r.getPrimaryLanguage().getIso6391Name();
                        languages[i] = code == null || code.isBlank() || code.equals("(Unknown)")
                                ? DetectedLanguage.UNDETERMINED
                                : new DetectedLanguage(code.toLowerCase(Locale.ROOT), r.getPrimaryLanguage().getConfidenceScore());
                    }
                }
                return null;
            });
            inBatches(present, settings.sentimentBatch(), batch -> {
                AnalyzeSentimentResultCollection results = client.analyzeSentimentBatchWithResponse(
                        documents(batch, docs, languages), null, Context.NONE).getValue();
                for (AnalyzeSentimentResult r : results) {
                    int i = Integer.parseInt(r.getId());
                    if (r.isError()) {
                        errors[i] = describe("sentiment", r.getError());
                    } else {
                        sentiments[i] = sentiment(r.getDocumentSentiment());
                    }
                }
                return null;
            });
            inBatches(present, settings.entityBatch(), batch -> {
                RecognizeEntitiesResultCollection results = client.recognizeEntitiesBatchWithResponse(
                        documents(batch, docs, languages), null, Context.NONE).getValue();
                for (RecognizeEntitiesResult r : results) {
                    int i = Integer.parseInt(r.getId());
                    if (r.isError()) {
                        errors[i] = describe("entities", r.getError());
                    } else {
                        List<Entity> list = new ArrayList<>();
                        for (CategorizedEntity e : r.getEntities()) {
                            list.add(new Entity(e.getText(), e.getCategory().toString(), e.getOffset()));
                        }
                        entities.set(i, list);
                    }
                }
                return null;
            });
            inBatches(present, settings.keyPhraseBatch(), batch -> {
                ExtractKeyPhrasesResultCollection results = client.extractKeyPhrasesBatchWithResponse(
                        documents(batch, docs, languages), null, Context.NONE).getValue();
                for (ExtractKeyPhraseResult r : results) {
                    int i = Integer.parseInt(r.getId());
                    if (r.isError()) {
                        errors[i] = describe("key phrases", r.getError());
                    } else {
                        List<String> list = new ArrayList<>();
                        r.getKeyPhrases().forEach(list::add);
                        phrases.set(i, list);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            throw new TextAnalysisException("Azure Text Analytics request to " + settings.endpoint() + " failed: "
                    + e.getMessage(), e);
        }
        List<TextAnalysis> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (docs[i] == null) {
                out.add(TextAnalysis.skipped(ENGINE));
            } else if (errors[i] != null) {
                out.add(TextAnalysis.failed(ENGINE, errors[i]));
            } else {
                out.add(new TextAnalysis(TextAnalysis.Status.OK,
                        sentiments[i] == null ? Sentiment.NONE : sentiments[i],
                        languages[i] == null ? DetectedLanguage.UNDETERMINED : languages[i],
                        entities.get(i), phrases.get(i), ENGINE, null));
            }
        }
        return out;
    }

    private static List<TextDocumentInput> documents(List<Integer> batch, String[] docs, DetectedLanguage[] languages) {
        List<TextDocumentInput> input = new ArrayList<>(batch.size());
        for (int i : batch) {
            TextDocumentInput doc = new TextDocumentInput(Integer.toString(i), docs[i]);
            if (languages[i] != null && !languages[i].code().equals("und")) {
                doc.setLanguage(languages[i].code());
            }
            input.add(doc);
        }
        return input;
    }

    static Sentiment sentiment(DocumentSentiment document) {
        SentimentConfidenceScores scores = document.getConfidenceScores();
        double score = Math.round((scores.getPositive() - scores.getNegative()) * 10_000) / 10_000.0;
        SentimentLabel label = switch (document.getSentiment().toString().toLowerCase(Locale.ROOT)) {
            case "positive" -> SentimentLabel.POSITIVE;
            case "negative" -> SentimentLabel.NEGATIVE;
            case "mixed" -> SentimentLabel.MIXED;
            default -> SentimentLabel.NEUTRAL;
        };
        return new Sentiment(label, score);
    }

    private static String describe(String feature, TextAnalyticsError error) {
        return "Azure " + feature + " rejected the document: " + error.getErrorCode() + " " + error.getMessage();
    }

    private static void inBatches(List<Integer> indexes, int size, Function<List<Integer>, Void> call) {
        for (int from = 0; from < indexes.size(); from += size) {
            call.apply(indexes.subList(from, Math.min(indexes.size(), from + size)));
        }
    }

    @Override
    public String engine() {
        return ENGINE;
    }
}
