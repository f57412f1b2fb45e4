package dev.medallion.enrichment.offline;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import dev.medallion.enrichment.TextAnalysis.DetectedLanguage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * Detects the language of a text with Lingua (Apache 2.0, n-gram models bundled in its jar, so nothing is downloaded
 * at run time). Only the configured languages are loaded, in Lingua's low-accuracy mode (trigram models only), which
 * keeps memory to tens of megabytes and the cost per 300-character text to tens of microseconds. Lingua is still
 * most of the offline engine's cost, so a {@link StopWordLanguageHint} answers first when the text's function words
 * clearly belong to one configured language; Lingua only sees texts the hint abstains on.
 */
public final class LanguageIdentifier {
    /** Languages loaded when none are configured: the ones our users' events are mostly written in. */
    public static final List<String> DEFAULT_LANGUAGES = List.of("en", "de", "fr", "es", "it", "pt", "nl");

    /**
     * Detection reads at most this many characters: Lingua's cost grows with the text, and its low-accuracy mode is
     * already reliable from about 120 characters on, so reading a whole 300-character text buys little.
     */
    public static final int DEFAULT_MAX_CHARS = 120;

    private final LanguageDetector detector;
    private final StopWordLanguageHint hint;
    /** Lingua needs some text to say anything useful; below this we answer "und". */
    private final int minLetters;
    private final int maxChars;

    /**
     * @param isoCodes ISO 639-1 codes to load (at least two)
     * @param maxChars longer texts are cut to their first {@code maxChars} characters before detection
     */
    public LanguageIdentifier(Collection<String> isoCodes, int maxChars) {
        this(isoCodes, maxChars, true);
    }

    /**
     * @param useHint false to send every text to Lingua (the engine before the hint; benchmarks compare the two)
     */
    public LanguageIdentifier(Collection<String> isoCodes, int maxChars, boolean useHint) {
        if (isoCodes.size() < 2) {
            throw new IllegalArgumentException("language detection needs at least two languages, got " + isoCodes);
        }
        List<IsoCode639_1> codes = new ArrayList<>();
        for (String code : isoCodes) {
            codes.add(parse(code));
        }
        this.detector = LanguageDetectorBuilder.fromIsoCodes639_1(codes.toArray(new IsoCode639_1[0]))
                .withLowAccuracyMode()
                // Load the models now, at configuration time, not while the first record waits (seconds per language).
                .withPreloadedLanguageModels()
                .build();
        this.hint = useHint ? new StopWordLanguageHint(isoCodes) : null;
        this.minLetters = 3;
        this.maxChars = maxChars;
    }

    public LanguageIdentifier() {
        this(DEFAULT_LANGUAGES, DEFAULT_MAX_CHARS);
    }

    /** Fails fast, naming the bad code, when a configured language is not one Lingua knows. */
    public static IsoCode639_1 parse(String code) {
        String normalized = code.trim().toUpperCase(Locale.ROOT);
        try {
            IsoCode639_1 iso = IsoCode639_1.valueOf(normalized);
            if (Language.getByIsoCode639_1(iso) == Language.UNKNOWN) {
                throw new IllegalArgumentException(code);
            }
            return iso;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + code + "' is not an ISO 639-1 code of a language the offline"
                    + " engine supports (for example en, de, fr, es, it, pt, nl)", e);
        }
    }

    public DetectedLanguage detect(String text) {
        StopWordLanguageHint.Decision decided = hint == null ? null : hint.decide(text);
        if (decided != null) {
            return new DetectedLanguage(decided.code(), Math.round(decided.confidence() * 10_000) / 10_000.0);
        }
        return detectWithLingua(text);
    }

    /** Lingua alone, on the first {@code maxChars} characters (the fallback, public for comparisons). */
    public DetectedLanguage detectWithLingua(String text) {
        String sample = text.length() > maxChars ? text.substring(0, maxChars) : text;
        int letters = 0;
        for (int i = 0; i < sample.length() && letters < minLetters; i++) {
            if (Character.isLetter(sample.charAt(i))) {
                letters++;
            }
        }
        if (letters < minLetters) {
            return DetectedLanguage.UNDETERMINED;
        }
        SortedMap<Language, Double> confidences = detector.computeLanguageConfidenceValues(sample);
        Language best = Language.UNKNOWN;
        double bestConfidence = 0;
        for (Map.Entry<Language, Double> entry : confidences.entrySet()) {
            if (entry.getValue() > bestConfidence) {
                best = entry.getKey();
                bestConfidence = entry.getValue();
            }
        }
        if (best == Language.UNKNOWN) {
            return DetectedLanguage.UNDETERMINED;
        }
        return new DetectedLanguage(best.getIsoCode639_1().toString().toLowerCase(Locale.ROOT),
                Math.round(bestConfidence * 10_000) / 10_000.0);
    }
}
