package dev.medallion.batch.maintenance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The maintenance defaults of every lakehouse table, in one place.
 *
 * <p>Z-order: the design's example query filters on a {@code date} range and {@code event_type}. {@code date} (and
 * bronze's {@code hour}) are partition columns, which already prune by folder and which Delta refuses to Z-order
 * ({@code DELTA_ZORDERING_ON_PARTITION_COLUMN}); so bronze and silver cluster by {@code event_type} first and
 * {@code user_id} second (per-user look-ups), both columns the sinks write statistics for. The gold tables are small
 * and not partitioned: compaction only.
 *
 * <p>Cold partitions: OPTIMIZE on bronze and silver defaults to days before today (UTC), so it does not rewrite the
 * partition the sink appends to every few seconds (that would be wasted work: new small files keep arriving there;
 * it cannot lose data, OPTIMIZE commits only {@code dataChange=false} rewrites that do not conflict with appends).
 *
 * <p>Retention: 168 h (7 days) for bronze, 720 h (30 days) for silver and gold, the design's values. Each must stay
 * at least the longest time a sink keeps a data file open before committing it (its flush interval, or the time a
 * stopped task's file waits for the restart): VACUUM deletes every file the log does not reference.
 */
public final class TablePolicies {
    private static final String BEFORE_TODAY = "date < current_date()";
    private static final List<String> EVENT_ZORDER = List.of("event_type", "user_id");

    private static final Map<String, TablePolicy> DEFAULTS = new LinkedHashMap<>();

    static {
        add(new TablePolicy("bronze/events", EVENT_ZORDER, Optional.of(BEFORE_TODAY), 168));
        add(new TablePolicy("silver/events", EVENT_ZORDER, Optional.of(BEFORE_TODAY), 720));
        add(new TablePolicy("gold/metrics_1m", List.of(), Optional.empty(), 720));
        add(new TablePolicy("gold/metrics_1h", List.of(), Optional.empty(), 720));
        add(new TablePolicy("gold/hourly_metrics", List.of(), Optional.empty(), 720));
        add(new TablePolicy("archive/bronze_events", EVENT_ZORDER, Optional.empty(), 720));
    }

    private TablePolicies() {}

    private static void add(TablePolicy policy) {
        DEFAULTS.put(policy.table(), policy);
    }

    /** Every table with defaults, in the order the job maintains them. */
    public static List<TablePolicy> all() {
        return List.copyOf(DEFAULTS.values());
    }

    /**
     * The defaults of {@code table}; a table without its own entry gets compaction of the whole table and the
     * longest retention (720 h), the safe choice for a table nobody described.
     */
    public static TablePolicy forTable(String table) {
        TablePolicy known = DEFAULTS.get(table);
        return known != null ? known : new TablePolicy(table, List.of(), Optional.empty(), 720);
    }
}
