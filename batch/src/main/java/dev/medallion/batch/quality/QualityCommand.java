package dev.medallion.batch.quality;

import dev.medallion.batch.BatchCommand;
import dev.medallion.batch.BatchSpark;
import dev.medallion.batch.CliArgs;
import dev.medallion.batch.Lakehouse;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * {@code batch quality}: runs the expectations, prints each table's score and failing checks, and exits with
 * {@value #BELOW_THRESHOLD} when a table scores below its threshold, so a scheduler alerts.
 */
public final class QualityCommand implements BatchCommand {

    public static final int BELOW_THRESHOLD = 3;

    static final String USAGE = """
            batch quality --lakehouse <path|URI> [--date YYYY-MM-DD] [--expectations <file>] [--master local[*]]
              Checks each table of the expectations file (default: the bundled one) for one UTC day (default:
              today) and appends the results to gold/data_quality. Exit code 3 when a table scores below its
              threshold (default 0.998).""";

    private final PrintStream out;
    private final Clock clock;

    public QualityCommand() {
        this(System.out, Clock.systemUTC());
    }

    QualityCommand(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "quality";
    }

    @Override
    public String summary() {
        return "data-quality expectations -> gold/data_quality; exit 3 below threshold";
    }

    @Override
    public int run(List<String> args) throws IOException {
        if (args.contains("--help")) {
            out.println(USAGE);
            return 0;
        }
        CliArgs cli = CliArgs.parse(name(), args, Set.of("lakehouse", "date", "expectations", "master"), Set.of());
        LocalDate day = cli.get("date").map(QualityCommand::date).orElse(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        ExpectationsFile file = cli.get("expectations").map(QualityCommand::read).orElse(ExpectationsFile.bundled());
        Lakehouse lakehouse = Lakehouse.at(cli.get("lakehouse", null));
        SparkSession spark = BatchSpark.start("medallion-batch-quality", cli.sparkMaster());
        try {
            return report(new QualityJob(spark, lakehouse, clock).run(file, day), day, file.version());
        } finally {
            spark.stop();
        }
    }

    int report(List<QualityJob.TableReport> reports, LocalDate day, int version) {
        boolean below = false;
        for (QualityJob.TableReport t : reports) {
            out.printf("quality: %s %s: score %.4f (threshold %s) %s%n", t.table(), day, t.score(), t.threshold(),
                    t.belowThreshold() ? "BELOW THRESHOLD" : "ok");
            for (CheckResult r : t.results()) {
                if (!r.passed()) {
                    out.printf("quality:   FAILED %s: %s%n", r.expectation().describe(), r.details());
                    r.samples().forEach(s -> out.println("quality:     e.g. " + s));
                }
            }
            below |= t.belowThreshold();
        }
        out.printf("quality: %d table(s) checked against expectations version %d; results in gold/data_quality%n",
                reports.size(), version);
        return below ? BELOW_THRESHOLD : 0;
    }

    private static LocalDate date(String v) {
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("quality: --date '" + v + "' is not a date such as 2026-12-03");
        }
    }

    private static ExpectationsFile read(String path) {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            return ExpectationsFile.parse(in, path);
        } catch (IOException e) {
            throw new IllegalArgumentException("quality: cannot read --expectations " + path + ": " + e.getMessage());
        }
    }
}
