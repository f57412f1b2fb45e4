package dev.medallion.enrichment;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OfflineTextAnalyzerTest {
    private static final OfflineTextAnalyzer ANALYZER = new OfflineTextAnalyzer();

    @Test
    void analysesAllFourAspectsOfAText() {
        TextAnalysis result = ANALYZER.analyze("The support team in Seattle was wonderful, thanks to Dr. Jane Miller!"
                + " Write to help@contoso.com about the new billing dashboard.");

        assertThat(result.status()).isEqualTo(TextAnalysis.Status.OK);
        assertThat(result.engine()).isEqualTo("offline");
        assertThat(result.sentiment().label()).isEqualTo(TextAnalysis.SentimentLabel.POSITIVE);
        assertThat(result.language().code()).isEqualTo("en");
        assertThat(result.entities()).extracting(e -> e.text() + "|" + e.category())
                .contains("Seattle|Location", "Jane Miller|Person", "help@contoso.com|Email");
        assertThat(result.keyPhrases()).contains("new billing dashboard", "support team");
    }

    @Test
    void blankAndNullTextsAreSkippedAndBatchesKeepOrder() {
        List<TextAnalysis> results = ANALYZER.analyzeAll(Arrays.asList("I love it", null, " ", "I hate it"));

        assertThat(results).extracting(TextAnalysis::status).containsExactly(TextAnalysis.Status.OK,
                TextAnalysis.Status.SKIPPED, TextAnalysis.Status.SKIPPED, TextAnalysis.Status.OK);
        assertThat(results.get(3).sentiment().label()).isEqualTo(TextAnalysis.SentimentLabel.NEGATIVE);
    }

    @Test
    void oneInstanceGivesTheSameAnswersWhenSharedByThreads() throws Exception {
        List<String> texts = List.of("I love this!", "Das ist leider sehr schlecht gewesen.", "Le service était rapide.",
                "Terrible delivery from Hamburg, two days late.", "El pedido llegó a tiempo y todo perfecto.");
        List<TextAnalysis> expected = ANALYZER.analyzeAll(texts);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> checks = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                checks.add(pool.submit(() -> {
                    for (int round = 0; round < 200; round++) {
                        if (!ANALYZER.analyzeAll(texts).equals(expected)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> check : checks) {
                assertThat(check.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unknownLanguageCodesAreRejectedWithTheCodeInTheMessage() {
        assertThatThrownBy(() -> new OfflineTextAnalyzer(List.of("en", "xx"), 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'xx'");
    }
}
