package dev.medallion.enrichment.offline;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cheap first opinion on a text's language, so that the n-gram detector (the costlier step) only runs when
 * the text is not clearly one language, and then only over the languages the text's function words leave open. Each
 * configured language has a list of its most frequent function words ({@code function-words.tsv}, written from general
 * knowledge of the languages, not fitted to any labelled text). A word in the lists of k configured languages counts
 * 1/k for each of them, so shared words ("de", "la", "a") add little and unique ones ("the", "und", "não") a full
 * point. The hint decides when one language scores at least {@link #MIN_SCORE} and at least {@link #DOMINANCE} times
 * any other; otherwise it abstains and, when the text had enough evidence, names the candidates that are not ruled
 * out (scoring at least 1/{@link #DOMINANCE} of the best). When any configured language has no list it never decides,
 * because a text in that language could hit another language's words by chance.
 */
public final class StopWordLanguageHint {
    /** A decision needs this much function-word evidence for the winning language. */
    public static final double MIN_SCORE = 3.0;
    /** ... and this many times the score of any other configured language. */
    public static final double DOMINANCE = 3.0;

    static final String WORDS_RESOURCE = "/dev/medallion/enrichment/function-words.tsv";
    private static final Map<String, List<String>> WORDS = WordLists.read(WORDS_RESOURCE);

    /** Word → weight per configured language (1/k for each of the k languages listing it, else 0). */
    private final WordTable<float[]> index;
    private final String[] languages;
    private final boolean enabled;
    private final int maxWordLength;

    /** @param isoCodes the configured languages (ISO 639-1, lower or upper case) */
    public StopWordLanguageHint(Collection<String> isoCodes) {
        this.languages = new String[isoCodes.size()];
        boolean all = true;
        int i = 0;
        Map<String, boolean[]> owners = new HashMap<>();
        for (String code : isoCodes) {
            String lang = code.trim().toLowerCase(Locale.ROOT);
            languages[i] = lang;
            List<String> words = WORDS.get(lang);
            if (words == null) {
                all = false;
            } else {
                for (String w : words) {
                    owners.computeIfAbsent(w, k -> new boolean[isoCodes.size()])[i] = true;
                }
            }
            i++;
        }
        int longest = 0;
        Map<String, float[]> index = new HashMap<>();
        for (Map.Entry<String, boolean[]> e : owners.entrySet()) {
            int k = 0;
            for (boolean owns : e.getValue()) {
                k += owns ? 1 : 0;
            }
            float[] weights = new float[languages.length];
            for (int l = 0; l < weights.length; l++) {
                weights[l] = e.getValue()[l] ? 1f / k : 0f;
            }
            index.put(e.getKey(), weights);
            longest = Math.max(longest, e.getKey().length());
        }
        this.index = new WordTable<>(index);
        this.enabled = all;
        this.maxWordLength = longest;
    }

    /** The languages that have a function-word list. */
    public static Collection<String> knownLanguages() {
        return WORDS.keySet();
    }

    /** Whether this hint can ever decide (all configured languages have a word list). */
    public boolean enabled() {
        return enabled;
    }

    /**
     * @return the decided language and a confidence (winner's score / (winner's + runner-up's)), or null to abstain
     */
    public Decision decide(String text) {
        return weigh(text).decision();
    }

    /** Scores the text's function words per configured language and decides, or says which languages remain. */
    public Evidence weigh(String text) {
        if (!enabled) {
            return Evidence.NONE;
        }
        float[] scores = new float[languages.length];
        char[] word = new char[maxWordLength];
        int length = 0;
        boolean tooLong = false;
        int n = text.length();
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : ' ';
            if (Letters.isLetter(c)) {
                if (length < maxWordLength) {
                    word[length++] = Letters.toLowerCase(c);
                } else {
                    tooLong = true;
                }
            } else if (length > 0 || tooLong) {
                if (!tooLong) {
                    float[] weights = index.get(word, length);
                    if (weights != null) {
                        for (int l = 0; l < scores.length; l++) {
                            scores[l] += weights[l];
                        }
                    }
                }
                length = 0;
                tooLong = false;
            }
        }
        int best = -1;
        double bestScore = 0;
        double secondScore = 0;
        for (int l = 0; l < scores.length; l++) {
            if (scores[l] > bestScore) {
                secondScore = bestScore;
                bestScore = scores[l];
                best = l;
            } else if (scores[l] > secondScore) {
                secondScore = scores[l];
            }
        }
        if (bestScore < MIN_SCORE) {
            // Too little evidence to rule any language out (short texts, names, codes): the n-gram detector weighs them all.
            return Evidence.NONE;
        }
        if (bestScore >= DOMINANCE * secondScore) {
            return new Evidence(new Decision(languages[best], bestScore / (bestScore + secondScore)), null);
        }
        // The same criterion that lets a language win rules out the ones it dominates; the rest go to the n-gram detector.
        boolean[] open = new boolean[scores.length];
        for (int l = 0; l < scores.length; l++) {
            open[l] = scores[l] * DOMINANCE >= bestScore;
        }
        return new Evidence(null, open);
    }

    /** A decided language and how dominant its function words were. */
    public record Decision(String code, double confidence) {
    }

    /**
     * Either a decision, or the configured languages (by position) not ruled out, or neither (no useful evidence).
     *
     * @param decision   the decided language, or null
     * @param candidates for an undecided text with enough evidence, true for each language still in question
     */
    public record Evidence(Decision decision, boolean[] candidates) {
        static final Evidence NONE = new Evidence(null, null);
    }
}
