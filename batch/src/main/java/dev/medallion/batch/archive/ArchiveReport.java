package dev.medallion.batch.archive;

import java.time.LocalDate;
import java.util.Locale;

/**
 * What one archive run did: rows of partitions before {@code cutoff} copied to the archive, rows removed from the
 * source (only rows the archive holds), rows left in the source because a key column is null, and how many
 * attempts the removal needed (more than one when a sink appended to an old partition meanwhile).
 */
public record ArchiveReport(String source, String archive, LocalDate cutoff, long rowsCopied, long rowsRemoved,
                            long rowsWithoutKey, int removalAttempts) {

    public String format() {
        return String.format(Locale.ROOT,
                "%s -> %s: partitions before %s: %d rows copied, %d rows removed from %s (%d attempt(s)),"
                        + " %d rows without a key left in place",
                source, archive, cutoff, rowsCopied, rowsRemoved, source, removalAttempts, rowsWithoutKey);
    }
}
