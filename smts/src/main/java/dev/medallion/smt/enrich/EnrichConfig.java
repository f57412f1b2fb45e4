package dev.medallion.smt.enrich;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import dev.medallion.enrichment.AzureOpenAiSummarizer;
import dev.medallion.enrichment.AzureTextAnalyzer;
import dev.medallion.enrichment.CircuitBreaker;
import dev.medallion.enrichment.OfflineTextAnalyzer;
import dev.medallion.enrichment.ResilientTextAnalyzer;
import dev.medallion.enrichment.TextAnalyzer;
import dev.medallion.enrichment.TimeLimitedTextAnalyzer;
import dev.medallion.enrichment.offline.LanguageIdentifier;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Configuration of {@link Enrich}. */
public final class EnrichConfig extends AbstractConfig {
    public static final String TEXT_FIELD_CONFIG = "text.field";
    private static final String TEXT_FIELD_DOC = "Path of the string field to analyse (dotted for nested fields, e.g."
            + " 'payload.comment'). Records without it, or with a non-string value, pass with enrichment.status=skipped.";
    public static final String OUTPUT_FIELD_CONFIG = "output.field";
    private static final String OUTPUT_FIELD_DOC = "Top-level field that receives the results: status, engine,"
            + " sentiment, sentiment_score, language, language_confidence, entities [{text, category, offset}],"
            + " key_phrases, error. For Struct values an optional struct field is added to the schema.";
    public static final String OUTPUT_LAYOUT_CONFIG = "output.layout";
    public static final String LAYOUT_NESTED = "nested";
    public static final String LAYOUT_FLAT = "flat";
    private static final String OUTPUT_LAYOUT_DOC = "Where the results go. 'nested' (default): one field, output.field,"
            + " holding them. 'flat': top-level fields sentiment, sentiment_score, language, language_confidence,"
            + " entities, key_phrases, enrichment_status, enrichment_engine, enrichment_error (plus summary and"
            + " summary_error when summaries are configured), with the nested layout's values and types, optional in"
            + " Struct schemas and null where the analysis has none; output.field is ignored. A field of one of those"
            + " names the value already has is overwritten (a warning is logged once).";
    public static final String ENGINE_CONFIG = "engine";
    private static final String ENGINE_DOC = "'offline' (default: in-process, no network: lexicon sentiment,"
            + " function-word and character n-gram language detection, rule-based entities and key phrases) or 'azure'"
            + " (Azure AI Language; needs azure.endpoint and azure.key).";
    public static final String LANGUAGES_CONFIG = "offline.languages";
    private static final String LANGUAGES_DOC = "ISO 639-1 codes the offline language detector may answer (any of the"
            + " 67 with a profile in optimaize language-detector 0.6; an unknown code is rejected with the full list)."
            + " Restrict to the languages your texts use: each further language is one more way to be wrong.";
    public static final String LANGUAGE_MAX_CHARS_CONFIG = "offline.language.max.chars";
    private static final String LANGUAGE_MAX_CHARS_DOC = "Offline language detection reads at most this many leading"
            + " characters. Its cost grows with the text and it is reliable from about 120 characters on; raise it for"
            + " texts that start with names or codes, lower it for throughput.";
    public static final String TEXT_MAX_CHARS_CONFIG = "text.max.chars";
    private static final String TEXT_MAX_CHARS_DOC = "Only the first this many characters of the text are analysed"
            + " (every engine; Azure AI Language cuts at 5,120 anyway). The record keeps its whole text; a cut one gets"
            + " header enrichment.truncated ('<analysed> of <length> characters analysed'). Bounds the time and the"
            + " output (entities, key phrases) one record can cost.";
    public static final String RECORD_TIMEOUT_CONFIG = "record.timeout.ms";
    private static final String RECORD_TIMEOUT_DOC = "Longest time one record may wait for remote services: Azure AI"
            + " Language (all its requests and retries), then the summary in what is left. When it runs out the"
            + " analysis falls back as azure.fallback says, the summary is left out with the reason, and the slow call"
            + " counts as a failure towards the circuit breaker, so a slow service is bypassed like a failing one."
            + " Keep it well below the source's transaction timeout. The offline engine is not limited (it is linear"
            + " in text.max.chars).";
    public static final String KEY_PHRASES_CONFIG = "key.phrases.max";
    private static final String KEY_PHRASES_DOC = "Maximum number of key phrases per text (offline engine).";

    public static final String AZURE_ENDPOINT_CONFIG = "azure.endpoint";
    private static final String AZURE_ENDPOINT_DOC = "Azure AI Language endpoint, e.g."
            + " https://my-language.cognitiveservices.azure.com. Required when engine=azure.";
    public static final String AZURE_KEY_CONFIG = "azure.key";
    private static final String AZURE_KEY_DOC = "Azure AI Language key. Use a config provider (e.g."
            + " ${file:/secrets/azure.properties:key}); never logged.";
    public static final String AZURE_TRUSTSTORE_PATH_CONFIG = "azure.truststore.path";
    private static final String AZURE_TRUSTSTORE_PATH_DOC = "Truststore file (JKS or PKCS12) with the CA certificates"
            + " the Azure AI Language and Azure OpenAI (summary) clients trust, for private endpoints or"
            + " TLS-inspecting proxies whose certificate"
            + " the JVM does not trust. When set, only these certificates are trusted for that connection. Empty: the"
            + " JVM's default trust. The file must exist on every worker; it is read when the transform starts.";
    public static final String AZURE_TRUSTSTORE_TYPE_CONFIG = "azure.truststore.type";
    private static final String AZURE_TRUSTSTORE_TYPE_DOC = "Format of azure.truststore.path: JKS or PKCS12.";
    public static final String AZURE_TRUSTSTORE_PASSWORD_CONFIG = "azure.truststore.password";
    private static final String AZURE_TRUSTSTORE_PASSWORD_DOC = "Password of azure.truststore.path. Empty reads"
            + " unencrypted certificates (JKS) without checking the store's integrity; PKCS12 stores written with a"
            + " password need it. Use a config provider; never logged.";
    public static final String AZURE_FALLBACK_CONFIG = "azure.fallback";
    private static final String AZURE_FALLBACK_DOC = "While Azure fails or the circuit breaker is open: 'offline'"
            + " analyses with the offline engine, 'mark' passes the record with enrichment.status=failed and the reason."
            + " Records are never dropped.";
    public static final String AZURE_RETRIES_CONFIG = "azure.max.retries";
    private static final String AZURE_RETRIES_DOC = "Retries per request on throttling (429), 5xx and I/O errors, with"
            + " exponential back-off.";
    public static final String AZURE_RETRY_BACKOFF_CONFIG = "azure.retry.backoff.ms";
    private static final String AZURE_RETRY_BACKOFF_DOC = "Base delay of the exponential back-off between retries.";
    public static final String AZURE_TIMEOUT_CONFIG = "azure.timeout.ms";
    private static final String AZURE_TIMEOUT_DOC = "Response timeout per HTTP request; capped by record.timeout.ms.";
    public static final String BREAKER_FAILURES_CONFIG = "azure.circuit.failure.threshold";
    private static final String BREAKER_FAILURES_DOC = "Consecutive failed requests that open the circuit breaker.";
    public static final String BREAKER_OPEN_CONFIG = "azure.circuit.open.ms";
    private static final String BREAKER_OPEN_DOC = "How long the breaker stays open before one trial request.";

    public static final String OPENAI_ENDPOINT_CONFIG = "summary.azure.openai.endpoint";
    private static final String OPENAI_ENDPOINT_DOC = "Azure OpenAI endpoint (https://<resource>.openai.azure.com)."
            + " When set, texts of at least summary.min.chars characters get a 'summary' (optional engine).";
    public static final String OPENAI_KEY_CONFIG = "summary.azure.openai.key";
    private static final String OPENAI_KEY_DOC = "Azure OpenAI key; use a config provider. Never logged.";
    public static final String OPENAI_DEPLOYMENT_CONFIG = "summary.azure.openai.deployment";
    private static final String OPENAI_DEPLOYMENT_DOC = "Chat model deployment name, e.g. gpt-4o-mini.";
    public static final String SUMMARY_MIN_CHARS_CONFIG = "summary.min.chars";
    private static final String SUMMARY_MIN_CHARS_DOC = "Only texts at least this long are summarised.";
    public static final String SUMMARY_MAX_CHARS_CONFIG = "summary.max.chars";
    private static final String SUMMARY_MAX_CHARS_DOC = "Texts sent to Azure OpenAI are cut to this many characters:"
            + " a prompt beyond the deployment's context window is refused, and every token is billed. The default"
            + " (about 3,000 tokens) fits the smallest (4K-token) chat deployments.";
    public static final String SUMMARY_MAX_TOKENS_CONFIG = "summary.max.tokens";
    private static final String SUMMARY_MAX_TOKENS_DOC = "Upper bound on the summary length in tokens.";

    private static final String GROUP = "Enrichment";
    private static final String SUMMARY_GROUP = "Summary (Azure OpenAI, optional)";
    private static final String AZURE_GROUP = "Azure AI Language";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TEXT_FIELD_CONFIG, ConfigDef.Type.STRING, "text", new ConfigDef.NonEmptyStringWithoutControlChars(),
                    ConfigDef.Importance.HIGH, TEXT_FIELD_DOC, GROUP, 1, ConfigDef.Width.MEDIUM, "Text field")
            .define(OUTPUT_FIELD_CONFIG, ConfigDef.Type.STRING, "enrichment",
                    new ConfigDef.NonEmptyStringWithoutControlChars(), ConfigDef.Importance.MEDIUM, OUTPUT_FIELD_DOC,
                    GROUP, 2, ConfigDef.Width.MEDIUM, "Output field")
            .define(ENGINE_CONFIG, ConfigDef.Type.STRING, "offline",
                    ConfigDef.CaseInsensitiveValidString.in("offline", "azure"), ConfigDef.Importance.HIGH, ENGINE_DOC,
                    GROUP, 3, ConfigDef.Width.SHORT, "Engine")
            .define(LANGUAGES_CONFIG, ConfigDef.Type.LIST, LanguageIdentifier.DEFAULT_LANGUAGES, new LanguagesValidator(),
                    ConfigDef.Importance.LOW, LANGUAGES_DOC, GROUP, 4, ConfigDef.Width.MEDIUM, "Offline languages")
            .define(LANGUAGE_MAX_CHARS_CONFIG, ConfigDef.Type.INT, LanguageIdentifier.DEFAULT_MAX_CHARS,
                    ConfigDef.Range.between(20, 100_000), ConfigDef.Importance.LOW, LANGUAGE_MAX_CHARS_DOC, GROUP, 5,
                    ConfigDef.Width.SHORT, "Language sample length")
            .define(KEY_PHRASES_CONFIG, ConfigDef.Type.INT, 5, ConfigDef.Range.between(0, 50),
                    ConfigDef.Importance.LOW, KEY_PHRASES_DOC, GROUP, 6, ConfigDef.Width.SHORT, "Key phrases")
            .define(TEXT_MAX_CHARS_CONFIG, ConfigDef.Type.INT, 10_000, ConfigDef.Range.between(100, 10_000_000),
                    ConfigDef.Importance.MEDIUM, TEXT_MAX_CHARS_DOC, GROUP, 7, ConfigDef.Width.SHORT, "Text limit")
            .define(RECORD_TIMEOUT_CONFIG, ConfigDef.Type.LONG, 5_000L, ConfigDef.Range.between(100, 600_000),
                    ConfigDef.Importance.MEDIUM, RECORD_TIMEOUT_DOC, GROUP, 8, ConfigDef.Width.SHORT, "Record timeout")
            .define(OUTPUT_LAYOUT_CONFIG, ConfigDef.Type.STRING, LAYOUT_NESTED,
                    ConfigDef.ValidString.in(LAYOUT_NESTED, LAYOUT_FLAT), ConfigDef.Importance.MEDIUM,
                    OUTPUT_LAYOUT_DOC, GROUP, 9, ConfigDef.Width.SHORT, "Output layout")
            .define(AZURE_ENDPOINT_CONFIG, ConfigDef.Type.STRING, "", new HttpsUrlValidator(), ConfigDef.Importance.HIGH,
                    AZURE_ENDPOINT_DOC, AZURE_GROUP, 1, ConfigDef.Width.LONG, "Endpoint")
            .define(AZURE_KEY_CONFIG, ConfigDef.Type.PASSWORD, "", ConfigDef.Importance.HIGH, AZURE_KEY_DOC,
                    AZURE_GROUP, 2, ConfigDef.Width.MEDIUM, "Key")
            .define(AZURE_FALLBACK_CONFIG, ConfigDef.Type.STRING, "offline",
                    ConfigDef.CaseInsensitiveValidString.in("offline", "mark"), ConfigDef.Importance.MEDIUM,
                    AZURE_FALLBACK_DOC, AZURE_GROUP, 3, ConfigDef.Width.SHORT, "Fallback")
            .define(AZURE_RETRIES_CONFIG, ConfigDef.Type.INT, 3, ConfigDef.Range.between(0, 10),
                    ConfigDef.Importance.LOW, AZURE_RETRIES_DOC, AZURE_GROUP, 4, ConfigDef.Width.SHORT, "Max retries")
            .define(AZURE_RETRY_BACKOFF_CONFIG, ConfigDef.Type.LONG, 800L, ConfigDef.Range.between(1, 60_000),
                    ConfigDef.Importance.LOW, AZURE_RETRY_BACKOFF_DOC, AZURE_GROUP, 5, ConfigDef.Width.SHORT, "Retry back-off")
            .define(AZURE_TIMEOUT_CONFIG, ConfigDef.Type.LONG, 30_000L, ConfigDef.Range.between(100, 600_000),
                    ConfigDef.Importance.LOW, AZURE_TIMEOUT_DOC, AZURE_GROUP, 6, ConfigDef.Width.SHORT, "Timeout")
            .define(BREAKER_FAILURES_CONFIG, ConfigDef.Type.INT, 5, ConfigDef.Range.between(1, 1000),
                    ConfigDef.Importance.LOW, BREAKER_FAILURES_DOC, AZURE_GROUP, 7, ConfigDef.Width.SHORT, "Breaker threshold")
            .define(BREAKER_OPEN_CONFIG, ConfigDef.Type.LONG, 30_000L, ConfigDef.Range.between(100, 3_600_000),
                    ConfigDef.Importance.LOW, BREAKER_OPEN_DOC, AZURE_GROUP, 8, ConfigDef.Width.SHORT, "Breaker open time")
            .define(AZURE_TRUSTSTORE_PATH_CONFIG, ConfigDef.Type.STRING, "", ConfigDef.Importance.MEDIUM,
                    AZURE_TRUSTSTORE_PATH_DOC, AZURE_GROUP, 9, ConfigDef.Width.LONG, "Truststore")
            .define(AZURE_TRUSTSTORE_TYPE_CONFIG, ConfigDef.Type.STRING, "PKCS12",
                    ConfigDef.CaseInsensitiveValidString.in("JKS", "PKCS12"), ConfigDef.Importance.LOW,
                    AZURE_TRUSTSTORE_TYPE_DOC, AZURE_GROUP, 10, ConfigDef.Width.SHORT, "Truststore type")
            .define(AZURE_TRUSTSTORE_PASSWORD_CONFIG, ConfigDef.Type.PASSWORD, "", ConfigDef.Importance.MEDIUM,
                    AZURE_TRUSTSTORE_PASSWORD_DOC, AZURE_GROUP, 11, ConfigDef.Width.MEDIUM, "Truststore password")
            .define(OPENAI_ENDPOINT_CONFIG, ConfigDef.Type.STRING, "", new HttpsUrlValidator(), ConfigDef.Importance.MEDIUM,
                    OPENAI_ENDPOINT_DOC, SUMMARY_GROUP, 1, ConfigDef.Width.LONG, "Endpoint")
            .define(OPENAI_KEY_CONFIG, ConfigDef.Type.PASSWORD, "", ConfigDef.Importance.MEDIUM, OPENAI_KEY_DOC,
                    SUMMARY_GROUP, 2, ConfigDef.Width.MEDIUM, "Key")
            .define(OPENAI_DEPLOYMENT_CONFIG, ConfigDef.Type.STRING, "", ConfigDef.Importance.MEDIUM,
                    OPENAI_DEPLOYMENT_DOC, SUMMARY_GROUP, 3, ConfigDef.Width.MEDIUM, "Deployment")
            .define(SUMMARY_MIN_CHARS_CONFIG, ConfigDef.Type.INT, 1000, ConfigDef.Range.atLeast(1),
                    ConfigDef.Importance.LOW, SUMMARY_MIN_CHARS_DOC, SUMMARY_GROUP, 4, ConfigDef.Width.SHORT, "Minimum length")
            .define(SUMMARY_MAX_TOKENS_CONFIG, ConfigDef.Type.INT, 120, ConfigDef.Range.between(8, 4000),
                    ConfigDef.Importance.LOW, SUMMARY_MAX_TOKENS_DOC, SUMMARY_GROUP, 5, ConfigDef.Width.SHORT, "Max tokens")
            .define(SUMMARY_MAX_CHARS_CONFIG, ConfigDef.Type.INT, AzureOpenAiSummarizer.Settings.DEFAULT_MAX_INPUT_CHARS,
                    ConfigDef.Range.between(100, 1_000_000), ConfigDef.Importance.LOW, SUMMARY_MAX_CHARS_DOC,
                    SUMMARY_GROUP, 6, ConfigDef.Width.SHORT, "Max input");

    /**
     * Remote calls that may still be running at once, abandoned ones (past record.timeout.ms) included; beyond that a
     * record does not call at all and falls back at once, so a hung service cannot pile up threads.
     */
    static final int MAX_PENDING_REMOTE_CALLS = 4;

    /** Null for the JVM's default trust. */
    private final SSLContext azureSslContext;

    public EnrichConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        if (summaryEnabled() && (getPassword(OPENAI_KEY_CONFIG).value().isBlank()
                || getString(OPENAI_DEPLOYMENT_CONFIG).isBlank())) {
            throw new ConfigException(OPENAI_ENDPOINT_CONFIG, getString(OPENAI_ENDPOINT_CONFIG), "summaries need "
                    + OPENAI_KEY_CONFIG + " and " + OPENAI_DEPLOYMENT_CONFIG + " as well; set both, or clear the endpoint");
        }
        if (azure() && (getString(AZURE_ENDPOINT_CONFIG).isBlank() || getPassword(AZURE_KEY_CONFIG).value().isBlank())) {
            throw new ConfigException(ENGINE_CONFIG, "azure", "engine=azure needs " + AZURE_ENDPOINT_CONFIG + " and "
                    + AZURE_KEY_CONFIG + "; set both, or use engine=offline");
        }
        String trustStore = getString(AZURE_TRUSTSTORE_PATH_CONFIG);
        azureSslContext = (azure() || summaryEnabled()) && !trustStore.isBlank()
                ? AzureTrustStore.sslContext(trustStore, getString(AZURE_TRUSTSTORE_TYPE_CONFIG).toUpperCase(Locale.ROOT),
                        getPassword(AZURE_TRUSTSTORE_PASSWORD_CONFIG))
                : null;
    }

    public boolean summaryEnabled() {
        return !getString(OPENAI_ENDPOINT_CONFIG).isBlank();
    }

    public AzureOpenAiSummarizer.Settings summarySettings() {
        AzureOpenAiSummarizer.Settings s = AzureOpenAiSummarizer.Settings.of(getString(OPENAI_ENDPOINT_CONFIG),
                getPassword(OPENAI_KEY_CONFIG).value(), getString(OPENAI_DEPLOYMENT_CONFIG));
        return new AzureOpenAiSummarizer.Settings(s.endpoint(), s.key(), s.deployment(), s.apiVersion(),
                getInt(SUMMARY_MAX_TOKENS_CONFIG), getInt(AZURE_RETRIES_CONFIG),
                Duration.ofMillis(getLong(AZURE_RETRY_BACKOFF_CONFIG)), httpTimeout(), getInt(SUMMARY_MAX_CHARS_CONFIG));
    }

    /** The optional summary engine, trusting azure.truststore.* like the Azure AI Language client. */
    public AzureOpenAiSummarizer summarizer() {
        AzureOpenAiSummarizer.Settings settings = summarySettings();
        return new AzureOpenAiSummarizer(settings, azureJdkClient().connectTimeout(settings.timeout()).build());
    }

    public int textMaxChars() {
        return getInt(TEXT_MAX_CHARS_CONFIG);
    }

    public Duration recordTimeout() {
        return Duration.ofMillis(getLong(RECORD_TIMEOUT_CONFIG));
    }

    /** No single HTTP request may outlast the record's budget: an abandoned call then frees its thread soon. */
    private Duration httpTimeout() {
        return Duration.ofMillis(Math.min(getLong(AZURE_TIMEOUT_CONFIG), getLong(RECORD_TIMEOUT_CONFIG)));
    }

    public int summaryMinChars() {
        return getInt(SUMMARY_MIN_CHARS_CONFIG);
    }

    public CircuitBreaker breaker() {
        return new CircuitBreaker(getInt(BREAKER_FAILURES_CONFIG), Duration.ofMillis(getLong(BREAKER_OPEN_CONFIG)));
    }

    public String textField() {
        return getString(TEXT_FIELD_CONFIG);
    }

    public String outputField() {
        return getString(OUTPUT_FIELD_CONFIG);
    }

    public boolean flatLayout() {
        return getString(OUTPUT_LAYOUT_CONFIG).equals(LAYOUT_FLAT);
    }

    public boolean azure() {
        return getString(ENGINE_CONFIG).toLowerCase(Locale.ROOT).equals("azure");
    }

    public OfflineTextAnalyzer offlineAnalyzer() {
        return new OfflineTextAnalyzer(getList(LANGUAGES_CONFIG), getInt(KEY_PHRASES_CONFIG),
                getInt(LANGUAGE_MAX_CHARS_CONFIG));
    }

    public AzureTextAnalyzer.Settings azureSettings() {
        Password key = getPassword(AZURE_KEY_CONFIG);
        return AzureTextAnalyzer.Settings.of(getString(AZURE_ENDPOINT_CONFIG), key.value())
                .withRetries(getInt(AZURE_RETRIES_CONFIG), Duration.ofMillis(getLong(AZURE_RETRY_BACKOFF_CONFIG)));
    }

    /** The configured engine, the Azure one wrapped in its circuit breaker and fallback. */
    public TextAnalyzer analyzer() {
        if (!azure()) {
            return offlineAnalyzer();
        }
        AzureTextAnalyzer.Settings s = azureSettings();
        AzureTextAnalyzer.Settings settings = new AzureTextAnalyzer.Settings(s.endpoint(), s.key(), s.languageBatch(),
                s.sentimentBatch(), s.keyPhraseBatch(), s.entityBatch(), s.maxRetries(), s.retryDelay(), httpTimeout());
        return resilient(new AzureTextAnalyzer(settings, azureHttpClient(settings.timeout())));
    }

    private HttpClient azureHttpClient(Duration timeout) {
        return new JdkHttpClientBuilder(azureJdkClient()).responseTimeout(timeout).build();
    }

    /** A JDK HTTP client builder for the Azure endpoints, trusting azure.truststore.* when it is set. */
    private java.net.http.HttpClient.Builder azureJdkClient() {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
        if (azureSslContext != null) {
            jdk.sslContext(azureSslContext);
        }
        return jdk;
    }

    /**
     * Wraps a remote engine in the record time limit, the configured breaker and the fallback (public for tests with
     * their own transport).
     */
    public TextAnalyzer resilient(TextAnalyzer remote) {
        boolean offlineFallback = getString(AZURE_FALLBACK_CONFIG).toLowerCase(Locale.ROOT).equals("offline");
        TextAnalyzer limited = new TimeLimitedTextAnalyzer(remote, recordTimeout(), MAX_PENDING_REMOTE_CALLS);
        return new ResilientTextAnalyzer(limited, offlineFallback ? offlineAnalyzer() : null,
                new CircuitBreaker(getInt(BREAKER_FAILURES_CONFIG), Duration.ofMillis(getLong(BREAKER_OPEN_CONFIG))));
    }

    static final class LanguagesValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            List<?> codes = (List<?>) value;
            if (codes == null || codes.size() < 2) {
                throw new ConfigException(name, value, "give at least two ISO 639-1 codes, e.g. en,de");
            }
            for (Object code : codes) {
                try {
                    LanguageIdentifier.parse(String.valueOf(code));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }
        }

        @Override
        public String toString() {
            return "two or more ISO 639-1 codes";
        }
    }

    static final class HttpsUrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String s = value == null ? "" : value.toString();
            if (!s.isEmpty() && !s.startsWith("https://")) {
                throw new ConfigException(name, value, "must be an https:// URL (the Azure SDK sends keys over HTTPS only)");
            }
        }

        @Override
        public String toString() {
            return "empty or an https:// URL";
        }
    }
}
