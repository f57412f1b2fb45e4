package dev.medallion.batch.archive;

import dev.medallion.batch.BatchCommand;
import dev.medallion.batch.BatchSpark;
import dev.medallion.batch.maintenance.MaintenanceCommand;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code batch archive}: moves bronze partitions older than N days to {@code archive/bronze_events} (see
 * {@link PartitionArchiver} for why nothing a sink appends meanwhile is lost or copied twice).
 */
public final class ArchiveCommand implements BatchCommand {
    private static final String USAGE = """
            Usage: batch archive [--lakehouse DIR] [--older-than-days N | --before DATE] [--max-attempts A]
              --lakehouse DIR       lakehouse root, a path or Hadoop URI (default ./lakehouse)
              --older-than-days N   archive bronze partitions whose date is before today (UTC) - N days
                                    (default 90, at least 1)
              --before DATE         archive partitions before this date (yyyy-mm-dd) instead
              --max-attempts A      attempts of each step when a sink's append wins the commit race (default 5)""";

    private final PrintStream out;

    public ArchiveCommand() {
        this(System.out);
    }

    ArchiveCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "archive";
    }

    @Override
    public String summary() {
        return "move bronze partitions older than N days to archive/bronze_events (queryable, same schema)";
    }

    @Override
    public int run(List<String> args) {
        String lakehouse = "lakehouse";
        LocalDate cutoff = LocalDate.now(ZoneOffset.UTC).minusDays(90);
        int maxAttempts = 5;
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--lakehouse" -> lakehouse = value(args, ++i, arg);
                    case "--older-than-days" -> {
                        int days = positive(value(args, ++i, arg), arg);
                        cutoff = LocalDate.now(ZoneOffset.UTC).minusDays(days);
                    }
                    case "--before" -> cutoff = date(value(args, ++i, arg));
                    case "--max-attempts" -> maxAttempts = positive(value(args, ++i, arg), arg);
                    case "--help", "-h" -> {
                        System.err.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("Unknown option '" + arg + "'.");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        ArchivePolicy policy = ArchivePolicy.BRONZE;
        SparkSession spark = BatchSpark.start("medallion-batch-archive",
                MaintenanceCommand.localMasterUnlessSubmitted());
        String source = MaintenanceCommand.tableUri(lakehouse, policy.source());
        if (!DeltaTable.isDeltaTable(spark, source)) {
            System.err.println("No Delta table at " + source + ".");
            return 1;
        }
        ArchiveReport report = new PartitionArchiver(spark, maxAttempts, Duration.ofSeconds(2))
                .archive(policy, source, MaintenanceCommand.tableUri(lakehouse, policy.archive()), cutoff);
        out.println(report.format());
        return 0;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value.");
        }
        return args.get(i);
    }

    private static int positive(String text, String option) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a whole number >= 1, got '" + text + "'.");
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("--before needs a date as yyyy-mm-dd, got '" + text + "'.");
        }
    }
}
