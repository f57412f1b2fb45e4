package dev.medallion.benchmarks.eventhubs.sink;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SideSummaryTest {
    @Test
    void medianOfAnOddNumberOfRunsIsTheMiddleOneAndTheSpreadSpansLowestToHighest() {
        SideSummary side = new SideSummary("connector");
        side.add(new RunResult(9000, 50));
        side.add(new RunResult(3000, 90));
        side.add(new RunResult(6000, 70));

        assertThat(side.medianRate()).isEqualTo(6000);
        assertThat(side.medianCpu()).isEqualTo(70);
        assertThat(side.line()).contains("median    6,000 events/s (3,000 to 9,000, spread 100 % of the median)")
                .contains("CPU median 70.0 us/event (50.0 to 90.0)");
    }

    @Test
    void medianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
        SideSummary side = new SideSummary("peer");
        side.add(new RunResult(4000, 10));
        side.add(new RunResult(1000, 40));
        side.add(new RunResult(2000, 30));
        side.add(new RunResult(8000, 20));

        assertThat(side.medianRate()).isEqualTo(3000);
        assertThat(side.medianCpu()).isEqualTo(25);
    }
}
