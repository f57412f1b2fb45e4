package dev.medallion.enrichment.offline;

import dev.medallion.enrichment.TextAnalysis.DetectedLanguage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LanguageIdentifierTest {
    private final LanguageIdentifier identifier = new LanguageIdentifier();

    @Test
    void shortTextsWithoutFunctionWordsGoToTheNgramDetector() {
        // Below the hint's evidence threshold: the n-gram detector decides among all seven languages.
        assertThat(new StopWordLanguageHint(LanguageIdentifier.DEFAULT_LANGUAGES).weigh("Schnelle Lieferung, danke!")
                .decision()).isNull();
        DetectedLanguage detected = identifier.detect("Schnelle Lieferung, danke!");
        assertThat(detected.code()).isEqualTo("de");
        assertThat(detected.confidence()).isBetween(0.5, 1.0);
    }

    @Test
    void theSameTextGetsTheSameAnswerAcrossInstancesAndThreads() throws Exception {
        // Longer than the detector's short-text limit (50 characters), where it samples n-grams at random.
        String text = "La entrega llegó tarde pero el producto funciona bien y el servicio fue amable";
        DetectedLanguage first = identifier.detectWithNgrams(text);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<DetectedLanguage>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(pool.submit(() -> identifier.detectWithNgrams(text)));
            }
            for (Future<DetectedLanguage> answer : answers) {
                assertThat(answer.get()).isEqualTo(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(new LanguageIdentifier().detectWithNgrams(text)).isEqualTo(first);
        assertThat(first.code()).isEqualTo("es");
    }

    @Test
    void textsWithTooFewLettersAreUndetermined() {
        assertThat(identifier.detect("12-34 !!").code()).isEqualTo("und");
    }

    @Test
    void unsupportedCodesAreRejectedNamingTheCodeAndTheSupportedOnes() {
        assertThatThrownBy(() -> new LanguageIdentifier(List.of("en", "xx"), 120))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'xx'")
                .hasMessageContaining("nl");
        assertThat(LanguageIdentifier.parse(" DE ")).isEqualTo("de");
    }
}
