package dev.medallion.batch.archive;

import java.util.List;

/**
 * Which table the archive job moves old partitions of, where to, and by which columns a row is identified.
 *
 * @param source     the table under the lakehouse root whose old partitions move, e.g. {@code bronze/events}
 * @param archive    the batch-owned table they move to, same schema and partitioning
 * @param dateColumn the {@code DATE} partition column that decides what is old
 * @param keyColumns columns that identify one row of {@code source}; the removal deletes only rows whose key is in
 *                   the archive, so a row a sink appends meanwhile is never removed uncopied
 */
public record ArchivePolicy(String source, String archive, String dateColumn, List<String> keyColumns) {

    /**
     * Bronze: one row per Event Hubs event as it arrived, so (partition, sequence number) identifies it; producer
     * re-sends are separate events with their own sequence numbers and stay separate rows, as in bronze.
     */
    public static final ArchivePolicy BRONZE = new ArchivePolicy("bronze/events", "archive/bronze_events", "date",
            List.of("eventhubs_partition", "eventhubs_sequence_number"));

    public ArchivePolicy {
        if (keyColumns.isEmpty()) {
            throw new IllegalArgumentException("An archive policy needs at least one key column");
        }
        keyColumns = List.copyOf(keyColumns);
    }
}
