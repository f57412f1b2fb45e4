package dev.medallion.enrichment.offline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Key phrases by RAKE (Rose et al., 2010): candidate phrases are runs of words between stop words and punctuation;
 * each word scores degree/frequency over the candidates, a phrase scores the sum of its words, and the best few are
 * returned. Works for any language given its stop words; the built-in list is English, other texts get cruder phrases.
 */
public final class KeyPhraseExtractor {
    private static final Set<String> STOP_WORDS = Set.of(
            "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
            "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
            "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
            "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
            "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor",
            "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out",
            "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs",
            "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
            "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
            "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "also", "really",
            "got", "get", "us", "im", "ive", "dont", "didnt", "doesnt", "isnt", "wasnt", "cant", "wont", "one",
            "two", "still", "even", "much", "many", "ever", "never", "yet", "well", "back", "way", "thanks", "thank",
            "please", "today", "yesterday", "tomorrow", "hi", "hello", "oh", "wow", "ok", "okay", "lot", "bit",
            "quite", "pretty", "totally", "absolutely", "definitely", "extremely", "highly", "already");
    private static final int MAX_WORDS_PER_PHRASE = 4;

    private final int maxPhrases;

    public KeyPhraseExtractor(int maxPhrases) {
        this.maxPhrases = maxPhrases;
    }

    public List<String> extract(String text) {
        List<List<String>> candidates = candidates(text);
        Map<String, Integer> frequency = new HashMap<>();
        Map<String, Integer> degree = new HashMap<>();
        for (List<String> phrase : candidates) {
            for (String word : phrase) {
                String key = word.toLowerCase(Locale.ROOT);
                frequency.merge(key, 1, Integer::sum);
                degree.merge(key, phrase.size(), Integer::sum);
            }
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, String> display = new HashMap<>();
        for (List<String> phrase : candidates) {
            double score = 0;
            for (String word : phrase) {
                String key = word.toLowerCase(Locale.ROOT);
                score += (double) degree.get(key) / frequency.get(key);
            }
            String joined = String.join(" ", phrase);
            String key = joined.toLowerCase(Locale.ROOT);
            scores.putIfAbsent(key, score);
            display.putIfAbsent(key, joined);
        }
        List<Map.Entry<String, Double>> ranked = new ArrayList<>(scores.entrySet());
        // Stable sort: equal scores keep text order, so results are deterministic.
        ranked.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        List<String> result = new ArrayList<>(Math.min(maxPhrases, ranked.size()));
        for (int i = 0; i < ranked.size() && result.size() < maxPhrases; i++) {
            result.add(display.get(ranked.get(i).getKey()));
        }
        return result;
    }

    private static List<List<String>> candidates(String text) {
        List<List<String>> phrases = new ArrayList<>();
        List<String> current = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (Character.isLetterOrDigit(c) || c == '-' && word.length() > 0) {
                word.append(c);
            } else if ((c == '\'' || c == '\u2019') && word.length() > 0) {
                continue;
            } else {
                if (word.length() > 0) {
                    String w = word.toString();
                    word.setLength(0);
                    String lower = w.toLowerCase(Locale.ROOT);
                    if (STOP_WORDS.contains(lower) || w.length() < 2 || isNumber(w)) {
                        flush(current, phrases);
                    } else {
                        current.add(w);
                        if (current.size() == MAX_WORDS_PER_PHRASE) {
                            flush(current, phrases);
                        }
                    }
                }
                if (!Character.isWhitespace(c)) {
                    flush(current, phrases);
                }
            }
        }
        return phrases;
    }

    private static boolean isNumber(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (!Character.isDigit(w.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void flush(List<String> current, List<List<String>> phrases) {
        if (!current.isEmpty()) {
            phrases.add(new ArrayList<>(current));
            current.clear();
        }
    }
}
