package dev.medallion.sparkreader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a table written by Spark + delta-spark itself (SparkFixtureWriter) and checks every part of the snapshot. */
class SparkDeltaReaderIT {

    @TempDir
    static Path dir;

    static DeltaTableSnapshot snapshot;

    @BeforeAll
    static void writeWithSparkAndReadBack() throws URISyntaxException {
        Path table = dir.resolve("events");
        Path testClasses = Paths.get(
                SparkDeltaReaderIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        SparkProcess.create().withExtraClassPath(testClasses)
                .run("dev.medallion.sparkreader.SparkFixtureWriter", List.of(table.toString()));
        snapshot = SparkDeltaReader.read(table);
    }

    @Test
    void readsVersionFilesAndPartitions() {
        assertThat(snapshot.version()).isEqualTo(2);
        assertThat(snapshot.partitionColumns()).containsExactly("region", "day");
        // Each append writes one file per partition value it touches: rows 0..2 -> (eu,05-01),(us,05-02); 3..4 -> both.
        assertThat(snapshot.numFiles()).isEqualTo(4);
        assertThat(snapshot.sizeInBytes()).isPositive();
        assertThat(snapshot.location()).contains("events");
        assertThat(snapshot.minReaderVersion()).isPositive();
        assertThat(snapshot.minWriterVersion()).isPositive();
    }

    @Test
    void readsSchemaAsSparkSeesIt() {
        assertThat(snapshot.columnNames()).containsExactly("event_id", "amount", "big", "small", "score", "flag",
                "event_time", "event_date", "payload", "note", "region", "day");
        assertThat(snapshot.field("event_id").orElseThrow()).isEqualTo(new SparkField("event_id", "string", false));
        assertThat(snapshot.field("amount").orElseThrow().type()).isEqualTo("decimal(10,2)");
        assertThat(snapshot.field("big").orElseThrow().type()).isEqualTo("bigint");
        assertThat(snapshot.field("event_time").orElseThrow().type()).isEqualTo("timestamp");
        assertThat(snapshot.field("event_date").orElseThrow().type()).isEqualTo("date");
        assertThat(snapshot.field("note").orElseThrow().nullable()).isTrue();

        SparkField payload = snapshot.field("payload").orElseThrow();
        assertThat(payload.type()).isEqualTo("struct<source:string,tags:array<string>,attrs:map<string,int>>");
        assertThat(payload.children()).extracting(SparkField::name).containsExactly("source", "tags", "attrs");
        SparkField tags = payload.child("tags").orElseThrow();
        assertThat(tags.children()).containsExactly(new SparkField("element", "string", true));
        SparkField attrs = payload.child("attrs").orElseThrow();
        assertThat(attrs.children()).extracting(SparkField::name).containsExactly("key", "value");
    }

    @Test
    void readsEveryRowWithExactValues() {
        assertThat(snapshot.rowCount()).isEqualTo(5);
        List<Map<String, Object>> rows = snapshot.rows().stream()
                .sorted(Comparator.comparing(r -> (String) r.get("event_id")))
                .toList();
        assertThat(rows).hasSize(5);
        for (int id = 0; id < 5; id++) {
            assertThat(rows.get(id)).isEqualTo(expectedRow(id));
        }
    }

    @Test
    void readsHistoryWithTransactions() {
        assertThat(snapshot.history()).extracting(DeltaCommit::version).containsExactly(0L, 1L, 2L);
        assertThat(snapshot.commit(0).orElseThrow().operation()).isEqualTo("CREATE TABLE");
        DeltaCommit first = snapshot.commit(1).orElseThrow();
        assertThat(first.operation()).isEqualTo("WRITE");
        assertThat(first.transactions()).containsExactly(Map.entry(SparkFixtureWriter.APP_ID, 7L));
        assertThat(first.operationMetrics()).containsEntry("numOutputRows", "3");
        assertThat(Instant.parse(first.timestamp())).isAfter(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(snapshot.commit(2).orElseThrow().transactions())
                .containsExactly(Map.entry(SparkFixtureWriter.APP_ID, 9L));
        assertThat(snapshot.commit(0).orElseThrow().transactions()).isEmpty();
        assertThat(snapshot.transactions()).containsExactly(Map.entry(SparkFixtureWriter.APP_ID, 9L));
    }

    @Test
    void withoutRowsStillCountsAndFailsClearlyOnANonDeltaDirectory() throws Exception {
        DeltaTableSnapshot summary = SparkDeltaReader.readWithoutRows(dir.resolve("events"));
        assertThat(summary.rows()).isEmpty();
        assertThat(summary.rowCount()).isEqualTo(5);
        assertThat(summary.version()).isEqualTo(2);

        Path notDelta = Files.createDirectories(dir.resolve("not-delta"));
        Files.writeString(notDelta.resolve("data.txt"), "hello");
        assertThatThrownBy(() -> SparkDeltaReader.readWithoutRows(notDelta))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DeltaTableDumper")
                .hasMessageContaining("could not read")
                .hasMessageContaining("DELTA_TABLE_NOT_FOUND");
    }

    @Test
    void scanShowsSparksOwnFileStatisticsAndTheFilesAFilterReads() {
        String filter = "big >= 3000000000000";
        DeltaFileScan scan = SparkDeltaReader.scan(dir.resolve("events"), "event_id", List.of(filter));

        assertThat(scan.files()).hasSize(4);
        assertThat(scan.rowFiles()).containsOnlyKeys("e0", "e1", "e2", "e3", "e4");
        for (DeltaFileScan.DataFile file : scan.files()) {
            List<Long> ids = scan.rowFiles().entrySet().stream().filter(e -> e.getValue().equals(file.name()))
                    .map(e -> Long.parseLong(e.getKey().substring(1))).sorted().toList();
            assertThat(ids).as("rows of %s", file.name()).isNotEmpty();
            assertThat(file.stats().path("numRecords").asLong()).isEqualTo(ids.size());
            assertThat(file.stats().path("minValues").path("big").asLong()).isEqualTo(ids.get(0) * 1_000_000_000_000L);
            assertThat(file.stats().path("maxValues").path("small").asInt()).isEqualTo(ids.get(ids.size() - 1).intValue());
            assertThat(file.stats().path("nullCount").path("note").asLong())
                    .isEqualTo(ids.stream().filter(id -> id == 2).count());
        }
        // Rows 3 and 4 are in the second commit's two files (one per partition); the first commit's two are skipped.
        DeltaFileScan.FilteredScan result = scan.scan(filter);
        assertThat(result.keys()).containsExactlyInAnyOrder("e3", "e4");
        assertThat(result.filesRead()).isEqualTo(2);
    }

    /** The values SparkFixtureWriter's SQL produces for this id, in the reader's Java mapping. */
    private static Map<String, Object> expectedRow(long id) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("event_id", "e" + id);
        row.put("amount", new BigDecimal(id * 125).movePointLeft(2));
        row.put("big", id * 1_000_000_000_000L);
        row.put("small", (int) id);
        row.put("score", id / 4.0);
        row.put("flag", id % 2 == 0);
        row.put("event_time", Instant.ofEpochSecond(1_714_564_800L).plusNanos(id * 1_000_001_000L).toString());
        row.put("event_date", LocalDate.of(2024, 5, 1).plusDays(id).toString());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("source", "src-" + id);
        payload.put("tags", List.of("a", "t" + id));
        payload.put("attrs", Map.of("k", (int) id));
        row.put("payload", payload);
        row.put("note", id == 2 ? null : "note " + id);
        row.put("region", id % 2 == 0 ? "eu" : "us");
        row.put("day", LocalDate.of(2024, 5, 1).plusDays(id % 2).toString());
        return row;
    }
}
