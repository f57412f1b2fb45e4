package dev.medallion.batch;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code batch} CLI: {@code batch <command> [options]}. Locally through {@code batch/batch.sh}; on a cluster the
 * same jar through {@code spark-submit --class dev.medallion.batch.BatchMain}.
 */
public final class BatchMain {

    private final Map<String, BatchCommand> commands = new LinkedHashMap<>();

    BatchMain(List<BatchCommand> available) {
        available.forEach(command -> commands.put(command.name(), command));
    }

    /** Every sub-command of the CLI, in the order the usage lists them. */
    static List<BatchCommand> allCommands() {
        return List.of(
                new dev.medallion.batch.hourly.HourlyCommand(),
                new dev.medallion.batch.daily.DailyCommand(),
                new dev.medallion.batch.quality.QualityCommand(),
                new dev.medallion.batch.maintenance.MaintenanceCommand(),
                new dev.medallion.batch.archive.ArchiveCommand(),
                new dev.medallion.batch.schedule.ScheduleCommand(BatchMain::allCommands));
    }

    public static void main(String[] args) throws Exception {
        System.exit(new BatchMain(allCommands()).run(List.of(args), System.err));
    }

    int run(List<String> args, PrintStream err) throws Exception {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
            usage(err);
            return args.isEmpty() ? 2 : 0;
        }
        BatchCommand command = commands.get(args.get(0));
        if (command == null) {
            err.println("Unknown command '" + args.get(0) + "'.");
            usage(err);
            return 2;
        }
        try {
            return command.run(args.subList(1, args.size()));
        } catch (IllegalArgumentException e) {
            // A mistake in the options or a refused request (e.g. an hour not complete yet): the message says what.
            err.println(e.getMessage());
            return 2;
        }
    }

    private void usage(PrintStream err) {
        err.println("Usage: batch <command> [options]   (batch <command> --help for its options)");
        commands.values().forEach(c -> err.printf("  %-12s %s%n", c.name(), c.summary()));
    }
}
