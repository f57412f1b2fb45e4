package dev.medallion.enrichment;

import java.util.List;
import java.util.Objects;

/**
 * The result of analysing one text. {@code status} says whether the fields can be trusted: {@code OK} (all present),
 * {@code SKIPPED} (no text to analyse) or {@code FAILED} ({@code error} says why; the other fields are empty).
 *
 * @param status     outcome
 * @param sentiment  sentiment label and score in [-1, 1]; {@link Sentiment#NONE} unless OK
 * @param language   detected language; {@link DetectedLanguage#UNDETERMINED} unless OK or undetectable
 * @param entities   named entities in order of appearance
 * @param keyPhrases key phrases, most important first
 * @param engine     the engine that produced this result ({@code offline}, {@code azure})
 * @param error      why the analysis failed, null unless FAILED
 */
public record TextAnalysis(Status status, Sentiment sentiment, DetectedLanguage language, List<Entity> entities,
                           List<String> keyPhrases, String engine, String error) {

    public TextAnalysis {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sentiment, "sentiment");
        Objects.requireNonNull(language, "language");
        entities = List.copyOf(entities);
        keyPhrases = List.copyOf(keyPhrases);
    }

    /** Outcome of an analysis. */
    public enum Status { OK, SKIPPED, FAILED }

    /** Sentiment label; MIXED only comes from engines that score sentences separately. */
    public enum SentimentLabel { POSITIVE, NEUTRAL, NEGATIVE, MIXED }

    /** Sentiment label plus a score in [-1, 1] (negative to positive). */
    public record Sentiment(SentimentLabel label, double score) {
        public static final Sentiment NONE = new Sentiment(SentimentLabel.NEUTRAL, 0.0);
    }

    /** ISO 639-1 language code ({@code und} when unknown) and confidence in [0, 1]. */
    public record DetectedLanguage(String code, double confidence) {
        public static final DetectedLanguage UNDETERMINED = new DetectedLanguage("und", 0.0);
    }

    /**
     * A named entity: its text, a category (Person, Location, Organization, Email, URL, PhoneNumber, DateTime,
     * Quantity, Other — Azure's names) and its character offset in the analysed text.
     */
    public record Entity(String text, String category, int offset) {
    }

    public boolean ok() {
        return status == Status.OK;
    }

    public static TextAnalysis skipped(String engine) {
        return new TextAnalysis(Status.SKIPPED, Sentiment.NONE, DetectedLanguage.UNDETERMINED, List.of(), List.of(),
                engine, null);
    }

    public static TextAnalysis failed(String engine, String error) {
        return new TextAnalysis(Status.FAILED, Sentiment.NONE, DetectedLanguage.UNDETERMINED, List.of(), List.of(),
                engine, error);
    }
}
