package dev.medallion.enrichment.offline;

import dev.medallion.enrichment.TextAnalysis.Sentiment;
import dev.medallion.enrichment.TextAnalysis.SentimentLabel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Lexicon- and rule-based sentiment in the style of VADER (Hutto and Gilbert, 2014): each word's valence from a
 * lexicon, shifted by boosters ("very"), dampeners ("slightly"), negations within three words ("not good"), upper-case
 * emphasis, a contrastive "but" (the clause after it weighs more) and exclamation marks, summed and normalised to a
 * compound score in [-1, 1]. The rules are re-implemented here; the lexicon ({@code sentiment-lexicon.tsv}) is our
 * own, written for this project, so no third-party data licence applies.
 */
public final class SentimentScorer {
    private static final String LEXICON = "/dev/medallion/enrichment/sentiment-lexicon.tsv";
    private static final double BOOST = 0.293;
    private static final double CAPS_BOOST = 0.733;
    private static final double NEGATION = -0.74;
    private static final double ALPHA = 15.0;
    /** VADER's customary thresholds for labelling the compound score. */
    private static final double LABEL_THRESHOLD = 0.05;

    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nobody", "nothing", "neither",
            "nor", "nowhere", "cannot", "cant", "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "wont",
            "wouldnt", "shouldnt", "couldnt", "hasnt", "havent", "hadnt", "aint", "without", "barely", "hardly");
    private static final Map<String, Double> BOOSTERS = Map.ofEntries(
            Map.entry("very", BOOST), Map.entry("really", BOOST), Map.entry("extremely", BOOST),
            Map.entry("absolutely", BOOST), Map.entry("so", BOOST), Map.entry("totally", BOOST),
            Map.entry("incredibly", BOOST), Map.entry("super", BOOST), Map.entry("truly", BOOST),
            Map.entry("highly", BOOST), Map.entry("most", BOOST), Map.entry("completely", BOOST),
            Map.entry("utterly", BOOST), Map.entry("especially", BOOST), Map.entry("too", BOOST),
            Map.entry("quite", BOOST / 2), Map.entry("pretty", BOOST / 2),
            Map.entry("slightly", -BOOST), Map.entry("somewhat", -BOOST), Map.entry("barely", -BOOST),
            Map.entry("marginally", -BOOST), Map.entry("kinda", -BOOST), Map.entry("little", -BOOST),
            Map.entry("partly", -BOOST), Map.entry("occasionally", -BOOST));

    private static final Set<String> CONTRASTS = Set.of("but", "however", "although", "though");

    private final Map<String, Double> lexicon;
    /** Every word with a role (valence, booster, negation, contrast), looked up once per word of a text. */
    private final WordTable<Cue> cues;

    public SentimentScorer(Map<String, Double> lexicon) {
        this.lexicon = Map.copyOf(lexicon);
        Map<String, Cue> cues = new HashMap<>();
        Set<String> words = new HashSet<>(this.lexicon.keySet());
        words.addAll(BOOSTERS.keySet());
        words.addAll(NEGATIONS);
        words.addAll(CONTRASTS);
        for (String w : words) {
            cues.put(w, new Cue(this.lexicon.get(w), BOOSTERS.get(w), NEGATIONS.contains(w), CONTRASTS.contains(w)));
        }
        this.cues = new WordTable<>(cues);
    }

    /** A scorer over the bundled lexicon. */
    public static SentimentScorer withBundledLexicon() {
        return new SentimentScorer(loadLexicon());
    }

    public int lexiconSize() {
        return lexicon.size();
    }

    public Sentiment score(String text) {
        Words words = new Words(text, cues);
        int n = words.count;
        Cue[] cue = words.cues;
        boolean mixedCase = hasMixedCase(text);
        double[] valences = new double[n];
        int butIndex = -1;
        for (int i = 0; i < n; i++) {
            if (cue[i].contrast()) {
                butIndex = i;
                continue;
            }
            Double base = cue[i].valence();
            if (base == null || cue[i].boost() != null && i + 1 < n && cue[i + 1].valence() != null) {
                continue;
            }
            double v = base;
            if (mixedCase && words.upper[i]) {
                v += Math.signum(v) * CAPS_BOOST;
            }
            for (int back = 1; back <= 3 && i - back >= 0; back++) {
                Cue prev = cue[i - back];
                Double boost = prev.boost();
                if (boost != null) {
                    double scaled = boost * (1.0 - 0.05 * (back - 1));
                    if (mixedCase && words.upper[i - back]) {
                        scaled += Math.signum(boost) * CAPS_BOOST;
                    }
                    v += Math.signum(v) * scaled;
                }
                if (prev.negation()) {
                    v *= NEGATION;
                }
            }
            valences[i] = v;
        }
        if (butIndex >= 0) {
            for (int i = 0; i < n; i++) {
                valences[i] *= i < butIndex ? 0.5 : 1.5;
            }
        }
        double sum = 0;
        for (double v : valences) {
            sum += v;
        }
        if (sum != 0) {
            sum += Math.signum(sum) * punctuationEmphasis(text);
        }
        double compound = sum / Math.sqrt(sum * sum + ALPHA);
        compound = Math.max(-1.0, Math.min(1.0, compound));
        SentimentLabel label = compound >= LABEL_THRESHOLD ? SentimentLabel.POSITIVE
                : compound <= -LABEL_THRESHOLD ? SentimentLabel.NEGATIVE : SentimentLabel.NEUTRAL;
        return new Sentiment(label, Math.round(compound * 10_000) / 10_000.0);
    }

    private static double punctuationEmphasis(String text) {
        int bangs = 0;
        int questions = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '!') {
                bangs++;
            } else if (c == '?') {
                questions++;
            }
        }
        double emphasis = Math.min(bangs, 4) * 0.292;
        if (questions > 1) {
            emphasis += Math.min(questions * 0.18, 0.96);
        }
        return emphasis;
    }

    private static boolean hasMixedCase(String text) {
        boolean upper = false;
        boolean lower = false;
        for (int i = 0; i < text.length() && !(upper && lower); i++) {
            char c = text.charAt(i);
            upper |= Character.isUpperCase(c);
            lower |= Character.isLowerCase(c);
        }
        return upper && lower;
    }

    /** What a (lower-case) word does: its valence, its booster weight, whether it negates or contrasts; nulls if not. */
    private record Cue(Double valence, Double boost, boolean negation, boolean contrast) {
        static final Cue NONE = new Cue(null, null, false, false);
    }

    /**
     * The text's words as their cues, and whether each was written in capitals (two or more letters, none lower-case).
     * Words are runs of letters and digits; apostrophes inside a word are dropped, so "don't" becomes "dont". One pass
     * over the text, looking each lower-cased word up straight from the buffer: no String per word.
     */
    private static final class Words {
        Cue[] cues;
        boolean[] upper;
        int count;

        Words(String text, WordTable<Cue> table) {
            int capacity = text.length() / 4 + 4;
            cues = new Cue[capacity];
            upper = new boolean[capacity];
            char[] buffer = new char[32];
            int length = 0;
            boolean hasLowerCase = false;
            int n = text.length();
            for (int i = 0; i <= n; i++) {
                char c = i < n ? text.charAt(i) : ' ';
                if (Letters.isLetterOrDigit(c)) {
                    if (length == buffer.length) {
                        buffer = Arrays.copyOf(buffer, length * 2);
                    }
                    hasLowerCase |= Letters.isLowerCase(c);
                    buffer[length++] = Letters.toLowerCase(c);
                } else if ((c == '\'' || c == '\u2019') && length > 0) {
                    continue;
                } else if (length > 0) {
                    if (count == cues.length) {
                        cues = Arrays.copyOf(cues, count * 2);
                        upper = Arrays.copyOf(upper, count * 2);
                    }
                    Cue cue = table.get(buffer, length);
                    upper[count] = length >= 2 && !hasLowerCase;
                    cues[count++] = cue != null ? cue : Cue.NONE;
                    length = 0;
                    hasLowerCase = false;
                }
            }
        }
    }

    static Map<String, Double> loadLexicon() {
        Map<String, Double> lexicon = new HashMap<>();
        try (InputStream in = SentimentScorer.class.getResourceAsStream(LEXICON)) {
            if (in == null) {
                throw new IllegalStateException("sentiment lexicon " + LEXICON + " is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                lexicon.put(parts[0].trim().toLowerCase(Locale.ROOT), Double.parseDouble(parts[1].trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sentiment lexicon " + LEXICON, e);
        }
        return lexicon;
    }
}
