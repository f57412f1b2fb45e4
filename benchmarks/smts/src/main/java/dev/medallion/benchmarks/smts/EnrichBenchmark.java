package dev.medallion.benchmarks.smts;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import dev.medallion.enrichment.OfflineTextAnalyzer;
import dev.medallion.enrichment.TextAnalysis;
import dev.medallion.enrichment.offline.EntityExtractor;
import dev.medallion.enrichment.offline.KeyPhraseExtractor;
import dev.medallion.enrichment.offline.LanguageIdentifier;
import dev.medallion.enrichment.offline.SentimentScorer;
import dev.medallion.smt.enrich.Enrich;
import org.apache.kafka.connect.source.SourceRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * Enrich with the offline engine on ~300-character texts against a peer in the same run: language detection alone
 * (Lingua, the same 7 languages, low-accuracy mode) on the whole text, and on the 120-character prefix our engine
 * gives it when the stop-word hint abstains. Texts rotate through a set of 16 so caches do not flatter the figures. One thread = one core.
 */
@State(Scope.Thread)
public class EnrichBenchmark {
    static final String[] SENTENCES = {
        "The new checkout flow is really fast and the support team in London was friendly and helpful.",
        "Delivery from the Hamburg warehouse arrived two days late and the box was damaged on one side.",
        "I contacted Contoso Ltd twice about the refund but nobody answered my emails for a week.",
        "Overall I am satisfied with the product quality and would recommend the service to colleagues.",
        "The mobile app crashes whenever I open the settings page, which is frustrating and annoying.",
        "Our order for the Berlin office was processed on Monday and shipped with tracking the next day.",
        "Prices went up again this month, yet the menu stayed the same and portions got smaller.",
        "Dr. Maria Lopez from the Madrid clinic praised the new booking system for its simplicity.",
        "The hotel room was clean, quiet and comfortable, although breakfast was rather average.",
        "Customer support resolved the billing issue quickly and even added a small discount as a thank you.",
    };
    private static final int TEXTS = 16;

    private final List<String> texts = new ArrayList<>();
    private final List<SourceRecord> records = new ArrayList<>();
    private int next;
    private Enrich<SourceRecord> enrich;
    private OfflineTextAnalyzer analyzer;
    private OfflineTextAnalyzer analyzerLinguaOnly;
    private LanguageDetector lingua;
    private LanguageIdentifier identifier;
    private final SentimentScorer sentiment = SentimentScorer.withBundledLexicon();
    private final EntityExtractor entities = new EntityExtractor();
    private final KeyPhraseExtractor keyPhrases = new KeyPhraseExtractor(5);

    static List<String> texts(int count, int length) {
        List<String> out = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            StringBuilder sb = new StringBuilder();
            int i = t;
            while (sb.length() < length) {
                sb.append(SENTENCES[i++ % SENTENCES.length]).append(' ');
            }
            out.add(sb.substring(0, length).trim());
        }
        return out;
    }

    @Setup
    public void setUp() {
        texts.addAll(texts(TEXTS, 300));
        for (String text : texts) {
            records.add(new SourceRecord(Map.of("p", 0), Map.of("o", 1L), "events.raw", null, null,
                    Map.of("event_id", "evt-1", "text", text)));
        }
        enrich = new Enrich<>();
        enrich.configure(Map.of("text.field", "text"));
        analyzer = new OfflineTextAnalyzer();
        analyzerLinguaOnly = new OfflineTextAnalyzer(SentimentScorer.withBundledLexicon(),
                new LanguageIdentifier(LanguageIdentifier.DEFAULT_LANGUAGES, LanguageIdentifier.DEFAULT_MAX_CHARS, false),
                new EntityExtractor(), new KeyPhraseExtractor(5));
        identifier = new LanguageIdentifier();
        List<Language> languages = new ArrayList<>();
        for (String code : LanguageIdentifier.DEFAULT_LANGUAGES) {
            languages.add(Language.getByIsoCode639_1(IsoCode639_1.valueOf(code.toUpperCase(Locale.ROOT))));
        }
        lingua = LanguageDetectorBuilder.fromLanguages(languages.toArray(new Language[0])).withLowAccuracyMode()
                .withPreloadedLanguageModels().build();
    }

    @TearDown
    public void tearDown() {
        enrich.close();
    }

    private int nextIndex() {
        int i = next;
        next = (next + 1) % TEXTS;
        return i;
    }

    @Benchmark
    public SourceRecord enrichOffline() {
        return enrich.apply(records.get(nextIndex()));
    }

    @Benchmark
    public TextAnalysis analyzerOnly() {
        return analyzer.analyze(texts.get(nextIndex()));
    }

    /** The engine without the stop-word hint: the n-gram detector (optimaize since issue #14) decides every text. */
    @Benchmark
    public TextAnalysis analyzerLinguaOnly() {
        return analyzerLinguaOnly.analyze(texts.get(nextIndex()));
    }

    @Benchmark
    public TextAnalysis.Sentiment sentimentOnly() {
        return sentiment.score(texts.get(nextIndex()));
    }

    @Benchmark
    public List<TextAnalysis.Entity> entitiesOnly() {
        return entities.extract(texts.get(nextIndex()));
    }

    @Benchmark
    public List<String> keyPhrasesOnly() {
        return keyPhrases.extract(texts.get(nextIndex()));
    }

    @Benchmark
    public SortedMap<Language, Double> linguaWholeText() {
        return lingua.computeLanguageConfidenceValues(texts.get(nextIndex()));
    }

    @Benchmark
    public SortedMap<Language, Double> linguaAsConfigured() {
        String text = texts.get(nextIndex());
        return lingua.computeLanguageConfidenceValues(text.length() > 120 ? text.substring(0, 120) : text);
    }

    /** What the engine runs: the stop-word hint, the n-gram detector only when it abstains. */
    @Benchmark
    public TextAnalysis.DetectedLanguage languageWithHint() {
        return identifier.detect(texts.get(nextIndex()));
    }
}
