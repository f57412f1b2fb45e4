package dev.medallion.batch.schedule;

import dev.medallion.batch.BatchCommand;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Runs the {@link Cadence}'s jobs one after another for ever (or {@code maxRuns} times): waits for the next run, runs
 * the command in this JVM, reports its exit code and goes on. A failing job is reported and does not stop the
 * schedule (the next hourly run catches up: it writes every eligible hour not yet written). A run whose time passed
 * while an earlier one was busy starts at once; runs are never skipped.
 */
public final class Scheduler {

    /** Waits until an instant; tests pass one that moves their clock instead. */
    public interface Sleeper {
        void sleepUntil(Instant at) throws InterruptedException;
    }

    private final Cadence cadence;
    private final Map<String, BatchCommand> commands;
    private final Clock clock;
    private final Sleeper sleeper;
    private final PrintStream out;

    public Scheduler(Cadence cadence, Map<String, BatchCommand> commands, Clock clock, Sleeper sleeper,
                     PrintStream out) {
        this.cadence = cadence;
        this.commands = commands;
        this.clock = clock;
        this.sleeper = sleeper;
        this.out = out;
    }

    /** The real sleeper: the system clock, in steps of at most a minute (a suspended laptop wakes up on time). */
    public static Sleeper systemSleeper(Clock clock) {
        return at -> {
            Duration left;
            while (!(left = Duration.between(clock.instant(), at)).isNegative() && !left.isZero()) {
                Thread.sleep(Math.min(left.toMillis() + 1, 60_000));
            }
        };
    }

    public void run(long maxRuns) throws InterruptedException {
        ScheduledRun run = cadence.next(clock.instant());
        for (long n = 0; n < maxRuns; n++) {
            out.println("schedule: next " + run);
            sleeper.sleepUntil(run.at());
            BatchCommand command = commands.get(run.command());
            int exit;
            try {
                exit = command.run(run.args());
            } catch (Exception e) {
                out.println("schedule: " + run.command() + " failed: " + e);
                exit = -1;
            }
            out.printf("schedule: %s for %s finished with exit code %d%s%n", run.command(), run.at(), exit,
                    exit == 0 ? "" : " (ALERT)");
            // The run planned after this one, even if this one ran late: late runs start at once, none is skipped.
            run = cadence.after(run);
        }
    }
}
