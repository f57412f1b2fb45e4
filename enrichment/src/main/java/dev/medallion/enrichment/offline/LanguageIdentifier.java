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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Detects the language of a text with Lingua (Apache 2.0, n-gram models bundled in its jar, so nothing is downloaded
 * at run time). Only the configured languages are loaded, in Lingua's low-accuracy mode (trigram models only), which
 * keeps memory to tens of megabytes and the cost per 300-character text to tens of microseconds. Lingua is still
 * most of the offline engine's cost, so a {@link StopWordLanguageHint} answers first when the text's function words
 * clearly belong to one configured language; Lingua only sees texts the hint abstains on, and then only the languages
 * the hint could not rule out (typically two or three Romance languages), through a detector per such subset. Lingua
 * keeps its models in static maps, so these extra detectors share the preloaded models and cost no memory.
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
    private final Language[] languages;
    /** Detectors over subsets of {@link #languages}, keyed by the subset's bit mask; at most 2^7 for the hint's 7. */
    private final Map<Long, LanguageDetector> subsetDetectors = new ConcurrentHashMap<>();
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
        this.languages = codes.stream().map(Language::getByIsoCode639_1).toArray(Language[]::new);
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
        if (hint == null) {
            return detectWithLingua(text);
        }
        StopWordLanguageHint.Evidence evidence = hint.weigh(text);
        StopWordLanguageHint.Decision decided = evidence.decision();
        if (decided != null) {
            return new DetectedLanguage(decided.code(), Math.round(decided.confidence() * 10_000) / 10_000.0);
        }
        if (evidence.candidates() != null) {
            return detectWith(subsetDetector(evidence.candidates()), text);
        }
        return detectWithLingua(text);
    }

    /** Lingua alone over all configured languages, on the first {@code maxChars} characters (public for comparisons). */
    public DetectedLanguage detectWithLingua(String text) {
        return detectWith(detector, text);
    }

    private LanguageDetector subsetDetector(boolean[] candidates) {
        long mask = 0;
        int count = 0;
        for (int l = 0; l < candidates.length; l++) {
            if (candidates[l]) {
                mask |= 1L << l;
                count++;
            }
        }
        if (count < 2 || count == languages.length) {
            // Lingua needs two languages; the hint only leaves candidates after a dominance tie, so this is defensive.
            return detector;
        }
        return subsetDetectors.computeIfAbsent(mask, m -> {
            List<Language> subset = new ArrayList<>();
            for (int l = 0; l < languages.length; l++) {
                if ((m & (1L << l)) != 0) {
                    subset.add(languages[l]);
                }
            }
            return LanguageDetectorBuilder.fromLanguages(subset.toArray(new Language[0])).withLowAccuracyMode().build();
        });
    }

    private DetectedLanguage detectWith(LanguageDetector detector, String text) {
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
