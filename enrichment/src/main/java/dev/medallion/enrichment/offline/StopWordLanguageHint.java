package dev.medallion.enrichment.offline;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cheap first opinion on a text's language, so that Lingua (about 80 % of the offline engine's cost) only runs when
 * the text is not clearly one language. It counts function words that belong to exactly one of the configured
 * languages (words shared by two of them, such as "de", "en", "que", "una", are left out of every list) and decides
 * only when one language has at least {@link #MIN_HITS} hits and at least {@link #DOMINANCE} times as many as the
 * runner-up; otherwise it abstains. It only knows the seven default languages: when any configured language has no
 * list, it always abstains, because a text in that language could hit another language's words by chance.
 */
public final class StopWordLanguageHint {
    /** A decision needs this many distinctive function words of the winning language. */
    public static final int MIN_HITS = 3;
    /** ... and this many times the hits of any other configured language. */
    public static final int DOMINANCE = 3;

    /** Function words unique to one language among en, de, fr, es, it, pt, nl (cross-language homographs removed). */
    private static final Map<String, List<String>> WORDS = Map.of(
            "en", List.of("the", "and", "of", "to", "are", "were", "with", "for", "that", "this", "have", "has",
                    "you", "your", "our", "it", "be", "not", "at", "by", "from", "would", "they", "their",
                    "which", "been", "but", "my", "can", "after", "before", "about", "should", "there", "what"),
            "de", List.of("der", "das", "und", "ist", "nicht", "ein", "eine", "einen", "mit", "für", "auf",
                    "sich", "dem", "den", "wir", "sie", "ich", "zu", "von", "werden", "wird", "auch", "bei", "nach",
                    "noch", "oder", "aber", "wurde", "haben", "im", "zum", "zur", "uns", "unsere", "bitte", "kann",
                    "ihre", "ihr", "wenn", "sind",
                    "meine", "mein", "einer", "eines", "wegen", "unser", "unserer", "hatte", "hat", "ihnen", "über",
                    "schon", "nur", "dass", "vom", "beim"),
            "fr", List.of("les", "et", "est", "une", "pour", "dans", "qui", "sur", "pas", "avec", "nous",
                    "vous", "au", "aux", "ce", "cette", "sont", "par", "mais", "ont", "leur", "votre",
                    "notre", "très", "elle", "des", "été", "avons", "êtes", "était",
                    "d", "toutes", "tous", "leurs", "ses", "sa", "ils", "chez", "près"),
            "es", List.of("el", "los", "las", "y", "muy", "fue", "hay", "ya", "también", "cuando", "nuestro",
                    "nuestra", "sus", "pero", "más", "están", "tiene", "han", "usted", "hemos", "esto", "estos",
                    "mis", "nuestros", "unos", "unas"),
            "it", List.of("di", "che", "della", "delle", "dei", "degli", "nel", "nella", "sono", "non", "gli",
                    "anche", "questo", "questa", "più", "alla", "alle", "è", "stato", "sul", "molto", "ci", "ho",
                    "abbiamo", "dopo", "tutti", "loro", "essere", "stata", "siamo",
                    "dell", "nostro", "vostro", "tutte", "ai", "nello", "alcuni", "sia"),
            "pt", List.of("os", "não", "em", "uma", "com", "ao", "foi", "são", "muito", "seu", "também",
                    "pelo", "pela", "você", "nós", "isso", "é", "às", "mesmo", "nossa", "nosso", "estão",
                    "minhas", "minha", "meu", "meus", "aos", "num", "numa", "alguns", "algumas"),
            "nl", List.of("het", "een", "van", "niet", "dat", "zijn", "op", "voor", "om", "ook", "maar", "bij", "naar",
                    "worden", "wordt", "deze", "heeft", "hebben", "werd", "uw", "onze", "ze", "wij", "nog", "geen",
                    "kunnen", "graag", "moet",
                    "mijn", "sommige", "hun", "jullie", "wat"));

    /** Word → index of its language in {@link #languages}. */
    private final Map<String, Integer> index = new HashMap<>();
    private final String[] languages;
    private final boolean enabled;
    private final int maxWordLength;

    /** @param isoCodes the configured languages (ISO 639-1, lower or upper case) */
    public StopWordLanguageHint(Collection<String> isoCodes) {
        this.languages = new String[isoCodes.size()];
        boolean all = true;
        int longest = 0;
        int i = 0;
        for (String code : isoCodes) {
            String lang = code.trim().toLowerCase(Locale.ROOT);
            languages[i] = lang;
            List<String> words = WORDS.get(lang);
            if (words == null) {
                all = false;
            } else {
                for (String w : words) {
                    index.put(w, i);
                    longest = Math.max(longest, w.length());
                }
            }
            i++;
        }
        this.enabled = all;
        this.maxWordLength = longest;
    }

    /** Whether this hint can ever decide (all configured languages have a word list). */
    public boolean enabled() {
        return enabled;
    }

    /**
     * @return the decided language and a confidence (winner's hits / (winner's + runner-up's hits)), or null to abstain
     */
    public Decision decide(String text) {
        if (!enabled) {
            return null;
        }
        int[] hits = new int[languages.length];
        char[] word = new char[maxWordLength];
        int length = 0;
        boolean tooLong = false;
        int n = text.length();
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : ' ';
            if (Character.isLetter(c)) {
                if (length < maxWordLength) {
                    word[length++] = Character.toLowerCase(c);
                } else {
                    tooLong = true;
                }
            } else if (length > 0 || tooLong) {
                if (!tooLong) {
                    Integer lang = index.get(new String(word, 0, length));
                    if (lang != null) {
                        hits[lang]++;
                    }
                }
                length = 0;
                tooLong = false;
            }
        }
        int best = -1;
        int bestHits = 0;
        int secondHits = 0;
        for (int l = 0; l < hits.length; l++) {
            if (hits[l] > bestHits) {
                secondHits = bestHits;
                bestHits = hits[l];
                best = l;
            } else if (hits[l] > secondHits) {
                secondHits = hits[l];
            }
        }
        if (bestHits < MIN_HITS || bestHits < DOMINANCE * secondHits) {
            return null;
        }
        return new Decision(languages[best], (double) bestHits / (bestHits + secondHits));
    }

    /** A decided language and how dominant its function words were. */
    public record Decision(String code, double confidence) {
    }
}
