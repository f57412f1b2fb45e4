package dev.medallion.benchmarks.smts;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import dev.medallion.enrichment.offline.LanguageIdentifier;
import dev.medallion.enrichment.offline.StopWordLanguageHint;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The language detectors compared by {@link LanguageDetectorComparison}, each set up as the offline engine would run
 * it: the engine's seven default languages, the first {@link LanguageIdentifier#DEFAULT_MAX_CHARS} characters, and
 * either alone or behind the engine's function-word hint (the hint decides, or narrows the choice to the languages it
 * could not rule out). Lingua (Kotlin) is today's detector and stays here only as the peer.
 */
final class LanguageCandidates {
    static final List<String> LANGUAGES = LanguageIdentifier.DEFAULT_LANGUAGES;
    static final int MAX_CHARS = LanguageIdentifier.DEFAULT_MAX_CHARS;

    /** A detector over {@link #LANGUAGES}: the best language among {@code allowed} (by position), or "und". */
    interface Detector {
        String detect(String text, boolean[] allowed);
    }

    /** A named way to detect; {@code jarPrefixes} name the jars it brings into a plugin's lib/. */
    record Candidate(String name, List<String> jarPrefixes, java.util.function.UnaryOperator<String> detect) {
    }

    private LanguageCandidates() {
    }

    static Candidate alone(String name, List<String> jars, Detector d) {
        boolean[] all = new boolean[LANGUAGES.size()];
        java.util.Arrays.fill(all, true);
        return new Candidate(name, jars, text -> d.detect(cut(text), all));
    }

    static Candidate withHint(String name, List<String> jars, Detector d) {
        StopWordLanguageHint hint = new StopWordLanguageHint(LANGUAGES);
        boolean[] all = new boolean[LANGUAGES.size()];
        java.util.Arrays.fill(all, true);
        return new Candidate(name, jars, text -> {
            StopWordLanguageHint.Evidence evidence = hint.weigh(text);
            if (evidence.decision() != null) {
                return evidence.decision().code();
            }
            return d.detect(cut(text), evidence.candidates() != null ? evidence.candidates() : all);
        });
    }

    static String cut(String text) {
        return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    }

    /** Lingua 1.2.2 as the engine ran it: low-accuracy mode, models preloaded, a detector per candidate subset. */
    static Detector lingua() {
        Language[] languages = LANGUAGES.stream()
                .map(c -> Language.getByIsoCode639_1(com.github.pemistahl.lingua.api.IsoCode639_1.valueOf(c.toUpperCase(Locale.ROOT))))
                .toArray(Language[]::new);
        Map<Long, com.github.pemistahl.lingua.api.LanguageDetector> detectors = new ConcurrentHashMap<>();
        detectors.put((1L << languages.length) - 1, LanguageDetectorBuilder.fromLanguages(languages)
                .withLowAccuracyMode().withPreloadedLanguageModels().build());
        return (text, allowed) -> {
            long mask = mask(allowed);
            var detector = detectors.computeIfAbsent(mask, m -> {
                List<Language> subset = new ArrayList<>();
                for (int l = 0; l < languages.length; l++) {
                    if ((m & (1L << l)) != 0) {
                        subset.add(languages[l]);
                    }
                }
                return LanguageDetectorBuilder.fromLanguages(subset.toArray(new Language[0])).withLowAccuracyMode().build();
            });
            SortedMap<Language, Double> confidences = detector.computeLanguageConfidenceValues(text);
            Language best = Language.UNKNOWN;
            double bestConfidence = 0;
            for (Map.Entry<Language, Double> e : confidences.entrySet()) {
                if (e.getValue() > bestConfidence) {
                    best = e.getKey();
                    bestConfidence = e.getValue();
                }
            }
            return best == Language.UNKNOWN ? "und" : best.getIsoCode639_1().toString().toLowerCase(Locale.ROOT);
        };
    }

    /** optimaize language-detector 0.6 (Java, Apache 2.0) with its built-in profiles of the seven languages. */
    static Detector optimaize() {
        try {
            var detector = com.optimaize.langdetect.LanguageDetectorBuilder.create(NgramExtractors.standard())
                    .withProfiles(new LanguageProfileReader().readBuiltIn(LANGUAGES.stream()
                            .map(com.optimaize.langdetect.i18n.LdLocale::fromString).toList()))
                    // All probabilities, not only those over 0.1: the best of a narrowed subset may be below that.
                    .probabilityThreshold(0)
                    .build();
            return (text, allowed) -> {
                String best = "und";
                double bestP = 0;
                for (DetectedLanguage d : detector.getProbabilities(text)) {
                    int l = LANGUAGES.indexOf(d.getLocale().getLanguage());
                    if (l >= 0 && allowed[l] && d.getProbability() > bestP) {
                        best = LANGUAGES.get(l);
                        bestP = d.getProbability();
                    }
                }
                return best;
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Apache OpenNLP 2.5 with its 103-language model (langdetect-183, Maven Central), best of the seven. */
    static Detector openNlp() {
        try (InputStream in = LanguageCandidates.class.getResourceAsStream("/langdetect-183.bin")) {
            LanguageDetectorModel model = new LanguageDetectorModel(in);
            LanguageDetectorME detector = new LanguageDetectorME(model);
            List<String> iso3 = LANGUAGES.stream().map(c -> new Locale(c).getISO3Language()).toList();
            return (text, allowed) -> {
                for (opennlp.tools.langdetect.Language lang : detector.predictLanguages(text)) {
                    int l = iso3.indexOf(lang.getLang());
                    if (l >= 0 && allowed[l]) {
                        return LANGUAGES.get(l);
                    }
                }
                return "und";
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long mask(boolean[] allowed) {
        long mask = 0;
        for (int l = 0; l < allowed.length; l++) {
            mask |= allowed[l] ? 1L << l : 0;
        }
        return mask;
    }
}
