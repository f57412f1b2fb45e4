package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FlinkRestorePointTest {
    @TempDir
    Path dir;

    @Test
    void picksTheNewestCompleteCheckpointAcrossJobsAndSkipsOnesWithoutMetadata() throws IOException {
        Path checkpoints = dir.resolve("flink-checkpoints");
        Path oldJob = snapshot(checkpoints.resolve("job-a/chk-40"), 1_000);
        Path newest = snapshot(checkpoints.resolve("job-b/chk-3"), 2_000);
        Files.createDirectories(checkpoints.resolve("job-b/chk-4")); // interrupted by the kill: no _metadata
        Files.createDirectories(checkpoints.resolve("job-b/shared"));

        assertThat(FlinkRestorePoint.latestCheckpoint(checkpoints)).contains(newest);
        assertThat(FlinkRestorePoint.complete(oldJob)).isTrue();
        assertThat(FlinkRestorePoint.complete(checkpoints.resolve("job-b/chk-4"))).isFalse();
    }

    @Test
    void aSavepointWrittenAfterTheLastCheckpointWins() throws IOException {
        Path checkpoint = snapshot(dir.resolve("flink-checkpoints/job-a/chk-7"), 1_000);
        Path savepoint = snapshot(dir.resolve("flink-savepoints/savepoint-1a2b"), 5_000);

        assertThat(FlinkRestorePoint.newest(List.of(checkpoint, savepoint))).contains(savepoint);
        assertThat(FlinkRestorePoint.newest(List.of(checkpoint))).contains(checkpoint);
        assertThat(FlinkRestorePoint.newest(List.of())).isEmpty();
        assertThat(FlinkRestorePoint.latestCheckpoint(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void pruningKeepsOnlyTheJobOfTheRestorePoint() throws IOException {
        Path checkpoints = dir.resolve("flink-checkpoints");
        snapshot(checkpoints.resolve("job-a/chk-1"), 1_000);
        Path keep = snapshot(checkpoints.resolve("job-b/chk-2"), 2_000);

        FlinkRestorePoint.pruneOtherJobs(checkpoints, Optional.of(keep));
        assertThat(checkpoints.resolve("job-a")).doesNotExist();
        assertThat(keep).exists();

        FlinkRestorePoint.pruneOtherJobs(checkpoints, Optional.empty());
        assertThat(checkpoints.resolve("job-b")).doesNotExist();
    }

    private static Path snapshot(Path directory, long modifiedMillis) throws IOException {
        Files.createDirectories(directory);
        Path metadata = Files.write(directory.resolve("_metadata"), new byte[] {1});
        Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
        return directory;
    }
}
