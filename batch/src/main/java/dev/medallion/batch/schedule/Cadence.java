package dev.medallion.batch.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The design's cadence, in UTC: {@code hourly} at minute 5 of every hour (the hour before is complete once its
 * 5-minute watermark allowance has passed), {@code daily} for the previous day at 02:00 followed by {@code quality}
 * for that day, and {@code maintenance} on Sundays at 03:00; a job whose command the CLI lacks is left out. Pure: the plan for any
 * window is computed from the given instants, so tests check it without waiting.
 */
public final class Cadence {

    public static final int HOURLY_MINUTE = 5;
    public static final int DAILY_HOUR = 2;
    public static final int MAINTENANCE_HOUR = 3;
    public static final DayOfWeek MAINTENANCE_DAY = DayOfWeek.SUNDAY;

    private final List<String> common;
    private final Set<String> available;

    /**
     * @param common    arguments every job gets (e.g. {@code --lakehouse <path>})
     * @param available the CLI's command names: a job whose command is missing is not planned
     */
    public Cadence(List<String> common, Set<String> available) {
        this.common = List.copyOf(common);
        this.available = Set.copyOf(available);
    }

    /** Every run due in [from, until), in time order (daily before quality in the same slot). */
    public List<ScheduledRun> between(Instant from, Instant until) {
        List<ScheduledRun> runs = new ArrayList<>();
        ZonedDateTime hour = from.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
        for (ZonedDateTime h = hour; h.toInstant().isBefore(until); h = h.plusHours(1)) {
            add(runs, from, until, h.plusMinutes(HOURLY_MINUTE).toInstant(), "hourly", List.of());
            if (h.getHour() == DAILY_HOUR) {
                String yesterday = LocalDate.from(h).minusDays(1).toString();
                add(runs, from, until, h.toInstant(), "daily", List.of("--date", yesterday));
                add(runs, from, until, h.toInstant(), "quality", List.of("--date", yesterday));
            }
            if (h.getHour() == MAINTENANCE_HOUR && h.getDayOfWeek() == MAINTENANCE_DAY) {
                add(runs, from, until, h.toInstant(), "maintenance", List.of());
            }
        }
        runs.sort(Comparator.comparing(ScheduledRun::at));   // stable: keeps daily before quality
        return runs;
    }

    /** The first run at or after {@code from} (within the next week: every cadence repeats within it). */
    public ScheduledRun next(Instant from) {
        List<ScheduledRun> runs = between(from, from.plus(Duration.ofDays(8)));
        if (runs.isEmpty()) {
            throw new IllegalStateException("schedule: none of hourly, daily, quality, maintenance is available");
        }
        return runs.get(0);
    }

    /** The run planned right after {@code run} (the next in the same slot, e.g. quality after daily, or later). */
    public ScheduledRun after(ScheduledRun run) {
        List<ScheduledRun> runs = between(run.at(), run.at().plus(Duration.ofDays(8)));
        int i = runs.indexOf(run);
        return i >= 0 && i + 1 < runs.size() ? runs.get(i + 1) : next(run.at().plusNanos(1));
    }

    private void add(List<ScheduledRun> runs, Instant from, Instant until, Instant at, String command,
                     List<String> extra) {
        if (available.contains(command) && !at.isBefore(from) && at.isBefore(until)) {
            List<String> args = new ArrayList<>(common);
            args.addAll(extra);
            runs.add(new ScheduledRun(at, command, List.copyOf(args)));
        }
    }

}
