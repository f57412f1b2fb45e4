package dev.medallion.batch.maintenance;

/**
 * A VACUUM retention below the table's policy was asked for without {@code --force}. Refused because VACUUM deletes
 * every file the log does not reference, including a data file a sink has written but not yet committed: the
 * retention must stay above the longest time a sink keeps a file open.
 */
public final class RetentionTooShortException extends IllegalArgumentException {

    RetentionTooShortException(TablePolicy policy, double hours) {
        super("Refusing VACUUM of " + policy.table() + " with a retention of " + hours + " h: the table's retention is "
                + policy.retentionHours() + " h, and a shorter one can delete data files a sink has written but not"
                + " yet committed. Keep the retention at least the sinks' longest open interval; pass --force only"
                + " when no sink writes the table.");
    }
}
