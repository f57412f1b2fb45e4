package dev.medallion.batch.hourly;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HourPlanTest {
    static final Duration GRACE = Duration.ofMinutes(5);
    static final long H12 = HourPlan.epochHour(Instant.parse("2026-12-03T12:00:00Z"));

    static HourPlan plan(OptionalLong last, OptionalLong first, Optional<Instant> hour, Optional<Instant> through,
                         String now) {
        return HourPlan.of(last, first, hour, through, Instant.parse(now), GRACE, 744);
    }

    @Test
    void startsAtSilversFirstHourAndStopsAtTheLastHourWhoseEndPlusGraceHasPassed() {
        HourPlan p = plan(OptionalLong.empty(), OptionalLong.of(H12), Optional.empty(), Optional.empty(),
                "2026-12-03T15:04:59Z");
        assertThat(p.toWrite()).containsExactly(H12, H12 + 1);   // 14:00 is eligible at 15:05
        assertThat(plan(OptionalLong.empty(), OptionalLong.of(H12), Optional.empty(), Optional.empty(),
                "2026-12-03T15:05:00Z").toWrite()).containsExactly(H12, H12 + 1, H12 + 2);
    }

    @Test
    void continuesAfterTheRecordedProgress() {
        HourPlan p = plan(OptionalLong.of(H12 + 1), OptionalLong.of(H12), Optional.empty(), Optional.empty(),
                "2026-12-03T16:30:00Z");
        assertThat(p.toWrite()).containsExactly(H12 + 2, H12 + 3);
    }

    @Test
    void saysHonestlyWhenNoHourIsCompleteYet() {
        HourPlan p = plan(OptionalLong.empty(), OptionalLong.of(H12), Optional.empty(), Optional.empty(),
                "2026-12-03T12:50:00Z");
        assertThat(p.toWrite()).isEmpty();
        assertThat(p.note()).contains("no complete hour yet").contains("2026-12-03T13:05:00Z");
        assertThat(plan(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty(),
                "2026-12-03T12:50:00Z").note()).contains("silver holds no event yet");
    }

    @Test
    void throughLimitsTheRun() {
        HourPlan p = plan(OptionalLong.empty(), OptionalLong.of(H12), Optional.empty(),
                Optional.of(Instant.parse("2026-12-03T14:00:00Z")), "2026-12-04T00:00:00Z");
        assertThat(p.toWrite()).containsExactly(H12, H12 + 1);
        HourPlan done = plan(OptionalLong.of(H12 + 5), OptionalLong.of(H12), Optional.empty(),
                Optional.of(Instant.parse("2026-12-03T14:00:00Z")), "2026-12-04T00:00:00Z");
        assertThat(done.toWrite()).isEmpty();
        assertThat(done.note()).contains("already written");
    }

    @Test
    void singleHourIsSkippedWhenWrittenAndRefusedWhenIncompleteOrLeavingAGap() {
        Optional<Instant> h12 = Optional.of(HourPlan.hourStart(H12));
        HourPlan skipped = plan(OptionalLong.of(H12), OptionalLong.empty(), h12, Optional.empty(),
                "2026-12-03T20:00:00Z");
        assertThat(skipped.toWrite()).isEmpty();
        assertThat(skipped.alreadyWritten()).containsExactly(H12);
        assertThat(plan(OptionalLong.of(H12 - 1), OptionalLong.empty(), h12, Optional.empty(),
                "2026-12-03T20:00:00Z").toWrite()).containsExactly(H12);
        assertThatThrownBy(() -> plan(OptionalLong.of(H12 - 3), OptionalLong.empty(), h12, Optional.empty(),
                "2026-12-03T20:00:00Z")).hasMessageContaining("not written yet").hasMessageContaining("--through");
        assertThatThrownBy(() -> plan(OptionalLong.empty(), OptionalLong.empty(), h12, Optional.empty(),
                "2026-12-03T13:04:00Z")).hasMessageContaining("not complete");
        assertThatThrownBy(() -> plan(OptionalLong.empty(), OptionalLong.empty(),
                Optional.of(Instant.parse("2026-12-03T12:30:00Z")), Optional.empty(), "2026-12-03T20:00:00Z"))
                .hasMessageContaining("not the start of an hour");
    }

    @Test
    void capsTheHoursOfOneRun() {
        HourPlan p = HourPlan.of(OptionalLong.empty(), OptionalLong.of(H12), Optional.empty(), Optional.empty(),
                Instant.parse("2026-12-04T12:00:00Z"), GRACE, 5);
        assertThat(p.toWrite()).isEqualTo(List.of(H12, H12 + 1, H12 + 2, H12 + 3, H12 + 4));
        assertThat(p.note()).contains("more eligible hour(s) left");
    }
}
