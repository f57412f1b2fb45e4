package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class DrainPlanTest {
    private static final long FIRST = Instant.parse("2026-12-03T12:01:17.250Z").toEpochMilli();

    @Test
    void waitsForTheWindowOfTheFirstPublishedEvent() {
        DrainPlan plan = new DrainPlan(FIRST, 1000, 2);
        assertThat(plan.windowStart()).isEqualTo(Instant.parse("2026-12-03T12:01:00Z"));
        assertThat(plan.windowEnd()).isEqualTo(Instant.parse("2026-12-03T12:02:00Z"));

        assertThat(plan.closed(OptionalLong.empty())).as("gold still empty").isFalse();
        assertThat(plan.closed(OptionalLong.of(plan.windowStart().toEpochMilli()))).as("an earlier window").isFalse();
        assertThat(plan.closed(OptionalLong.of(plan.windowEnd().toEpochMilli()))).isTrue();
        // A later window in gold means the first one was emitted before it (the job fires windows in order).
        assertThat(plan.closed(OptionalLong.of(plan.windowEnd().toEpochMilli() + 60_000))).isTrue();
    }

    @Test
    void publishesAboutFivePercentButAFewEventsPerSecondOnEveryPartition() {
        assertThat(new DrainPlan(FIRST, 1000, 2).rate()).isEqualTo(50);
        assertThat(new DrainPlan(FIRST, 250, 2).rate()).as("5 per partition at least").isEqualTo(13);
        assertThat(new DrainPlan(FIRST, 100, 4).rate()).isEqualTo(20);
        assertThat(new DrainPlan(FIRST, 10, 2).rate()).isEqualTo(10);
    }

    @Test
    void theProgressNoteAndTheSummaryLineSayWhatAndHowLong() {
        DrainPlan plan = new DrainPlan(FIRST, 1000, 2);
        assertThat(plan.note(Duration.ofSeconds(12))).isEqualTo("draining: 50 events/s until the window 12:01-12:02"
                + " UTC of the run's first event is in gold/metrics_1m (12 s, at most 150 s)");

        DrainPlan.Outcome reached = plan.reached(Duration.ofMillis(63_400), 3_170);
        assertThat(reached.ok()).isTrue();
        assertThat(reached.line()).isEqualTo("drain: window 12:01-12:02 UTC of the run's first event in"
                + " gold/metrics_1m after 63 s at 50 events/s (3,170 events, counted above)");

        DrainPlan.Outcome timedOut = plan.timedOut(7_500);
        assertThat(timedOut.ok()).isFalse();
        assertThat(timedOut.line()).startsWith("drain: FAIL").contains("12:01-12:02", "150 s", "7,500 events");
    }

    @Test
    void withoutDrainTheSummarySaysWhy() {
        DrainPlan.Outcome skipped = DrainPlan.skipped("stopped by Ctrl-C");
        assertThat(skipped.ok()).isTrue();
        assertThat(skipped.line()).isEqualTo("drain: none (stopped by Ctrl-C): gold/metrics_1m holds the windows"
                + " that closed while publishing");
    }
}
