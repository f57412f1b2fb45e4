package dev.medallion.batch.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CadenceTest {
    static final List<String> COMMON = List.of("--lakehouse", "/data");
    static final Set<String> ALL = Set.of("hourly", "daily", "quality", "maintenance");

    @Test
    void hourlyAtFivePastDailyAndQualityAt2UtcForTheDayBefore() {
        // Saturday 2026-12-05 00:30 to 03:30 UTC
        List<String> plan = new Cadence(COMMON, ALL).between(Instant.parse("2026-12-05T00:30:00Z"),
                Instant.parse("2026-12-05T03:30:00Z")).stream().map(ScheduledRun::toString).toList();
        assertThat(plan).containsExactly(
                "2026-12-05T01:05:00Z  batch hourly --lakehouse /data",
                "2026-12-05T02:00:00Z  batch daily --lakehouse /data --date 2026-12-04",
                "2026-12-05T02:00:00Z  batch quality --lakehouse /data --date 2026-12-04",
                "2026-12-05T02:05:00Z  batch hourly --lakehouse /data",
                "2026-12-05T03:05:00Z  batch hourly --lakehouse /data");
    }

    @Test
    void maintenanceWeeklyOnSundayAt3UtcOnlyWhenTheCommandExists() {
        Instant from = Instant.parse("2026-12-01T00:00:00Z");
        Instant until = Instant.parse("2026-12-15T00:00:00Z");
        assertThat(new Cadence(COMMON, ALL).between(from, until)).filteredOn(r -> r.command().equals("maintenance"))
                .extracting(ScheduledRun::at)
                .containsExactly(Instant.parse("2026-12-06T03:00:00Z"), Instant.parse("2026-12-13T03:00:00Z"));
        assertThat(new Cadence(COMMON, Set.of("hourly", "daily", "quality")).between(from, until))
                .noneMatch(r -> r.command().equals("maintenance")).hasSize(14 * 24 + 14 * 2);
    }

    @Test
    void nextIsTheFirstRunAtOrAfterTheInstant() {
        Cadence cadence = new Cadence(COMMON, ALL);
        assertThat(cadence.next(Instant.parse("2026-12-05T01:05:00Z")).at())
                .isEqualTo(Instant.parse("2026-12-05T01:05:00Z"));
        assertThat(cadence.next(Instant.parse("2026-12-05T01:05:00.001Z")).command()).isEqualTo("daily");
    }
}
