package dev.medallion.batch.maintenance;

import java.util.Locale;

/**
 * What one maintenance run did to one table: the log's files and bytes before and after OPTIMIZE, the files
 * OPTIMIZE rewrote, the data files on storage before and after VACUUM, and the JSON commits left in
 * {@code _delta_log} after the checkpoint and the expired-log clean-up.
 */
public record MaintenanceReport(String table, long versionBefore, long versionAfter,
                                long filesBefore, long bytesBefore, long filesAfter, long bytesAfter,
                                long filesRemovedByOptimize, long filesAddedByOptimize,
                                long storedFilesBeforeVacuum, long storedFilesAfterVacuum,
                                long jsonCommitsBefore, long jsonCommitsAfter, long checkpointVersion) {

    /** The commits this run added (OPTIMIZE and VACUUM's own), plus any the sinks appended meanwhile. */
    public long commits() {
        return versionAfter - versionBefore;
    }

    /** A few human-readable lines for the job's output. */
    public String format() {
        return String.format(Locale.ROOT,
                "%s: files %d -> %d, bytes %d -> %d (OPTIMIZE removed %d, added %d); versions %d -> %d (%d commits);"
                        + " stored data files %d -> %d after VACUUM; JSON commits in _delta_log %d -> %d,"
                        + " checkpoint at version %d",
                table, filesBefore, filesAfter, bytesBefore, bytesAfter, filesRemovedByOptimize, filesAddedByOptimize,
                versionBefore, versionAfter, commits(), storedFilesBeforeVacuum, storedFilesAfterVacuum,
                jsonCommitsBefore, jsonCommitsAfter, checkpointVersion);
    }
}
