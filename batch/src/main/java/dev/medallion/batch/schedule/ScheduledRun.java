package dev.medallion.batch.schedule;

import java.time.Instant;
import java.util.List;

/** One job run the schedule plans: when, which {@code batch} sub-command, with which arguments. */
public record ScheduledRun(Instant at, String command, List<String> args) {

    @Override
    public String toString() {
        return at + "  batch " + command + " " + String.join(" ", args);
    }
}
