package dev.medallion.smt.pii;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * One megabyte shaped against each pattern of the masker (a local part without a domain, separator runs, digit
 * groups, brackets). Masking is linear, so the whole text is masked however long it is: 5 s is far above what a
 * linear scan needs on a busy machine and far below the minutes a quadratic pattern needs.
 */
class PiiMaskerAdversarialTest {
    static final int MB = 1 << 20;
    private final PiiMasker masker = new PiiMasker(true, true, true, '*');

    static Stream<String> shapes() {
        return Stream.of(
                "a".repeat(MB) + "@",
                "@".repeat(MB),
                "a@".repeat(MB / 2),
                "x@" + "a.".repeat(MB / 2),
                "a".repeat(MB) + "@example",
                "1".repeat(MB),
                "1 ".repeat(MB / 2),
                "1-".repeat(MB / 2),
                "12 ".repeat(MB / 3),
                "(12) ".repeat(MB / 5),
                "+1 (".repeat(MB / 4),
                "1.".repeat(MB / 2),
                ".".repeat(MB),
                "a.".repeat(MB / 2));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void oneMegabyteIsMaskedInLinearTime(String text) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> masker.mask(text));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void anAddressAtTheEndOfAMegabyteIsMaskedToo(String text) {
        String masked = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> masker.mask(text + " write to jane.doe@example.com"));
        assertThat(masked).doesNotContain("jane.doe").endsWith("j***@example.com");
    }
}
