package dev.medallion.batch.maintenance;

import dev.medallion.batch.BatchCommand;
import dev.medallion.batch.BatchSpark;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code batch maintenance}: OPTIMIZE / Z-ORDER, VACUUM, checkpoint and log clean-up of the lakehouse's tables with
 * the defaults of {@link TablePolicies}; prints one summary line per table.
 */
public final class MaintenanceCommand implements BatchCommand {
    private static final String USAGE = """
            Usage: batch maintenance [--lakehouse DIR] [--table T]... [--where PREDICATE | --all-partitions]
                                     [--zorder C1,C2 | --no-zorder] [--retain-hours H [--force]] [--no-vacuum]
              --lakehouse DIR     lakehouse root, a path or Hadoop URI (default ./lakehouse)
              --table T           a table under the root, e.g. bronze/events (repeatable; default: every table with
                                  defaults that exists)
              --where PREDICATE   OPTIMIZE only these partitions (partition columns only), instead of the table's
                                  cold partitions (bronze, silver: date < current_date())
              --all-partitions    OPTIMIZE the whole table, the partition the sink is filling included
              --zorder C1,C2      Z-order by these columns instead of the table's (bronze, silver: event_type,user_id;
                                  never a partition column)
              --no-zorder         compaction only
              --retain-hours H    VACUUM retention; below the table's (bronze 168, others 720) only with --force
              --force             accept a shorter retention: only for a table no sink writes
              --no-vacuum         skip VACUUM""";

    private final PrintStream out;

    public MaintenanceCommand() {
        this(System.out);
    }

    MaintenanceCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "maintenance";
    }

    @Override
    public String summary() {
        return "OPTIMIZE/Z-ORDER cold partitions, VACUUM (168 h bronze, 720 h others), checkpoint, log clean-up";
    }

    @Override
    public int run(List<String> args) {
        String lakehouse = "lakehouse";
        List<String> tables = new ArrayList<>();
        Optional<String> where = Optional.empty();
        boolean allPartitions = false;
        Optional<Double> retention = Optional.empty();
        boolean force = false;
        boolean vacuum = true;
        Optional<List<String>> zOrderBy = Optional.empty();
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--lakehouse" -> lakehouse = value(args, ++i, arg);
                    case "--table" -> tables.add(value(args, ++i, arg));
                    case "--where" -> where = Optional.of(value(args, ++i, arg));
                    case "--all-partitions" -> allPartitions = true;
                    case "--retain-hours" -> retention = Optional.of(hours(value(args, ++i, arg)));
                    case "--force" -> force = true;
                    case "--no-vacuum" -> vacuum = false;
                    case "--zorder" -> zOrderBy = Optional.of(List.of(value(args, ++i, arg).split(",")));
                    case "--no-zorder" -> zOrderBy = Optional.of(List.of());
                    case "--help", "-h" -> {
                        System.err.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("Unknown option '" + arg + "'.");
                }
            }
            if (where.isPresent() && allPartitions) {
                throw new IllegalArgumentException("--where and --all-partitions exclude each other.");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        MaintenanceOptions options = new MaintenanceOptions(where, allPartitions, retention, force, vacuum,
                zOrderBy);
        List<TablePolicy> policies = tables.isEmpty()
                ? TablePolicies.all()
                : tables.stream().map(TablePolicies::forTable).toList();
        // Refuse before any table is touched, not after the first one was maintained.
        try {
            policies.forEach(options::retention);
        } catch (RetentionTooShortException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        SparkSession spark = BatchSpark.start("medallion-batch-maintenance", localMasterUnlessSubmitted());
        TableMaintenance maintenance = new TableMaintenance(spark);
        for (TablePolicy policy : policies) {
            String uri = tableUri(lakehouse, policy.table());
            if (!DeltaTable.isDeltaTable(spark, uri)) {
                if (!tables.isEmpty()) {
                    System.err.println("No Delta table at " + uri + ".");
                    return 1;
                }
                continue;
            }
            out.println(maintenance.run(uri, policy, options).format());
        }
        return 0;
    }

    /** {@code local[*]} unless spark-submit (or Databricks) already chose a master. */
    public static String localMasterUnlessSubmitted() {
        return System.getProperty("spark.master") != null ? null : "local[*]";
    }

    /** The table's URI under the lakehouse root (a path becomes an absolute {@code file:} URI). */
    public static String tableUri(String lakehouse, String table) {
        // A scheme of two letters or more (file:, abfss:) is a URI; anything else, a drive letter included, a path.
        String root = lakehouse.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")
                ? lakehouse
                : Path.of(lakehouse).toAbsolutePath().normalize().toUri().toString();
        return (root.endsWith("/") ? root : root + "/") + table;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value.");
        }
        return args.get(i);
    }

    private static double hours(String text) {
        try {
            double hours = Double.parseDouble(text);
            if (hours < 0 || Double.isNaN(hours) || Double.isInfinite(hours)) {
                throw new NumberFormatException();
            }
            return hours;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--retain-hours needs a number of hours >= 0, got '" + text + "'.");
        }
    }
}
