package dev.medallion.batch.archive;

import dev.medallion.batch.TestSpark;
import dev.medallion.batch.maintenance.SmallEventTables;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The archive's two steps on one small bronze-shaped table, through the situations that could lose or duplicate a
 * row: a late event appended to an old partition between the steps, a re-run, and a run that dies between them.
 */
class PartitionArchiverTest {
    private static final LocalDate OLD = LocalDate.of(2024, 1, 15);
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final LocalDate CUTOFF = TODAY.minusDays(30);
    private static SparkSession spark;

    @TempDir
    Path lakehouse;

    @BeforeAll
    static void start() {
        // The module's shared session: stopping one of its own would stop the one the other classes use.
        spark = TestSpark.session();
    }


    @Test
    void movesOldPartitionsWithoutLosingOrDuplicatingARowAndReRunsChangeNothing() {
        String bronze = lakehouse.resolve("bronze/events").toUri().toString();
        String archive = lakehouse.resolve("archive/bronze_events").toUri().toString();
        SmallEventTables.append(spark, bronze, 0, 100, OLD, 0);
        SmallEventTables.append(spark, bronze, 100, 200, OLD, 1);
        SmallEventTables.append(spark, bronze, 1000, 1050, TODAY, 0);

        // A late event for the old day lands after the copy and before the removal: it must stay in bronze.
        ArchiveReport first = new PartitionArchiver(spark, new ConflictRetry(3, Duration.ofMillis(10)),
                () -> SmallEventTables.append(spark, bronze, 5000, 5010, OLD, 0))
                .archive(ArchivePolicy.BRONZE, bronze, archive, CUTOFF);
        assertThat(first.rowsCopied()).isEqualTo(200);
        assertThat(first.rowsRemoved()).isEqualTo(200);
        assertThat(seqs(archive)).containsExactlyElementsOf(range(0, 200));
        assertThat(seqs(bronze)).containsExactlyElementsOf(concat(range(1000, 1050), range(5000, 5010)));
        assertThat(spark.read().format("delta").load(archive).where("date = DATE'" + OLD + "' AND hour = 1")
                .count()).as("queryable by partition").isEqualTo(100);

        // The next run moves it.
        PartitionArchiver archiver = new PartitionArchiver(spark, 3, Duration.ofMillis(10));
        ArchiveReport second = archiver.archive(ArchivePolicy.BRONZE, bronze, archive, CUTOFF);
        assertThat(second.rowsCopied()).isEqualTo(10);
        assertThat(second.rowsRemoved()).isEqualTo(10);
        assertThat(seqs(archive)).containsExactlyElementsOf(concat(range(0, 200), range(5000, 5010)));
        assertThat(seqs(bronze)).containsExactlyElementsOf(range(1000, 1050));

        // A run that dies between copy and removal leaves the row in both; the next run finishes without a copy.
        SmallEventTables.append(spark, bronze, 6000, 6005, OLD, 1);
        PartitionArchiver dying = new PartitionArchiver(spark, new ConflictRetry(3, Duration.ofMillis(10)), () -> {
            throw new IllegalStateException("crash between copy and removal");
        });
        assertThatThrownBy(() -> dying.archive(ArchivePolicy.BRONZE, bronze, archive, CUTOFF))
                .hasMessageContaining("crash");
        assertThat(seqs(bronze)).containsExactlyElementsOf(concat(range(1000, 1050), range(6000, 6005)));
        ArchiveReport after = archiver.archive(ArchivePolicy.BRONZE, bronze, archive, CUTOFF);
        assertThat(after.rowsCopied()).isZero();
        assertThat(after.rowsRemoved()).isEqualTo(5);

        // Idempotent: a re-run of a finished run changes no row.
        ArchiveReport again = archiver.archive(ArchivePolicy.BRONZE, bronze, archive, CUTOFF);
        assertThat(again.rowsCopied()).isZero();
        assertThat(again.rowsRemoved()).isZero();
        List<Long> all = concat(concat(range(0, 200), range(5000, 5010)), range(6000, 6005));
        assertThat(seqs(archive)).containsExactlyElementsOf(all);
        assertThat(seqs(bronze)).containsExactlyElementsOf(range(1000, 1050));
    }

    @Test
    void theCommandRefusesAnAgeThatWouldIncludeToday() {
        assertThat(new ArchiveCommand().run(List.of("--lakehouse", lakehouse.toString(), "--older-than-days", "0")))
                .isEqualTo(2);
    }

    private static List<Long> seqs(String uri) {
        return spark.read().format("delta").load(uri).select("seq").orderBy("seq").collectAsList().stream()
                .map(r -> r.getLong(0)).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
