package dev.medallion.batch.schedule;

import dev.medallion.batch.BatchCommand;
import dev.medallion.batch.CliArgs;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code batch schedule}: runs the jobs on the {@link Cadence} in this JVM (for a laptop or a single VM; on a
 * cluster use cron or a Databricks Job with the same cadence, see batch/README.md). {@code --plan 24h} prints the
 * runs of the next 24 hours and exits.
 */
public final class ScheduleCommand implements BatchCommand {

    static final String USAGE = """
            batch schedule --lakehouse <path|URI> [--plan <duration>] [--master local[*]]
              Runs hourly at :05, daily and quality for the previous day at 02:00 UTC, maintenance on Sundays at
              03:00 UTC (when available), for ever. --plan 24h prints the runs of the next 24 hours and exits.""";

    private final Supplier<List<BatchCommand>> commands;
    private final Clock clock;
    private final PrintStream out;

    public ScheduleCommand(Supplier<List<BatchCommand>> commands) {
        this(commands, Clock.systemUTC(), System.out);
    }

    ScheduleCommand(Supplier<List<BatchCommand>> commands, Clock clock, PrintStream out) {
        this.commands = commands;
        this.clock = clock;
        this.out = out;
    }

    @Override
    public String name() {
        return "schedule";
    }

    @Override
    public String summary() {
        return "runs the jobs on the design's cadence (hourly :05, daily 02:00 UTC, weekly maintenance)";
    }

    @Override
    public int run(List<String> args) throws InterruptedException {
        if (args.contains("--help")) {
            out.println(USAGE);
            return 0;
        }
        CliArgs cli = CliArgs.parse(name(), args, Set.of("lakehouse", "plan", "master"), Set.of());
        List<String> common = new ArrayList<>(List.of("--lakehouse", cli.get("lakehouse").orElseThrow(
                () -> new IllegalArgumentException("schedule: --lakehouse is required"))));
        cli.get("master").ifPresent(m -> common.addAll(List.of("--master", m)));
        Map<String, BatchCommand> byName = new LinkedHashMap<>();
        commands.get().forEach(c -> byName.put(c.name(), c));
        Cadence cadence = new Cadence(common, byName.keySet());
        if (cli.has("plan")) {
            Duration window = cli.duration("plan", Duration.ofHours(24));
            cadence.between(clock.instant(), clock.instant().plus(window)).forEach(r -> out.println(r));
            return 0;
        }
        new Scheduler(cadence, byName, clock, Scheduler.systemSleeper(clock), out).run(Long.MAX_VALUE);
        return 0;
    }
}
