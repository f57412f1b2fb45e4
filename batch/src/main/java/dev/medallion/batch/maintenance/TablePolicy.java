package dev.medallion.batch.maintenance;

import java.util.List;
import java.util.Optional;

/**
 * How the maintenance job treats one lakehouse table: the columns OPTIMIZE Z-orders by (never a partition column:
 * Delta refuses those, and columns without statistics), the partitions it compacts by default (a predicate on
 * partition columns that leaves the partition a sink is still filling alone) and how long VACUUM keeps files that
 * the log no longer references.
 *
 * @param table          path under the lakehouse root, e.g. {@code bronze/events}
 * @param zOrderBy       Z-order columns; empty for plain bin-packing compaction
 * @param coldPartitions OPTIMIZE's default {@code WHERE} (partition columns only); empty for the whole table
 * @param retentionHours VACUUM's retention, also the lowest value accepted without {@code --force}
 */
public record TablePolicy(String table, List<String> zOrderBy, Optional<String> coldPartitions,
                          double retentionHours) {

    public TablePolicy {
        zOrderBy = List.copyOf(zOrderBy);
        if (retentionHours < 0) {
            throw new IllegalArgumentException("retentionHours must be >= 0, got " + retentionHours);
        }
    }
}
