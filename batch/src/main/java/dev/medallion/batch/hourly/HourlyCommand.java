package dev.medallion.batch.hourly;

import dev.medallion.batch.BatchCommand;
import dev.medallion.batch.BatchSpark;
import dev.medallion.batch.CliArgs;
import dev.medallion.batch.Lakehouse;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code batch hourly}: runs {@link HourlyMetricsJob} and prints which hours it wrote or skipped. */
public final class HourlyCommand implements BatchCommand {

    static final String USAGE = """
            batch hourly --lakehouse <path|URI> [--hour <ISO hour> | --through <ISO instant>] [--grace 5m]
                         [--since <ISO instant>] [--max-hours 744] [--master local[*]]
              silver/events -> gold/hourly_metrics, one commit per hour in ascending order (txnAppId
              medallion-batch-hourly, txnVersion = epoch hour). Default: every eligible hour not yet written,
              from the first hour silver holds (or from --since, on a table without progress yet: hours before
              it stay out of the batch view). An hour is eligible once its end + grace has passed.""";

    private final PrintStream out;
    private final Clock clock;

    public HourlyCommand() {
        this(System.out, Clock.systemUTC());
    }

    HourlyCommand(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "hourly";
    }

    @Override
    public String summary() {
        return "silver -> gold/hourly_metrics, idempotent per hour (the serving layer's batch view)";
    }

    @Override
    public int run(List<String> args) {
        if (args.contains("--help")) {
            out.println(USAGE);
            return 0;
        }
        CliArgs cli = CliArgs.parse(name(), args, Set.of("lakehouse", "hour", "through", "grace", "max-hours",
                "since", "master"), Set.of());
        HourlyMetricsJob.Request request = new HourlyMetricsJob.Request(cli.instant("hour"), cli.instant("through"),
                cli.duration("grace", Duration.ofMinutes(5)), cli.integer("max-hours", 744, 1),
                cli.instant("since"));
        Lakehouse lakehouse = Lakehouse.at(cli.get("lakehouse", null));
        SparkSession spark = BatchSpark.start("medallion-batch-hourly", cli.sparkMaster());
        try {
            print(new HourlyMetricsJob(spark, lakehouse, clock).run(request));
            return 0;
        } finally {
            spark.stop();
        }
    }

    void print(HourlyMetricsJob.Result result) {
        for (HourlyMetricsJob.HourWritten h : result.written()) {
            out.printf("hourly: wrote hour %s: %d rows, %d events%n", h.hour(), h.rows(), h.events());
        }
        result.alreadyWritten().forEach(h -> out.printf("hourly: skipped hour %s: already written%n", h));
        if (!result.note().isEmpty()) {
            out.println("hourly: " + result.note());
        }
        long rows = result.written().stream().mapToLong(HourlyMetricsJob.HourWritten::rows).sum();
        out.printf("hourly: %d hour(s) written, %d skipped, %d rows; batch view final through %s%n",
                result.written().size(), result.alreadyWritten().size(), rows,
                result.progress().isPresent()
                        ? HourPlan.hourStart(result.progress().getAsLong() + 1) + " (exclusive)" : "(nothing yet)");
    }
}
