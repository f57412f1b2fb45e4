package dev.medallion.quickstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Picks what the Flink job of a new run restores from: the newest complete snapshot among the savepoint of the last
 * clean stop and the checkpoints Flink retained under {@code <checkpoints>/<job id>/chk-<n>} (kept on cancellation
 * and failure, so they survive a {@code kill -9}). Complete means its {@code _metadata} file exists: Flink writes that
 * last, so a checkpoint the kill interrupted is never chosen.
 */
public final class FlinkRestorePoint {
    private static final String METADATA = "_metadata";

    private FlinkRestorePoint() {
    }

    /** The newest complete retained checkpoint under {@code checkpointsDir} (any job), if any. */
    public static Optional<Path> latestCheckpoint(Path checkpointsDir) {
        if (!Files.isDirectory(checkpointsDir)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(checkpointsDir)) {
            List<Path> candidates = jobs.filter(Files::isDirectory).flatMap(FlinkRestorePoint::checkpointsOf).toList();
            return newest(candidates);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the Flink checkpoints in " + checkpointsDir, e);
        }
    }

    /** Of the given snapshot directories, the complete one whose {@code _metadata} was written last. */
    public static Optional<Path> newest(List<Path> snapshots) {
        return snapshots.stream()
                .filter(FlinkRestorePoint::complete)
                .max(Comparator.comparing(FlinkRestorePoint::metadataTime)
                        .thenComparing(FlinkRestorePoint::checkpointNumber));
    }

    /** True when {@code snapshot} holds a {@code _metadata} file. */
    public static boolean complete(Path snapshot) {
        return Files.isRegularFile(snapshot.resolve(METADATA));
    }

    /**
     * Deletes the checkpoint directories of earlier jobs except the one holding {@code keep}: a restored job never
     * reads them again (it writes full checkpoints of its own), and without this every run would leave one behind.
     */
    public static void pruneOtherJobs(Path checkpointsDir, Optional<Path> keep) {
        if (!Files.isDirectory(checkpointsDir)) {
            return;
        }
        try (Stream<Path> jobs = Files.list(checkpointsDir)) {
            for (Path job : jobs.filter(Files::isDirectory).toList()) {
                if (keep.isEmpty() || !keep.get().startsWith(job)) {
                    deleteTree(job);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prune the Flink checkpoints in " + checkpointsDir, e);
        }
    }

    private static Stream<Path> checkpointsOf(Path jobDir) {
        try (Stream<Path> entries = Files.list(jobDir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("chk-")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + jobDir, e);
        }
    }

    private static FileTime metadataTime(Path snapshot) {
        try {
            return Files.getLastModifiedTime(snapshot.resolve(METADATA));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the time of " + snapshot.resolve(METADATA), e);
        }
    }

    /** chk-12 → 12; savepoints and other names → -1 (only a tie-breaker for equal file times). */
    private static long checkpointNumber(Path snapshot) {
        String name = snapshot.getFileName().toString();
        try {
            return name.startsWith("chk-") ? Long.parseLong(name.substring(4)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
