package dev.medallion.enrichment.offline;

import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.BuiltInLanguages;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import dev.medallion.enrichment.TextAnalysis.DetectedLanguage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Detects the language of a text: a {@link StopWordLanguageHint} answers first when the text's function words clearly
 * belong to one configured language; otherwise a character n-gram detector decides, among the languages the hint could
 * not rule out (typically two Romance languages) or among all configured ones when the hint had too little evidence.
 * The n-gram detector is optimaize language-detector 0.6 (Java, Apache 2.0; its profiles, generated from Wikipedia
 * text, ship in its jar, so nothing is downloaded at run time). It replaced Lingua (Kotlin, ~110 MB with its runtime):
 * in the side-by-side comparison ({@code benchmarks/smts/run.sh languages}) it was as accurate on the held-out set,
 * faster, and 4 MB instead of 109 MB (see enrichment/README.md). Its long-text algorithm samples n-grams with a
 * {@code Random} seeded anew on each call, so a text always gets the same answer and calls share no mutable state.
 */
public final class LanguageIdentifier {
    /** Languages loaded when none are configured: the ones our users' events are mostly written in. */
    public static final List<String> DEFAULT_LANGUAGES = List.of("en", "de", "fr", "es", "it", "pt", "nl");

    /**
     * Detection reads at most this many characters: the n-gram detector's cost grows with the text, and it is already
     * reliable from about 120 characters on, so reading a whole 300-character text buys little.
     */
    public static final int DEFAULT_MAX_CHARS = 120;

    /** ISO 639-1 codes with a built-in profile (optimaize names a few by region, e.g. zh-CN; those are not offered). */
    private static final Set<String> SUPPORTED = BuiltInLanguages.getLanguages().stream()
            .map(LdLocale::toString)
            .filter(code -> code.length() == 2)
            .collect(Collectors.toUnmodifiableSet());

    private final LanguageDetector detector;
    private final StopWordLanguageHint hint;
    private final String[] languages;
    private final boolean[] all;
    /** Too few letters to say anything useful: below this we answer "und". */
    private final int minLetters;
    private final int maxChars;

    /**
     * @param isoCodes ISO 639-1 codes to load (at least two)
     * @param maxChars longer texts are cut to their first {@code maxChars} characters before n-gram detection
     */
    public LanguageIdentifier(Collection<String> isoCodes, int maxChars) {
        this(isoCodes, maxChars, true);
    }

    /**
     * @param useHint false to send every text to the n-gram detector (benchmarks compare the two)
     */
    public LanguageIdentifier(Collection<String> isoCodes, int maxChars, boolean useHint) {
        if (isoCodes.size() < 2) {
            throw new IllegalArgumentException("language detection needs at least two languages, got " + isoCodes);
        }
        List<String> codes = new ArrayList<>();
        for (String code : isoCodes) {
            codes.add(parse(code));
        }
        this.languages = codes.toArray(new String[0]);
        this.all = new boolean[languages.length];
        Arrays.fill(all, true);
        try {
            // Profiles are read now, at configuration time, not while the first record waits.
            this.detector = LanguageDetectorBuilder.create(NgramExtractors.standard())
                    .withProfiles(new LanguageProfileReader().readBuiltIn(
                            codes.stream().map(LdLocale::fromString).toList()))
                    // All probabilities, not only those over 0.1: the best of a narrowed subset may be below that.
                    .probabilityThreshold(0)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the language profiles bundled with language-detector", e);
        }
        this.hint = useHint ? new StopWordLanguageHint(codes) : null;
        this.minLetters = 3;
        this.maxChars = maxChars;
    }

    public LanguageIdentifier() {
        this(DEFAULT_LANGUAGES, DEFAULT_MAX_CHARS);
    }

    /**
     * Fails fast, naming the bad code, when a configured language is not one the detector has a profile for.
     *
     * @return the code, trimmed and in lower case
     */
    public static String parse(String code) {
        String normalized = code.trim().toLowerCase(Locale.ROOT);
        if (!SUPPORTED.contains(normalized)) {
            throw new IllegalArgumentException("'" + code + "' is not an ISO 639-1 code of a language the offline"
                    + " engine supports (for example en, de, fr, es, it, pt, nl; all: " + supported() + ")");
        }
        return normalized;
    }

    /** The ISO 639-1 codes the offline engine can be configured with, sorted. */
    public static List<String> supported() {
        return SUPPORTED.stream().sorted().toList();
    }

    public DetectedLanguage detect(String text) {
        if (hint == null) {
            return detectWithNgrams(text);
        }
        StopWordLanguageHint.Evidence evidence = hint.weigh(text);
        StopWordLanguageHint.Decision decided = evidence.decision();
        if (decided != null) {
            return new DetectedLanguage(decided.code(), round(decided.confidence()));
        }
        return detectAmong(text, evidence.candidates() != null ? evidence.candidates() : all);
    }

    /** The n-gram detector alone over all configured languages, on the first {@code maxChars} characters. */
    public DetectedLanguage detectWithNgrams(String text) {
        return detectAmong(text, all);
    }

    private DetectedLanguage detectAmong(String text, boolean[] allowed) {
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
        // Probabilities over all configured languages, highest first; the best one still allowed wins. Its share of the
        // allowed languages' probability is the confidence, as if only those had been loaded.
        String best = null;
        double bestProbability = 0;
        double allowedTotal = 0;
        for (com.optimaize.langdetect.DetectedLanguage candidate : detector.getProbabilities(sample)) {
            int l = indexOf(candidate.getLocale().getLanguage());
            if (l < 0 || !allowed[l]) {
                continue;
            }
            allowedTotal += candidate.getProbability();
            if (candidate.getProbability() > bestProbability) {
                best = languages[l];
                bestProbability = candidate.getProbability();
            }
        }
        if (best == null) {
            return DetectedLanguage.UNDETERMINED;
        }
        return new DetectedLanguage(best, round(bestProbability / allowedTotal));
    }

    private int indexOf(String code) {
        for (int l = 0; l < languages.length; l++) {
            if (languages[l].equals(code)) {
                return l;
            }
        }
        return -1;
    }

    private static double round(double confidence) {
        return Math.round(confidence * 10_000) / 10_000.0;
    }
}
