package dev.medallion.enrichment.offline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Key phrases by RAKE (Rose et al., 2010): candidate phrases are runs of words between stop words and punctuation;
 * each word scores degree/frequency over the candidates, a phrase scores the sum of its words, and the best few are
 * returned. The stop words are the text's language's: its function words ({@code function-words.tsv}, shared with
 * {@link StopWordLanguageHint}) plus the further words of {@code key-phrase-stop-words.tsv}; a language without lists
 * (or "und") gets the English ones. Phrases never span a stop word, so without the language's own list a German or
 * French text would yield long runs glued together by "und", "der", "de la".
 */
public final class KeyPhraseExtractor {
    static final String STOP_WORDS_RESOURCE = "/dev/medallion/enrichment/key-phrase-stop-words.tsv";
    private static final String FALLBACK_LANGUAGE = "en";
    private static final Map<String, WordTable<Boolean>> STOP_WORDS = loadStopWords();
    private static final int MAX_WORDS_PER_PHRASE = 4;

    private final int maxPhrases;

    public KeyPhraseExtractor(int maxPhrases) {
        this.maxPhrases = maxPhrases;
    }

    /** Key phrases of an English text. */
    public List<String> extract(String text) {
        return extract(text, FALLBACK_LANGUAGE);
    }

    /**
     * @param language the text's ISO 639-1 code, as the language step detected it; null or unknown reads as English
     */
    public List<String> extract(String text, String language) {
        String listed = language != null && STOP_WORDS.containsKey(language) ? language : FALLBACK_LANGUAGE;
        // English joins contractions ("don't" is one word); elsewhere an apostrophe follows an elided function word
        // (l'équipe, dell'ordine), so it ends the word and the phrase like other punctuation.
        return new Candidates(text, STOP_WORDS.get(listed), listed.equals("en")).best(maxPhrases);
    }

    /** The candidate phrases of one text as spans over its candidate words, which are kept lower-cased and located. */
    private static final class Candidates {
        private final String text;
        private String[] lower = new String[32];
        private int[] wordStart = new int[32];
        private int[] wordEnd = new int[32];
        private int words;
        /** Phrase p is candidate words [phraseStart[p], phraseStart[p + 1]). */
        private int[] phraseStart = new int[17];
        private int phrases;

        Candidates(String text, WordTable<Boolean> stopWords, boolean joinApostrophes) {
            this.text = text;
            char[] buffer = new char[32];
            int length = 0;
            int start = 0;
            int n = text.length();
            for (int i = 0; i <= n; i++) {
                char c = i < n ? text.charAt(i) : '.';
                if (Letters.isLetterOrDigit(c) || c == '-' && length > 0) {
                    if (length == 0) {
                        start = i;
                    }
                    if (length == buffer.length) {
                        buffer = Arrays.copyOf(buffer, length * 2);
                    }
                    buffer[length++] = Letters.toLowerCase(c);
                } else if (joinApostrophes && (c == '\'' || c == '\u2019') && length > 0) {
                    continue;
                } else {
                    if (length > 0) {
                        if (length < 2 || isNumber(buffer, length) || stopWords.get(buffer, length) != null) {
                            endPhrase();
                        } else {
                            addWord(new String(buffer, 0, length), start, i);
                            if (words - phraseStart[phrases] == MAX_WORDS_PER_PHRASE) {
                                endPhrase();
                            }
                        }
                        length = 0;
                    }
                    if (!Character.isWhitespace(c)) {
                        endPhrase();
                    }
                }
            }
        }

        private void addWord(String word, int start, int end) {
            if (words == lower.length) {
                lower = Arrays.copyOf(lower, words * 2);
                wordStart = Arrays.copyOf(wordStart, words * 2);
                wordEnd = Arrays.copyOf(wordEnd, words * 2);
            }
            lower[words] = word;
            wordStart[words] = start;
            wordEnd[words] = end;
            words++;
        }

        private void endPhrase() {
            if (words > phraseStart[phrases]) {
                phrases++;
                if (phrases + 1 == phraseStart.length) {
                    phraseStart = Arrays.copyOf(phraseStart, phraseStart.length * 2);
                }
                phraseStart[phrases] = words;
            }
        }

        List<String> best(int max) {
            // Each word's first occurrence stands for all of its occurrences: the texts are short, so a scan over
            // the earlier words is cheaper than hashing into a map.
            int[] id = new int[words];
            int[] frequency = new int[words];
            int[] degree = new int[words];
            for (int p = 0; p < phrases; p++) {
                int size = phraseStart[p + 1] - phraseStart[p];
                for (int w = phraseStart[p]; w < phraseStart[p + 1]; w++) {
                    int first = w;
                    for (int e = 0; e < w; e++) {
                        if (id[e] == e && lower[e].hashCode() == lower[w].hashCode() && lower[e].equals(lower[w])) {
                            first = e;
                            break;
                        }
                    }
                    id[w] = first;
                    frequency[first]++;
                    degree[first] += size;
                }
            }
            double[] score = new double[phrases];
            boolean[] excluded = new boolean[phrases];
            for (int p = 0; p < phrases; p++) {
                for (int w = phraseStart[p]; w < phraseStart[p + 1]; w++) {
                    score[p] += (double) degree[id[w]] / frequency[id[w]];
                }
                for (int q = 0; q < p && !excluded[p]; q++) {
                    excluded[p] = !excluded[q] && sameWords(q, p, id);
                }
            }
            List<String> result = new ArrayList<>(Math.min(max, phrases));
            while (result.size() < max) {
                // Highest score first; on equal scores the earlier phrase, so results follow the text and are stable.
                int best = -1;
                for (int p = 0; p < phrases; p++) {
                    if (!excluded[p] && (best < 0 || score[p] > score[best])) {
                        best = p;
                    }
                }
                if (best < 0) {
                    break;
                }
                excluded[best] = true;
                result.add(display(best));
            }
            return result;
        }

        private boolean sameWords(int q, int p, int[] id) {
            int size = phraseStart[p + 1] - phraseStart[p];
            if (phraseStart[q + 1] - phraseStart[q] != size) {
                return false;
            }
            for (int k = 0; k < size; k++) {
                if (id[phraseStart[q] + k] != id[phraseStart[p] + k]) {
                    return false;
                }
            }
            return true;
        }

        /** The phrase as written (first occurrence), words separated by one space, apostrophes of contractions dropped. */
        private String display(int p) {
            StringBuilder out = new StringBuilder();
            for (int w = phraseStart[p]; w < phraseStart[p + 1]; w++) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                for (int i = wordStart[w]; i < wordEnd[w]; i++) {
                    char c = text.charAt(i);
                    if (c != '\'' && c != '\u2019') {
                        out.append(c);
                    }
                }
            }
            return out.toString();
        }
    }

    private static boolean isNumber(char[] word, int length) {
        for (int i = 0; i < length; i++) {
            if (!Character.isDigit(word[i])) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, WordTable<Boolean>> loadStopWords() {
        Map<String, List<String>> functionWords = WordLists.read(StopWordLanguageHint.WORDS_RESOURCE);
        Map<String, List<String>> extra = WordLists.read(STOP_WORDS_RESOURCE);
        Map<String, Set<String>> stopWords = new HashMap<>();
        for (Map<String, List<String>> lists : List.of(functionWords, extra)) {
            lists.forEach((language, words) -> stopWords.computeIfAbsent(language, k -> new HashSet<>()).addAll(words));
        }
        if (!stopWords.containsKey(FALLBACK_LANGUAGE)) {
            throw new IllegalStateException(STOP_WORDS_RESOURCE + " has no " + FALLBACK_LANGUAGE + " stop words");
        }
        Map<String, WordTable<Boolean>> tables = new HashMap<>();
        stopWords.forEach((language, words) -> {
            Map<String, Boolean> entries = new HashMap<>();
            words.forEach(w -> entries.put(w, Boolean.TRUE));
            tables.put(language, new WordTable<>(entries));
        });
        return Map.copyOf(tables);
    }
}
