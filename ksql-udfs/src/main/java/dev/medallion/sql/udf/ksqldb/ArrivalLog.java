package dev.medallion.sql.udf.ksqldb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The state of one group of {@link LatestByOffset}, {@link EarliestByOffset} or {@link CollectList}: the group's values
 * in the order they arrived at the aggregating task, at most {@code capacity} of them.
 *
 * <p>When full, a log that keeps the latest values drops its oldest one; a log that keeps the earliest values ignores
 * the new one (ksqlDB's {@code COLLECT_LIST} limit works the same way). A retraction removes the oldest copy of the
 * retracted value that is still kept (an update retracts the row that was there before); retracting a value that is
 * not kept changes nothing. Mutable, not thread-safe: Flink gives each group its own accumulator.
 */
public final class ArrivalLog {
    private final ArrayList<Object> values = new ArrayList<>();
    private int capacity;
    private boolean keepLatest;
    private boolean ignoreNulls;
    /** How many values the result holds (n of LATEST_BY_OFFSET(col, n)); 0 until the first row configured the log. */
    private int resultSize;
    /** Whether the result is an array (an n was given) or one value. */
    private boolean arrayResult;

    public ArrivalLog() {
    }

    /** Sets the call's parameters; called with each row, as Flink passes constant arguments with every row. */
    void configure(int capacity, boolean keepLatest, boolean ignoreNulls, int resultSize, boolean arrayResult) {
        this.capacity = capacity;
        this.keepLatest = keepLatest;
        this.ignoreNulls = ignoreNulls;
        this.resultSize = resultSize;
        this.arrayResult = arrayResult;
    }

    boolean configured() {
        return resultSize > 0;
    }

    void add(Object value) {
        if (value == null && ignoreNulls) {
            return;
        }
        if (values.size() < capacity) {
            values.add(value);
        } else if (keepLatest) {
            values.remove(0);
            values.add(value);
        }
    }

    void retract(Object value) {
        if (value == null && ignoreNulls) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            if (Objects.equals(values.get(i), value)) {
                values.remove(i);
                return;
            }
        }
    }

    /** Appends the other log's values as if they had arrived after this log's (Flink merges partial results in order). */
    void merge(ArrivalLog other) {
        if (!configured() && other.configured()) {
            configure(other.capacity, other.keepLatest, other.ignoreNulls, other.resultSize, other.arrayResult);
        }
        for (Object value : other.values) {
            add(value);
        }
    }

    /** The last {@code resultSize} values, oldest first. */
    List<Object> latest() {
        return copyOf(values.subList(Math.max(0, values.size() - resultSize), values.size()));
    }

    /** The first {@code resultSize} values, oldest first. */
    List<Object> earliest() {
        return copyOf(values.subList(0, Math.min(resultSize, values.size())));
    }

    /** Every kept value, oldest first. */
    List<Object> all() {
        return copyOf(values);
    }

    void clear() {
        values.clear();
    }

    int size() {
        return values.size();
    }

    boolean arrayResult() {
        return arrayResult;
    }

    // Not List.copyOf: it refuses nulls, which a log with ignore_nulls = false holds.
    private static List<Object> copyOf(List<Object> view) {
        return Collections.unmodifiableList(new ArrayList<>(view));
    }

    // --- for the serializer ---
    int capacity() {
        return capacity;
    }

    boolean keepLatest() {
        return keepLatest;
    }

    boolean ignoreNulls() {
        return ignoreNulls;
    }

    int resultSize() {
        return resultSize;
    }

    List<Object> values() {
        return values;
    }
}
