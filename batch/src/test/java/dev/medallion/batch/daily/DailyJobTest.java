package dev.medallion.batch.daily;

import dev.medallion.batch.BronzeFixture;
import dev.medallion.batch.BronzeFixture.Raw;
import dev.medallion.batch.Lakehouse;
import dev.medallion.batch.SilverFixture;
import dev.medallion.batch.SilverFixture.Event;
import dev.medallion.batch.TestSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One day from bronze: validation, dedupe, enrichment, reconciliation with silver, summary; a re-run changes nothing. */
class DailyJobTest {
    static final LocalDate DAY = LocalDate.parse("2026-12-03");
    static final Instant H10 = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void recomputesTheDayReconcilesWithSilverAndIsIdempotent(@TempDir Path dir) {
        SparkSession spark = TestSpark.session();
        Lakehouse lakehouse = Lakehouse.at(dir.toString());
        List<Raw> bronze = new ArrayList<>();
        List<Event> silver = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long t = H10.toEpochMilli() + i * 300_000L;   // 10:00 .. 11:35, every 5 minutes
            String type = i % 4 == 0 ? "purchase" : i % 4 == 1 ? "review" : "click";
            String text = type.equals("review") ? (i % 8 == 1 ? "I love the great service" : "Terrible, awful delay")
                    : null;
            bronze.add(new Raw("e" + i, type, "eastus", t, type.equals("purchase") ? 10.0 : null, text,
                    Instant.ofEpochMilli(t + 1000)));
            if (i != 7) {   // silver missed e7
                silver.add(new Event("e" + i, type, "eastus", Instant.ofEpochMilli(t), null, 1L, 1L, 1L, false, text));
            }
        }
        bronze.add(new Raw("e3", "purchase", "eastus", bronze.get(3).eventTime(), 10.0, null,
                Instant.ofEpochMilli(bronze.get(3).eventTime() + 9000)));   // a producer's retry: a duplicate
        bronze.add(new Raw("bad", "purchase", "eastus", H10.toEpochMilli(), -5.0, null, H10));   // negative revenue
        bronze.add(new Raw(null, "click", "eastus", H10.toEpochMilli(), null, null, H10));       // no event_id
        silver.add(new Event("ghost", "click", "eastus", H10.plusSeconds(30), null, 1L, 1L, 1L, false, null));
        BronzeFixture.append(spark, lakehouse.table(Lakehouse.BRONZE_EVENTS), DAY, bronze);
        SilverFixture.append(spark, lakehouse.table(Lakehouse.SILVER_EVENTS), silver);

        DailyJob.Report report = new DailyJob(spark, lakehouse).run(DAY);

        assertThat(report.bronzeRows()).isEqualTo(23);
        assertThat(report.invalidRows()).isEqualTo(2);
        assertThat(report.duplicateRows()).isEqualTo(1);
        assertThat(report.batchEvents()).isEqualTo(20);
        assertThat(report.silverEvents()).isEqualTo(20);
        assertThat(report.onlyInBatch()).isEqualTo(1);
        assertThat(report.onlyInSilver()).isEqualTo(1);
        assertThat(report.invalidReasons()).extracting(r -> r.getString(0))
                .containsExactly("event_id missing", "revenue negative or NaN");
        assertThat(report.hours()).extracting(r -> r.<Long>getAs("batch_events")).containsExactly(12L, 8L);

        List<Row> recon = table(spark, lakehouse, Lakehouse.BATCH_RECONCILIATION);
        assertThat(recon).filteredOn(r -> !r.getAs("kind").equals("hour"))
                .extracting(r -> r.getAs("kind") + ":" + r.getAs("event_id"))
                .containsExactlyInAnyOrder("only_in_batch:e7", "only_in_silver:ghost");

        List<Row> events = table(spark, lakehouse, Lakehouse.BATCH_EVENTS);
        assertThat(events).hasSize(20);
        assertThat(events).filteredOn(r -> "review".equals(r.getAs("event_type")))
                .allSatisfy(r -> {
                    String text = r.getAs("text");
                    assertThat(r.<String>getAs("sentiment")).isEqualTo(text.startsWith("I love") ? "positive" : "negative");
                    assertThat(r.<List<String>>getList(r.fieldIndex("key_phrases"))).isNotEmpty();
                });
        assertThat(events).filteredOn(r -> r.getAs("text") == null)
                .allSatisfy(r -> assertThat(r.<String>getAs("sentiment")).isNull());

        List<Row> summary = table(spark, lakehouse, Lakehouse.GOLD_DAILY_SUMMARY);
        Row purchases = summary.stream().filter(r -> r.getAs("event_type").equals("purchase")).findFirst().orElseThrow();
        assertThat(purchases.<Long>getAs("events")).isEqualTo(5);
        assertThat(purchases.<Double>getAs("revenue_sum")).isEqualTo(50.0);
        Row reviews = summary.stream().filter(r -> r.getAs("event_type").equals("review")).findFirst().orElseThrow();
        assertThat(reviews.<Long>getAs("sentiment_positive")).isEqualTo(3);   // e1, e9, e17
        assertThat(reviews.<Long>getAs("sentiment_negative")).isEqualTo(2);   // e5, e13
        assertThat(reviews.<List<String>>getList(reviews.fieldIndex("top_key_phrases"))).isNotEmpty().hasSizeLessThanOrEqualTo(5);

        // Idempotent: the same day again leaves exactly the same rows in every table it writes.
        new DailyJob(spark, lakehouse).run(DAY);
        assertThat(sorted(table(spark, lakehouse, Lakehouse.BATCH_EVENTS))).isEqualTo(sorted(events));
        assertThat(sorted(table(spark, lakehouse, Lakehouse.BATCH_RECONCILIATION))).isEqualTo(sorted(recon));
        assertThat(sorted(table(spark, lakehouse, Lakehouse.GOLD_DAILY_SUMMARY))).isEqualTo(sorted(summary));
    }

    static List<Row> table(SparkSession spark, Lakehouse lakehouse, String name) {
        return spark.read().format("delta").load(lakehouse.table(name)).collectAsList();
    }

    static List<String> sorted(List<Row> rows) {
        return rows.stream().map(Row::toString).sorted(Comparator.naturalOrder()).toList();
    }
}
