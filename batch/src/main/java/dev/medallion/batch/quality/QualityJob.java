package dev.medallion.batch.quality;

import dev.medallion.batch.DeltaTables;
import dev.medallion.batch.Lakehouse;
import dev.medallion.batch.quality.ExpectationsFile.TableExpectations;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks each table of the expectations file for one day and appends one row per expectation to
 * {@code gold/data_quality} (one commit per run; {@code run_at} tells runs apart), with the table's
 * {@link QualityScore} repeated on each of its rows. Writes only its own table.
 */
public final class QualityJob {

    public static final StructType SCHEMA = new StructType()
            .add("table_name", DataTypes.StringType)
            .add("date", DataTypes.DateType)
            .add("run_at", DataTypes.TimestampType)
            .add("expectation", DataTypes.StringType)
            .add("passed", DataTypes.BooleanType)
            .add("failed_rows", DataTypes.LongType)
            .add("checked_rows", DataTypes.LongType)
            .add("quality_score", DataTypes.DoubleType)
            .add("threshold", DataTypes.DoubleType)
            .add("expectations_version", DataTypes.IntegerType)
            .add("details", DataTypes.StringType)
            .add("failure_samples", DataTypes.createArrayType(DataTypes.StringType));

    /** One table's outcome. */
    public record TableReport(String table, double score, double threshold, List<CheckResult> results) {
        public boolean belowThreshold() {
            return score < threshold;
        }
    }

    private final SparkSession spark;
    private final Lakehouse lakehouse;
    private final Clock clock;

    public QualityJob(SparkSession spark, Lakehouse lakehouse, Clock clock) {
        this.spark = spark;
        this.lakehouse = lakehouse;
        this.clock = clock;
    }

    public List<TableReport> run(ExpectationsFile file, LocalDate day) {
        Instant runAt = clock.instant();
        TableChecker checker = new TableChecker(spark);
        List<TableReport> reports = new ArrayList<>();
        List<Row> out = new ArrayList<>();
        for (TableExpectations spec : file.tables()) {
            String location = lakehouse.table(spec.table());
            List<CheckResult> results = DeltaTables.exists(spark, location)
                    ? checker.check(location, spec, day, runAt)
                    : List.of(new CheckResult(new Expectation.Exists(), false, 1, 1,
                    "no Delta table at " + spec.table(), List.of()));
            double score = QualityScore.of(results);
            reports.add(new TableReport(spec.table(), score, spec.threshold(), results));
            for (CheckResult r : results) {
                out.add(RowFactory.create(spec.table(), day, runAt, r.expectation().describe(), r.passed(),
                        r.failedRows(), r.checkedRows(), score, spec.threshold(), file.version(), r.details(),
                        r.samples().toArray(new String[0])));
            }
        }
        spark.createDataFrame(out, SCHEMA).write().format("delta").mode("append")
                .save(lakehouse.table(Lakehouse.GOLD_DATA_QUALITY));
        return reports;
    }
}
