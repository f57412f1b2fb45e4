package dev.medallion.batch.schedule;

import dev.medallion.batch.BatchCommand;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop on a clock the test moves: what runs when, and that a failing job does not stop the schedule. */
class SchedulerTest {

    /** A clock the sleeper moves forward. */
    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    }

    record Recording(String name, List<String> log, MovableClock clock, int exit) implements BatchCommand {
        public String summary() {
            return name;
        }

        public int run(List<String> args) {
            log.add(clock.instant() + " " + name + " " + String.join(" ", args));
            // A job takes time: 40 minutes, so the next hourly slot is already late when it ends.
            clock.now = clock.now.plusSeconds(40 * 60);
            if (exit < 0) {
                throw new IllegalStateException("boom");
            }
            return exit;
        }
    }

    @Test
    void runsEachJobAtItsTimeAndGoesOnAfterAFailure() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-05T01:00:00Z"));
        List<String> log = new ArrayList<>();
        Map<String, BatchCommand> commands = new LinkedHashMap<>();
        commands.put("hourly", new Recording("hourly", log, clock, 0));
        commands.put("daily", new Recording("daily", log, clock, -1));
        commands.put("quality", new Recording("quality", log, clock, 3));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Scheduler scheduler = new Scheduler(new Cadence(List.of("--lakehouse", "/l"), commands.keySet()), commands,
                clock, at -> clock.now = at.isAfter(clock.now) ? at : clock.now,
                new PrintStream(out, true, StandardCharsets.UTF_8));

        scheduler.run(5);

        assertThat(log).containsExactly(
                "2026-12-05T01:05:00Z hourly --lakehouse /l",
                "2026-12-05T02:00:00Z daily --lakehouse /l --date 2026-12-04",
                "2026-12-05T02:40:00Z quality --lakehouse /l --date 2026-12-04",   // late: after daily
                "2026-12-05T03:20:00Z hourly --lakehouse /l",                      // 02:05's run, late, not skipped
                "2026-12-05T04:00:00Z hourly --lakehouse /l");                     // 03:05's
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("daily failed: java.lang.IllegalStateException: boom")
                .contains("quality for 2026-12-05T02:00:00Z finished with exit code 3 (ALERT)");
    }
}
