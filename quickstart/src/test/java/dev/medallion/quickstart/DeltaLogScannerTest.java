package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DeltaLogScannerTest {
    @TempDir
    Path table;

    private void commit(long version, String... actions) throws IOException {
        Path log = Files.createDirectories(table.resolve("_delta_log"));
        Files.writeString(log.resolve(String.format("%020d.json", version)), String.join("\n", actions) + "\n");
    }

    private static String add(String path, long records) {
        return "{\"add\":{\"path\":\"" + path + "\",\"size\":100,\"dataChange\":true,\"stats\":"
                + "\"{\\\"numRecords\\\":" + records + ",\\\"minValues\\\":{}}\"}}";
    }

    @Test
    void countsCommitsFilesAndRowsAcrossAddsAndRemoves() throws IOException {
        DeltaLogScanner scanner = new DeltaLogScanner(table);
        assertThat(scanner.refresh()).isEqualTo(DeltaLogScanner.Snapshot.NONE);

        commit(0, "{\"commitInfo\":{\"timestamp\":1000}}", "{\"protocol\":{}}", "{\"metaData\":{}}");
        commit(1, "{\"commitInfo\":{\"timestamp\":2000}}", add("part-1.parquet", 10), add("part-2.parquet", 5));
        assertThat(scanner.refresh()).isEqualTo(new DeltaLogScanner.Snapshot(2, 2, 15, 0, 2000));
        assertThat(scanner.drainAddedFiles()).extracting(DeltaLogScanner.AddedFile::commitMillis).containsOnly(2000L);

        // compaction: two files replaced by one
        commit(2, "{\"commitInfo\":{\"timestamp\":3000}}", "{\"remove\":{\"path\":\"part-1.parquet\"}}",
                "{\"remove\":{\"path\":\"part-2.parquet\"}}", add("part-3.parquet", 15));
        assertThat(scanner.refresh()).isEqualTo(new DeltaLogScanner.Snapshot(3, 1, 15, 0, 3000));
        assertThat(scanner.drainAddedFiles()).singleElement()
                .satisfies(f -> assertThat(f.uri()).isEqualTo(table.toUri().resolve("part-3.parquet").toString()));
        assertThat(scanner.drainAddedFiles()).isEmpty();
    }

    @Test
    void filesWithoutStatsAreCountedSeparately() throws IOException {
        commit(0, "{\"add\":{\"path\":\"date%3D2026-11-25/a.parquet\",\"size\":1}}", add("b.parquet", 3));
        DeltaLogScanner.Snapshot snapshot = new DeltaLogScanner(table).refresh();
        assertThat(snapshot.rows()).isEqualTo(3);
        assertThat(snapshot.filesWithoutStats()).isEqualTo(1);
        assertThat(snapshot.files()).isEqualTo(2);
    }

    @Test
    void aCommitStillBeingWrittenIsReadAgainLater() throws IOException {
        Path log = Files.createDirectories(table.resolve("_delta_log"));
        Files.writeString(log.resolve(String.format("%020d.json", 0)), "{\"add\":{\"path\":\"a.parq");
        DeltaLogScanner scanner = new DeltaLogScanner(table);
        assertThat(scanner.refresh().commits()).isZero();
        commit(0, add("a.parquet", 4));
        assertThat(scanner.refresh()).isEqualTo(new DeltaLogScanner.Snapshot(1, 1, 4, 0, -1));
    }
}
