package dev.medallion.batch.adls;

import dev.medallion.adls.emulator.AdlsEmulator;
import dev.medallion.batch.DeltaTables;
import dev.medallion.batch.Lakehouse;
import dev.medallion.batch.SilverFixture;
import dev.medallion.batch.SilverFixture.Event;
import dev.medallion.batch.TestSpark;
import dev.medallion.batch.hourly.HourlyMetricsJob;
import dev.medallion.batch.quality.ExpectationsFile;
import dev.medallion.batch.quality.QualityJob;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hourly job and the quality check with the lakehouse on ADLS Gen2: silver, gold/hourly_metrics and
 * gold/data_quality under {@code abfss://} on the ADLS emulator, through hadoop-azure's ABFS driver in the module's
 * shared Spark session (Delta's Azure log store commits by rename without overwrite there).
 */
class AbfssLakehouseTest {
    private static final Instant HOUR = Instant.parse("2026-12-03T10:00:00Z");
    private static SparkSession spark;
    private static AdlsEmulator adls;

    @BeforeAll
    static void start() {
        // Before this JVM's first ABFS request: the driver captures the default TLS context once.
        AdlsEmulator.trustCertificateInThisJvm();
        adls = AdlsEmulator.builder().fileSystem("lakehouse").build().start();
        spark = TestSpark.session();
        // As spark.hadoop.* settings would on spark-submit; the session's other tests use file: tables only.
        adls.sharedKeySettings().forEach(spark.sparkContext().hadoopConfiguration()::set);
    }

    @AfterAll
    static void stop() {
        adls.close();
    }

    @Test
    void hourlyJobAndQualityCheckReadAndWriteTheirTablesThroughAbfss() throws Exception {
        Lakehouse lakehouse = Lakehouse.at(adls.uri("lakehouse", "lake"));
        assertThat(lakehouse.root()).startsWith("abfss://lakehouse@");
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(new Event("e" + i, i % 3 == 0 ? "purchase" : "click", "westeurope", HOUR.plusSeconds(i * 60L),
                    i % 3 == 0 ? 10.0 : null, 100L + i, 200L + i, 5L, i == 7, null));
        }
        SilverFixture.append(spark, lakehouse.table(Lakehouse.SILVER_EVENTS), events);

        HourlyMetricsJob.Result result = new HourlyMetricsJob(spark, lakehouse,
                Clock.fixed(Instant.parse("2026-12-03T11:06:00Z"), ZoneOffset.UTC))
                .run(HourlyMetricsJob.Request.pending());
        assertThat(result.written()).extracting(HourlyMetricsJob.HourWritten::hour).containsExactly(HOUR);
        String gold = lakehouse.table(Lakehouse.GOLD_HOURLY_METRICS);
        assertThat(DeltaTables.txnVersion(spark, gold, HourlyMetricsJob.TXN_APP_ID))
                .hasValue(HOUR.getEpochSecond() / 3600);
        List<Row> rows = spark.read().format("delta").load(gold).orderBy("event_type").collectAsList();
        assertThat(rows).extracting(r -> r.<String>getAs("event_type")).containsExactly("click", "purchase");
        assertThat(rows).extracting(r -> r.<Long>getAs("event_count")).containsExactly(20L, 10L);
        assertThat(rows).extracting(r -> r.<Long>getAs("late_event_count")).containsExactly(1L, 0L);
        assertThat(rows.get(1).<Double>getAs("revenue_sum")).isEqualTo(100.0);
        // Idempotent on ADLS as on disk: the same hour again commits nothing.
        long version = DeltaTables.version(spark, gold);
        new HourlyMetricsJob(spark, lakehouse, Clock.fixed(Instant.parse("2026-12-03T11:30:00Z"), ZoneOffset.UTC))
                .run(HourlyMetricsJob.Request.pending());
        assertThat(DeltaTables.version(spark, gold)).isEqualTo(version);

        ExpectationsFile expectations = ExpectationsFile.parse(new ByteArrayInputStream("""
                version: 1
                tables:
                  - table: silver/events
                    date_column: date
                    expectations:
                      - {type: not_null, columns: [event_id, event_type]}
                      - {type: range, column: latency_ms, min: 0, max: 1000}
                """.getBytes(StandardCharsets.UTF_8)), "adls.yaml");
        LocalDate day = LocalDate.parse("2026-12-03");
        List<QualityJob.TableReport> reports = new QualityJob(spark, lakehouse,
                Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC)).run(expectations, day);
        assertThat(reports).singleElement().satisfies(r -> assertThat(r.score()).isEqualTo(1.0));
        List<Row> quality = spark.read().format("delta").load(lakehouse.table(Lakehouse.GOLD_DATA_QUALITY))
                .collectAsList();
        assertThat(quality).hasSize(2).allSatisfy(r -> {
            assertThat(r.<Boolean>getAs("passed")).isTrue();
            assertThat(r.<Long>getAs("checked_rows")).isEqualTo(30L);
        });

        // The tables are the emulator's: their logs sit in its file system, not on a local path of the job.
        for (String table : List.of(Lakehouse.SILVER_EVENTS, Lakehouse.GOLD_HOURLY_METRICS,
                Lakehouse.GOLD_DATA_QUALITY)) {
            assertThat(Files.isDirectory(adls.fileSystemDirectory("lakehouse").resolve("lake/" + table
                    + "/_delta_log"))).as(table).isTrue();
        }
    }
}
