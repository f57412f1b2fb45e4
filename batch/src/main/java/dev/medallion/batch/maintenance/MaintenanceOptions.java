package dev.medallion.batch.maintenance;

import java.util.List;
import java.util.Optional;

/**
 * What a maintenance run overrides of a table's {@link TablePolicy}.
 *
 * @param where          OPTIMIZE's partition predicate instead of the policy's cold partitions
 * @param allPartitions  OPTIMIZE the whole table, hot partition included
 * @param retentionHours VACUUM's retention instead of the policy's
 * @param force          accept a retention below the policy's (and switch off Delta's own retention check)
 * @param vacuum         run VACUUM at all
 * @param zOrderBy       Z-order columns instead of the policy's (empty list: compaction only)
 */
public record MaintenanceOptions(Optional<String> where, boolean allPartitions, Optional<Double> retentionHours,
                                 boolean force, boolean vacuum, Optional<List<String>> zOrderBy) {

    public static MaintenanceOptions defaults() {
        return new MaintenanceOptions(Optional.empty(), false, Optional.empty(), false, true, Optional.empty());
    }

    /** The Z-order columns for {@code policy}: the override or the policy's. */
    List<String> zOrderColumns(TablePolicy policy) {
        return zOrderBy.orElse(policy.zOrderBy());
    }

    /** The OPTIMIZE predicate for {@code policy}: the override, none, or the policy's cold partitions. */
    Optional<String> optimizeWhere(TablePolicy policy) {
        if (where.isPresent()) {
            return where;
        }
        return allPartitions ? Optional.empty() : policy.coldPartitions();
    }

    /**
     * VACUUM's retention for {@code policy}.
     *
     * @throws RetentionTooShortException when it is below the policy's and {@code force} is not set
     */
    double retention(TablePolicy policy) {
        double hours = retentionHours.orElse(policy.retentionHours());
        if (hours < policy.retentionHours() && !force) {
            throw new RetentionTooShortException(policy, hours);
        }
        return hours;
    }
}
