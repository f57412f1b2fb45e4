package dev.medallion.batch.daily;

import dev.medallion.batch.BatchCommand;
import dev.medallion.batch.BatchSpark;
import dev.medallion.batch.CliArgs;
import dev.medallion.batch.Lakehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/** {@code batch daily}: runs {@link DailyJob} for one UTC day and prints its reconciliation report. */
public final class DailyCommand implements BatchCommand {

    static final String USAGE = """
            batch daily --lakehouse <path|URI> [--date YYYY-MM-DD] [--master local[*]]
              Recomputes one UTC day (default: yesterday) from bronze/events: validate, dedupe on (event_id, event
              time), enrich -> batch/events; reconciles with silver/events -> batch/reconciliation; business report
              -> gold/daily_summary. Replaces the day in each (re-running a day leaves the same rows).""";

    private final PrintStream out;
    private final Clock clock;

    public DailyCommand() {
        this(System.out, Clock.systemUTC());
    }

    DailyCommand(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "daily";
    }

    @Override
    public String summary() {
        return "recompute a day from bronze, reconcile with silver, gold/daily_summary";
    }

    @Override
    public int run(List<String> args) {
        if (args.contains("--help")) {
            out.println(USAGE);
            return 0;
        }
        CliArgs cli = CliArgs.parse(name(), args, Set.of("lakehouse", "date", "master"), Set.of());
        LocalDate day = cli.get("date").map(DailyCommand::date)
                .orElse(LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1));
        Lakehouse lakehouse = Lakehouse.at(cli.get("lakehouse", null));
        SparkSession spark = BatchSpark.start("medallion-batch-daily", cli.sparkMaster());
        try {
            print(new DailyJob(spark, lakehouse).run(day));
            return 0;
        } finally {
            spark.stop();
        }
    }

    void print(DailyJob.Report r) {
        out.printf("daily %s: bronze %d rows, %d invalid, %d duplicate copies removed -> batch/events %d events%n",
                r.day(), r.bronzeRows(), r.invalidRows(), r.duplicateRows(), r.batchEvents());
        r.invalidReasons().forEach(x -> out.printf("daily %s:   invalid: %s: %d%n", r.day(), x.get(0), x.getLong(1)));
        out.printf("daily %s: silver %d events; only in batch %d, only in silver %d (batch/reconciliation)%n",
                r.day(), r.silverEvents(), r.onlyInBatch(), r.onlyInSilver());
        for (Row h : r.hours()) {
            out.printf("daily %s:   hour %s: batch %d, silver %d, only in batch %d, only in silver %d%n", r.day(),
                    h.getAs("hour"), h.<Long>getAs("batch_events"), h.<Long>getAs("silver_events"),
                    h.<Long>getAs("only_in_batch"), h.<Long>getAs("only_in_silver"));
        }
    }

    private static LocalDate date(String v) {
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("daily: --date '" + v + "' is not a date such as 2026-12-03");
        }
    }
}
