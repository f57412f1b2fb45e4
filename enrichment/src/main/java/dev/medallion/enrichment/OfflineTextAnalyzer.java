package dev.medallion.enrichment;

import dev.medallion.enrichment.offline.EntityExtractor;
import dev.medallion.enrichment.offline.KeyPhraseExtractor;
import dev.medallion.enrichment.offline.LanguageIdentifier;
import dev.medallion.enrichment.offline.SentimentScorer;

import java.util.Collection;

/**
 * The default engine: everything runs in-process from resources in the jar, with no network and no downloads, so it
 * is deterministic and costs microseconds per text. Sentiment is lexicon/rule based (VADER style), language comes from
 * a function-word hint and a character n-gram detector (optimaize) restricted to a configured set of languages, entities and key phrases from rules (see the offline package).
 * Key phrases use the detected language's stop words; sentiment and entities are tuned for English.
 */
public final class OfflineTextAnalyzer implements TextAnalyzer {
    public static final String ENGINE = "offline";

    private final SentimentScorer sentiment;
    private final LanguageIdentifier language;
    private final EntityExtractor entities;
    private final KeyPhraseExtractor keyPhrases;

    public OfflineTextAnalyzer(SentimentScorer sentiment, LanguageIdentifier language, EntityExtractor entities,
                               KeyPhraseExtractor keyPhrases) {
        this.sentiment = sentiment;
        this.language = language;
        this.entities = entities;
        this.keyPhrases = keyPhrases;
    }

    /** Default languages (see {@link LanguageIdentifier#DEFAULT_LANGUAGES}) and five key phrases. */
    public OfflineTextAnalyzer() {
        this(LanguageIdentifier.DEFAULT_LANGUAGES, 5);
    }

    /**
     * @param languages     ISO 639-1 codes the language detector may answer
     * @param maxKeyPhrases how many key phrases to return at most
     */
    public OfflineTextAnalyzer(Collection<String> languages, int maxKeyPhrases) {
        this(languages, maxKeyPhrases, LanguageIdentifier.DEFAULT_MAX_CHARS);
    }

    /**
     * @param languageMaxChars language detection reads at most this many leading characters (cost grows with it)
     */
    public OfflineTextAnalyzer(Collection<String> languages, int maxKeyPhrases, int languageMaxChars) {
        this(SentimentScorer.withBundledLexicon(), new LanguageIdentifier(languages, languageMaxChars),
                new EntityExtractor(), new KeyPhraseExtractor(maxKeyPhrases));
    }

    @Override
    public TextAnalysis analyze(String text) {
        if (text == null || text.isBlank()) {
            return TextAnalysis.skipped(ENGINE);
        }
        // Language first: key phrases are cut at the detected language's stop words.
        TextAnalysis.DetectedLanguage detected = language.detect(text);
        return new TextAnalysis(TextAnalysis.Status.OK, sentiment.score(text), detected, entities.extract(text),
                keyPhrases.extract(text, detected.code()), ENGINE, null);
    }

    @Override
    public String engine() {
        return ENGINE;
    }
}
