package dev.medallion.batch.quality;

import dev.medallion.batch.quality.ExpectationsFile.TableExpectations;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

/** Runs one table's expectations on one day of it with Spark and returns a result per expectation. */
final class TableChecker {

    static final int SAMPLES = 5;
    private static final int SAMPLE_CHARS = 1000;

    private final SparkSession spark;

    TableChecker(SparkSession spark) {
        this.spark = spark;
    }

    List<CheckResult> check(String location, TableExpectations spec, LocalDate day, Instant now) {
        Dataset<Row> table = spark.read().format("delta").load(location);
        Dataset<Row> rows = table.where(col(spec.dateColumn()).equalTo(lit(day))).cache();
        try {
            long total = rows.count();
            List<CheckResult> results = new ArrayList<>();
            for (Expectation e : spec.checks()) {
                results.add(check(e, table, rows, total, spec.dateColumn(), day, now));
            }
            return results;
        } finally {
            rows.unpersist();
        }
    }

    private CheckResult check(Expectation e, Dataset<Row> table, Dataset<Row> rows, long total, String dateColumn,
                              LocalDate day, Instant now) {
        if (e instanceof Expectation.NotNull n) {
            return rowsFailing(e, rows, total, n.columns().stream().map(c -> col(c).isNull())
                    .reduce(Column::or).orElseThrow());
        }
        if (e instanceof Expectation.Range r) {
            Column c = col(r.column()).cast("double");
            Column bad = lit(false);
            if (r.min() != null) {
                bad = bad.or(c.lt(r.min()));
            }
            if (r.max() != null) {
                bad = bad.or(c.gt(r.max()));
            }
            return rowsFailing(e, rows, total, c.isNotNull().and(bad));
        }
        if (e instanceof Expectation.AllowedValues a) {
            return rowsFailing(e, rows, total, col(a.column()).isNotNull()
                    .and(functions.not(col(a.column()).cast("string").isin(a.values().toArray()))));
        }
        if (e instanceof Expectation.Unique u) {
            return unique(u, rows, total);
        }
        if (e instanceof Expectation.Freshness f) {
            return freshness(f, table, now);
        }
        return drift((Expectation.RowCountDrift) e, table, total, dateColumn, day);
    }

    private CheckResult rowsFailing(Expectation e, Dataset<Row> rows, long total, Column failing) {
        Dataset<Row> bad = rows.where(failing);
        long failed = bad.count();
        return new CheckResult(e, failed == 0, failed, total, failed + " of " + total + " rows fail",
                failed == 0 ? List.of() : samples(bad));
    }

    private CheckResult unique(Expectation.Unique u, Dataset<Row> rows, long total) {
        Column[] key = u.columns().stream().map(functions::col).toArray(Column[]::new);
        Dataset<Row> repeated = rows.groupBy(key).agg(count(lit(1)).as("copies")).where(col("copies").gt(1));
        Row sums = repeated.agg(functions.sum(col("copies").minus(1)), count(lit(1))).first();
        long failed = sums.isNullAt(0) ? 0 : sums.getLong(0);
        return new CheckResult(u, failed == 0, failed, total,
                failed + " rows repeat one of " + sums.getLong(1) + " keys",
                failed == 0 ? List.of() : samples(repeated));
    }

    private CheckResult freshness(Expectation.Freshness f, Dataset<Row> table, Instant now) {
        Row newest = table.agg(max(col(f.column()))).first();
        if (newest.isNullAt(0)) {
            return new CheckResult(f, false, 1, 1, "the table has no value in " + f.column(), List.of());
        }
        Instant at = newest.getAs(0);
        Duration age = Duration.between(at, now);
        boolean ok = age.compareTo(f.maxAge()) <= 0;
        return new CheckResult(f, ok, ok ? 0 : 1, 1, "newest " + f.column() + " " + at + " is " + age
                + " old (at most " + f.maxAge() + ")", List.of());
    }

    private CheckResult drift(Expectation.RowCountDrift d, Dataset<Row> table, long total, String dateColumn,
                              LocalDate day) {
        long previous = table.where(col(dateColumn).equalTo(lit(day.minusDays(1)))).count();
        if (previous == 0) {
            // Nothing to compare with (a first day): not a failure, said so.
            return new CheckResult(d, true, 0, 1, total + " rows; previous day " + day.minusDays(1)
                    + " has none: not compared", List.of());
        }
        double change = Math.abs(total - previous) / (double) previous;
        boolean ok = change <= d.maxChange();
        return new CheckResult(d, ok, ok ? 0 : 1, 1, String.format("%d rows vs %d on %s: change %.3f (at most %s)",
                total, previous, day.minusDays(1), change, d.maxChange()), List.of());
    }

    private static List<String> samples(Dataset<Row> bad) {
        return bad.limit(SAMPLES).toJSON().collectAsList().stream()
                .map(s -> s.length() > SAMPLE_CHARS ? s.substring(0, SAMPLE_CHARS) + "..." : s).toList();
    }
}
