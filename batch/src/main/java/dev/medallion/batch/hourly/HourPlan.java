package dev.medallion.batch.hourly;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which hours one run of the hourly job writes, decided from the table's recorded progress (its {@code txn} version,
 * an epoch hour), the first hour silver holds, the clock and the request. Pure logic, so the rules are unit tested:
 * hours are written in ascending order without gaps (the serving boundary W = last hour + 1 must mean "everything
 * before W is final"), and an hour only once its end plus the grace (the watermark allowance) has passed.
 *
 * @param toWrite        epoch hours to compute and commit, ascending
 * @param alreadyWritten epoch hours requested but already at or below the recorded progress (nothing to do)
 * @param note           why nothing (more) is written, for the job's output; empty when there is nothing to say
 */
public record HourPlan(List<Long> toWrite, List<Long> alreadyWritten, String note) {

    static final long SECONDS_PER_HOUR = 3600;

    /**
     * @param lastWritten  the table's {@code txnVersion} for the hourly app id, empty before the first run
     * @param firstSilver  the epoch hour of silver's oldest event, empty when silver is empty
     * @param hour         {@code --hour}: just this hour (must start on a full hour)
     * @param through      {@code --through}: every eligible hour ending at or before this instant
     * @param maxHours     at most this many hours per run (a guard against a stray old event starting years back)
     */
    public static HourPlan of(OptionalLong lastWritten, OptionalLong firstSilver, Optional<Instant> hour,
                              Optional<Instant> through, Instant now, Duration grace, int maxHours) {
        if (hour.isPresent() && through.isPresent()) {
            throw new IllegalArgumentException("hourly: give --hour or --through, not both");
        }
        if (hour.isPresent()) {
            return single(lastWritten, hour.get(), now, grace);
        }
        Instant limit = now.minus(grace);
        if (through.isPresent() && through.get().isBefore(limit)) {
            limit = through.get();
        }
        long lastEligible = Math.floorDiv(limit.getEpochSecond(), SECONDS_PER_HOUR) - 1;
        long start;
        if (lastWritten.isPresent()) {
            start = lastWritten.getAsLong() + 1;
        } else if (firstSilver.isPresent()) {
            start = firstSilver.getAsLong();
        } else {
            return new HourPlan(List.of(), List.of(), "silver holds no event yet: nothing to aggregate");
        }
        if (start > lastEligible) {
            Instant eligibleAt = hourStart(start + 1).plus(grace);
            String note = lastWritten.isPresent() && through.isPresent() && through.get().isBefore(hourStart(start))
                    ? "every hour through " + through.get() + " is already written (progress: "
                      + hourStart(start - 1) + ")"
                    : "no complete hour yet: hour " + hourStart(start) + " becomes eligible at " + eligibleAt
                      + " (hour end + grace " + grace + ")";
            return new HourPlan(List.of(), List.of(), note);
        }
        long end = Math.min(lastEligible, start + maxHours - 1);
        List<Long> hours = new ArrayList<>();
        for (long h = start; h <= end; h++) {
            hours.add(h);
        }
        String note = end < lastEligible
                ? (lastEligible - end) + " more eligible hour(s) left for the next run (--max-hours " + maxHours + ")"
                : "";
        return new HourPlan(List.copyOf(hours), List.of(), note);
    }

    private static HourPlan single(OptionalLong lastWritten, Instant hour, Instant now, Duration grace) {
        if (hour.getEpochSecond() % SECONDS_PER_HOUR != 0 || hour.getNano() != 0) {
            throw new IllegalArgumentException("hourly: --hour " + hour + " is not the start of an hour "
                    + "(e.g. 2026-12-03T14:00:00Z)");
        }
        long h = hour.getEpochSecond() / SECONDS_PER_HOUR;
        if (lastWritten.isPresent() && h <= lastWritten.getAsLong()) {
            return new HourPlan(List.of(), List.of(h), "hour " + hour + " is already written (progress: "
                    + hourStart(lastWritten.getAsLong()) + "); re-running it changes nothing");
        }
        Instant eligibleAt = hourStart(h + 1).plus(grace);
        if (now.isBefore(eligibleAt)) {
            throw new IllegalArgumentException("hourly: hour " + hour + " is not complete: it becomes eligible at "
                    + eligibleAt + " (hour end + grace " + grace + ")");
        }
        if (lastWritten.isPresent() && h > lastWritten.getAsLong() + 1) {
            throw new IllegalArgumentException("hourly: hours " + hourStart(lastWritten.getAsLong() + 1) + " to "
                    + hourStart(h - 1) + " are not written yet; the batch view is written in ascending order "
                    + "(everything before the serving boundary is final), so run --through " + hourStart(h + 1));
        }
        return new HourPlan(List.of(h), List.of(), "");
    }

    public static Instant hourStart(long epochHour) {
        return Instant.ofEpochSecond(epochHour * SECONDS_PER_HOUR);
    }

    public static long epochHour(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), SECONDS_PER_HOUR);
    }
}
