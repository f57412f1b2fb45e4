package dev.medallion.enrichment;

import dev.medallion.enrichment.TextAnalysis.Entity;
import dev.medallion.enrichment.offline.EntityExtractor;
import dev.medallion.enrichment.offline.LanguageIdentifier;
import dev.medallion.enrichment.offline.SentimentScorer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * States the offline engine's accuracy on small labelled sets shipped in {@code src/test/resources/labelled} (written
 * for this project, not used to build the lexicon). The floors below are the figures quoted in the README, rounded
 * down, so a regression in the rules fails the build.
 */
class OfflineAccuracyTest {

    @Test
    void sentimentLabelsAgreeWithTheLabelledSet() throws IOException {
        SentimentScorer scorer = SentimentScorer.withBundledLexicon();
        List<String[]> rows = rows("sentiment.tsv");
        int correct = 0;
        List<String> misses = new ArrayList<>();
        for (String[] row : rows) {
            String predicted = scorer.score(row[1]).label().name().toLowerCase(Locale.ROOT);
            if (predicted.equals(row[0])) {
                correct++;
            } else {
                misses.add(row[0] + "->" + predicted + ": " + row[1]);
            }
        }
        double accuracy = (double) correct / rows.size();
        System.out.printf("offline sentiment accuracy: %d/%d = %.3f; misses: %s%n", correct, rows.size(), accuracy, misses);
        assertThat(rows).hasSizeGreaterThanOrEqualTo(50);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void languageCodesAgreeWithTheLabelledSet() throws IOException {
        LanguageIdentifier identifier = new LanguageIdentifier();
        List<String[]> rows = rows("language.tsv");
        int correct = 0;
        List<String> misses = new ArrayList<>();
        for (String[] row : rows) {
            String predicted = identifier.detect(row[1]).code();
            if (predicted.equals(row[0])) {
                correct++;
            } else {
                misses.add(row[0] + "->" + predicted);
            }
        }
        double accuracy = (double) correct / rows.size();
        System.out.printf("offline language accuracy: %d/%d = %.3f; misses: %s%n", correct, rows.size(), accuracy, misses);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void entitiesMatchTheLabelledSetWithStatedPrecisionAndRecall() throws IOException {
        EntityExtractor extractor = new EntityExtractor();
        int truePositives = 0;
        int predictedCount = 0;
        int expectedCount = 0;
        List<String> misses = new ArrayList<>();
        for (String[] row : rows("entities.tsv")) {
            Set<String> expected = new HashSet<>(List.of(row[1].split(";")));
            Set<String> predicted = new HashSet<>();
            for (Entity e : extractor.extract(row[0])) {
                predicted.add(e.text() + "|" + e.category());
            }
            Set<String> hit = new HashSet<>(predicted);
            hit.retainAll(expected);
            truePositives += hit.size();
            predictedCount += predicted.size();
            expectedCount += expected.size();
            if (!predicted.equals(expected)) {
                misses.add("expected " + expected + " got " + predicted);
            }
        }
        double precision = (double) truePositives / predictedCount;
        double recall = (double) truePositives / expectedCount;
        System.out.printf("offline entities: precision %.3f recall %.3f (%d expected); misses: %s%n",
                precision, recall, expectedCount, misses);
        assertThat(precision).isGreaterThanOrEqualTo(0.90);
        assertThat(recall).isGreaterThanOrEqualTo(0.90);
    }

    private static List<String[]> rows(String name) throws IOException {
        try (InputStream in = OfflineAccuracyTest.class.getResourceAsStream("/labelled/" + name)) {
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t"));
                }
            }
            return rows;
        }
    }
}
