package dev.medallion.enrichment.offline;

import dev.medallion.enrichment.OfflineTextAnalyzer;
import dev.medallion.enrichment.TextAnalysis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * One megabyte of text shaped to make backtracking patterns try every start position (a local part without a domain,
 * runs of separators, digit groups). The offline engine must stay linear: each shape is given 5 s, far above the tens
 * of milliseconds a linear scan needs on a busy machine, far below the minutes to hours a quadratic pattern needs.
 */
class AdversarialTextTest {
    static final int MB = 1 << 20;

    static Stream<String> shapes() {
        return Stream.of(
                "a".repeat(MB) + "@",
                "@".repeat(MB),
                "a@".repeat(MB / 2),
                "x@" + "a.".repeat(MB / 2),
                "a".repeat(MB) + "@example",
                "1".repeat(MB),
                "1,".repeat(MB / 2),
                "1 ".repeat(MB / 2),
                "12 ".repeat(MB / 3),
                "+1 (".repeat(MB / 4),
                ".".repeat(MB),
                "a.".repeat(MB / 2),
                "www.".repeat(MB / 4),
                "http://" + "a".repeat(MB),
                "$1,".repeat(MB / 3),
                "January 1, ".repeat(MB / 11),
                "Dr. Ann ".repeat(MB / 8));
    }

    private final EntityExtractor entities = new EntityExtractor();
    private static final OfflineTextAnalyzer ANALYZER = new OfflineTextAnalyzer();

    @ParameterizedTest
    @MethodSource("shapes")
    void entityExtractionOfOneMegabyteIsLinear(String text) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> entities.extract(text));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void theWholeOfflineAnalysisOfOneMegabyteIsLinear(String text) {
        TextAnalysis a = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ANALYZER.analyze(text));
        assertThat(a.status()).isEqualTo(TextAnalysis.Status.OK);
    }
}
