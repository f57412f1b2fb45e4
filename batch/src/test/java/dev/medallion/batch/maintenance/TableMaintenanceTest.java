package dev.medallion.batch.maintenance;

import dev.medallion.batch.TestSpark;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The maintenance job on one small bronze-shaped table, step by step (one table for all steps: Spark is slow to
 * write many small tables on a busy machine).
 */
class TableMaintenanceTest {
    private static final LocalDate OLD = LocalDate.of(2024, 1, 15);
    private static SparkSession spark;

    @TempDir
    Path lakehouse;

    @BeforeAll
    static void start() {
        // The module's shared session: stopping one of its own would stop the one the other classes use.
        spark = TestSpark.session();
    }


    @Test
    void optimizesColdPartitionsVacuumsByEachTablesRetentionAndCleansTheLog() throws IOException {
        // Bronze in 4 small commits to an old day (2 per hour partition) and 2 to today's partition, as a sink
        // leaves it.
        String uri = MaintenanceCommand.tableUri(lakehouse.toString(), "bronze/events");
        for (int i = 0; i < 4; i++) {
            SmallEventTables.append(spark, uri, i * 50L, (i + 1) * 50L, OLD, i % 2);
        }
        for (int i = 0; i < 2; i++) {
            SmallEventTables.append(spark, uri, 1000 + i * 10L, 1010 + i * 10L, LocalDate.now(ZoneOffset.UTC), 0);
        }
        Set<String> todaysFilesBefore = files(uri, "date = current_date()");
        List<Row> rowsBefore = rows(uri);
        Path table = lakehouse.resolve("bronze/events");
        // A file the log does not reference, written 200 h ago (as a killed sink task leaves one): older than
        // bronze's 168 h, younger than silver's 720 h.
        Path orphan = table.resolve("date=" + OLD + "/hour=0/part-orphan.parquet");
        Files.write(orphan, new byte[] {1, 2, 3});
        Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(200, ChronoUnit.HOURS)));

        // 1. A 720 h policy keeps the orphan (delta-spark 4.4 would use its own 168 h unless told to honour ours).
        TableMaintenance maintenance = new TableMaintenance(spark);
        MaintenanceReport first = maintenance.run(uri,
                new TablePolicy("bronze/events", List.of("event_type", "user_id"),
                        Optional.of("date < current_date()"), 720),
                MaintenanceOptions.defaults());
        assertThat(orphan).as("kept by a 720 h retention").exists();
        assertThat(first.filesBefore()).isEqualTo(6);
        assertThat(first.filesAfter()).as("4 old files become one per (date, hour); today's 2 stay").isEqualTo(4);
        assertThat(first.filesRemovedByOptimize()).isEqualTo(4);
        assertThat(first.filesAddedByOptimize()).isEqualTo(2);
        assertThat(first.storedFilesAfterVacuum()).as("the replaced files are younger than the retention")
                .isEqualTo(6 + 2 + 1);
        assertThat(files(uri, "date = current_date()")).isEqualTo(todaysFilesBefore);
        assertThat(rows(uri)).containsExactlyInAnyOrderElementsOf(rowsBefore);
        Row optimize = DeltaTable.forPath(spark, uri).history().where("operation = 'OPTIMIZE'").first();
        scala.collection.Map<String, String> parameters = optimize.getAs("operationParameters");
        assertThat(parameters.get("zOrderBy").get()).isEqualTo("[\"event_type\",\"user_id\"]");
        assertThat(parameters.get("predicate").get()).contains("current_date");

        // 2. Bronze's retention through the CLI (compaction only: nothing left to compact): 168 h deletes the 200 h old orphan, nothing else.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new MaintenanceCommand(new PrintStream(out, true, StandardCharsets.UTF_8))
                .run(List.of("--lakehouse", lakehouse.toString(), "--table", "bronze/events", "--no-zorder"));
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("bronze/events: files 4 -> 4");
        assertThat(orphan).as("deleted by a 168 h retention").doesNotExist();
        assertThat(dataFiles(table)).hasSize(6 + 2);

        // 3. Forced 0 h deletes what OPTIMIZE replaced; the 4 live files and every row stay. The JSON commits are
        // made "40 days old", beyond the log retention: the checkpoint lets the clean-up drop the old ones.
        for (Path commit : jsonCommits(table.resolve("_delta_log"))) {
            Files.setLastModifiedTime(commit, FileTime.from(Instant.now().minus(40, ChronoUnit.DAYS)));
        }
        MaintenanceReport forced = maintenance.run(uri, TablePolicies.forTable("bronze/events"),
                new MaintenanceOptions(Optional.empty(), false, Optional.of(0.0), true, true, Optional.empty()));
        assertThat(forced.storedFilesAfterVacuum()).isEqualTo(4);
        assertThat(dataFiles(table)).hasSize(4);
        assertThat(rows(uri)).containsExactlyInAnyOrderElementsOf(rowsBefore);
        assertThat(table.resolve(String.format("_delta_log/%020d.checkpoint.parquet", forced.checkpointVersion())))
                .exists();
        assertThat(forced.jsonCommitsAfter()).as("only commits the retention or the checkpoint still need")
                .isLessThan(forced.jsonCommitsBefore());
    }

    @Test
    void refusesARetentionBelowTheTablesWithoutForceBeforeStartingAnything() {
        int exit = new MaintenanceCommand().run(List.of("--lakehouse", lakehouse.toString(),
                "--table", "silver/events", "--retain-hours", "168"));

        assertThat(exit).isEqualTo(2);
        assertThat(TablePolicies.forTable("silver/events").retentionHours()).isEqualTo(720);
        assertThat(TablePolicies.forTable("bronze/events").retentionHours()).isEqualTo(168);
    }

    private static List<Path> jsonCommits(Path log) throws IOException {
        try (Stream<Path> files = Files.list(log)) {
            return files.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).toList();
        }
    }

    private static List<Path> dataFiles(Path table) throws IOException {
        try (Stream<Path> files = Files.walk(table)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> !p.toString().contains("_delta_log")).toList();
        }
    }

    private static Set<String> files(String uri, String where) {
        return Set.of(spark.read().format("delta").load(uri).where(where).inputFiles());
    }

    private static List<Row> rows(String uri) {
        return spark.read().format("delta").load(uri).collectAsList();
    }
}
