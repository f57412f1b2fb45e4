package dev.medallion.batch.quality;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QualityScoreTest {
    static CheckResult row(boolean passed, long failed, long checked) {
        return new CheckResult(new Expectation.NotNull(List.of("a")), passed, failed, checked, "", List.of());
    }

    @Test
    void isTheShareOfRowChecksPassed() {
        assertThat(QualityScore.of(List.of(row(true, 0, 1000), row(false, 4, 1000)))).isEqualTo(1 - 4 / 2000.0);
        assertThat(QualityScore.of(List.of(row(true, 0, 0)))).isEqualTo(1.0);
    }

    @Test
    void isZeroWhenATableCheckFails() {
        CheckResult stale = new CheckResult(new Expectation.Freshness("ts", Duration.ofHours(2)), false, 1, 1, "",
                List.of());
        assertThat(QualityScore.of(List.of(row(true, 0, 1000), stale))).isZero();
    }
}
