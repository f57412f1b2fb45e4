package dev.medallion.batch.quality;

import dev.medallion.batch.Lakehouse;
import dev.medallion.batch.SilverFixture;
import dev.medallion.batch.SilverFixture.Event;
import dev.medallion.batch.TestSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each expectation type passing on a clean table and failing on a dirty one; scores; gold/data_quality rows. */
class QualityJobTest {
    static final LocalDate DAY = LocalDate.parse("2026-12-03");
    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    static final String EXPECTATIONS = """
            version: 3
            tables:
              - table: %s
                date_column: date
                expectations:
                  - {type: not_null, columns: [event_id, event_type]}
                  - {type: unique, columns: [event_id, event_timestamp]}
                  - {type: range, column: latency_ms, min: 0, max: 1000}
                  - {type: allowed_values, column: event_type, values: [click, purchase]}
                  - {type: freshness, column: processed_timestamp, max_age: 2h}
                  - {type: row_count_drift, max_change: 0.5}
            """;

    static Event event(String id, String type, Instant ts, long latency) {
        return new Event(id, type, "eastus", ts, null, latency, 10L, 1L, false, null);
    }

    static List<Event> day(LocalDate day, int n, int hour) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(event(day + "-" + i, i % 2 == 0 ? "click" : "purchase",
                    day.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(hour * 3600L + i), 100));
        }
        return out;
    }

    @Test
    void everyExpectationPassesOnACleanTableAndFailsOnADirtyOne(@TempDir Path dir) throws Exception {
        SparkSession spark = TestSpark.session();
        Lakehouse lakehouse = Lakehouse.at(dir.toString());
        List<Event> clean = new ArrayList<>(day(DAY.minusDays(1), 10, 10));
        clean.addAll(day(DAY, 10, 11));
        SilverFixture.append(spark, lakehouse.table("clean/events"), clean);

        // 10 rows on DAY, all at 01:00 (stale at 12:00), 2 on the day before (drift 4.0): one row per row check fails.
        List<Event> dirty = new ArrayList<>(day(DAY.minusDays(1), 2, 1));
        List<Event> today = day(DAY, 7, 1);
        Instant t = DAY.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(3600 + 100);
        today.add(event(null, "click", t, 5));                  // not_null
        today.add(today.get(0));                                // unique: a second copy
        today.add(event("neg", "teleport", t.plusSeconds(1), -1)); // range and allowed_values
        dirty.addAll(today);
        SilverFixture.append(spark, lakehouse.table("dirty/events"), dirty);

        ExpectationsFile file = ExpectationsFile.parse(new ByteArrayInputStream(
                (EXPECTATIONS.formatted("clean/events") + EXPECTATIONS.formatted("dirty/events")
                        .substring(EXPECTATIONS.indexOf("  - table"))).getBytes(StandardCharsets.UTF_8)), "t.yaml");
        List<QualityJob.TableReport> reports = new QualityJob(spark, lakehouse, Clock.fixed(NOW, ZoneOffset.UTC))
                .run(file, DAY);

        QualityJob.TableReport good = reports.get(0);
        assertThat(good.results()).allSatisfy(r -> assertThat(r.passed()).as(r.expectation().describe()).isTrue());
        assertThat(good.score()).isEqualTo(1.0);
        assertThat(good.belowThreshold()).isFalse();

        QualityJob.TableReport bad = reports.get(1);
        Map<String, CheckResult> byType = new HashMap<>();
        bad.results().forEach(r -> byType.put(r.expectation().describe().replaceAll("\\(.*", ""), r));
        assertThat(byType.values()).allSatisfy(r -> assertThat(r.passed()).as(r.expectation().describe()).isFalse());
        assertThat(byType.get("not_null").failedRows()).isEqualTo(1);
        assertThat(byType.get("not_null").checkedRows()).isEqualTo(10);
        assertThat(byType.get("unique").failedRows()).isEqualTo(1);
        assertThat(byType.get("range").failedRows()).isEqualTo(1);
        assertThat(byType.get("allowed_values").failedRows()).isEqualTo(1);
        assertThat(byType.get("allowed_values").samples()).singleElement().asString().contains("teleport");
        assertThat(byType.get("freshness").details()).contains("2026-12-03T01:01:42Z");
        assertThat(byType.get("row_count_drift").details()).contains("10 rows vs 2");
        assertThat(bad.score()).isZero();
        assertThat(bad.belowThreshold()).isTrue();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = new QualityCommand(new PrintStream(printed, true, StandardCharsets.UTF_8),
                Clock.fixed(NOW, ZoneOffset.UTC)).report(reports, DAY, file.version());
        assertThat(exit).isEqualTo(QualityCommand.BELOW_THRESHOLD);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("dirty/events 2026-12-03: score 0.0000")
                .contains("FAILED unique");

        List<Row> rows = spark.read().format("delta").load(lakehouse.table(Lakehouse.GOLD_DATA_QUALITY))
                .collectAsList();
        assertThat(rows).hasSize(12);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.<LocalDate>getAs("date")).isEqualTo(DAY);
            assertThat(r.<Instant>getAs("run_at")).isEqualTo(NOW);
            assertThat(r.<Double>getAs("threshold")).isEqualTo(0.998);
            assertThat(r.<Integer>getAs("expectations_version")).isEqualTo(3);
        });
        assertThat(rows.stream().filter(r -> r.getAs("table_name").equals("dirty/events"))
                .allMatch(r -> !r.<Boolean>getAs("passed") && r.<Double>getAs("quality_score") == 0.0)).isTrue();

        // Row failures alone: the score is the share of row checks passed (4 checks x 10 rows, 4 failing).
        List<CheckResult> rowOnly = bad.results().stream().filter(r -> r.expectation().rowCheck()).toList();
        assertThat(QualityScore.of(rowOnly)).isEqualTo(1 - 4 / 40.0);
    }
}
