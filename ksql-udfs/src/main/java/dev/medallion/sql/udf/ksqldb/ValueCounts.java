package dev.medallion.sql.udf.ksqldb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of one group of {@link CollectSet}, {@link TopK} or {@link TopKDistinct}: how often each value was seen
 * (net of retractions), so that a retraction can take one copy away and the value only disappears with its last copy.
 *
 * <p>{@link Order#FIRST_SEEN} keeps distinct values in the order they first arrived and ignores new distinct values
 * beyond {@code capacity} (ksqlDB's {@code COLLECT_SET} limit). {@link Order#LARGEST_FIRST} keeps the largest values
 * and drops the smallest once more than {@code capacity} are kept: copies counted for {@code TOPK}, distinct values
 * for {@code TOPKDISTINCT}. Mutable, not thread-safe: Flink gives each group its own accumulator.
 */
public final class ValueCounts {
    /** How values are ordered and which ones a full accumulator drops. */
    enum Order {
        FIRST_SEEN, LARGEST_FIRST
    }

    private Order order = Order.FIRST_SEEN;
    private Map<Object, Long> counts = new LinkedHashMap<>();
    private int capacity;
    private boolean capacityCountsCopies;
    private int resultSize;
    private long kept;

    public ValueCounts() {
    }

    /** Sets the call's parameters; called with each row, as Flink passes constant arguments with every row. */
    void configure(Order order, int capacity, boolean capacityCountsCopies, int resultSize) {
        if (this.order != order) {
            this.order = order;
            Map<Object, Long> previous = counts;
            counts = newMap(order);
            counts.putAll(previous);
        }
        this.capacity = capacity;
        this.capacityCountsCopies = capacityCountsCopies;
        this.resultSize = resultSize;
    }

    boolean configured() {
        return resultSize > 0;
    }

    void add(Object value) {
        add(value, 1);
    }

    private void add(Object value, long copies) {
        if (order == Order.FIRST_SEEN) {
            if (counts.containsKey(value) || counts.size() < capacity) {
                counts.merge(value, copies, Long::sum);
                kept += copies;
            }
            return;
        }
        counts.merge(value, copies, Long::sum);
        kept += copies;
        TreeMap<Object, Long> sorted = (TreeMap<Object, Long>) counts;
        while (capacityCountsCopies ? kept > capacity : sorted.size() > capacity) {
            Map.Entry<Object, Long> smallest = sorted.lastEntry();
            long drop = capacityCountsCopies ? Math.min(smallest.getValue(), kept - capacity) : smallest.getValue();
            kept -= drop;
            if (drop == smallest.getValue()) {
                sorted.pollLastEntry();
            } else {
                sorted.put(smallest.getKey(), smallest.getValue() - drop);
            }
        }
    }

    void retract(Object value) {
        Long count = counts.get(value);
        if (count == null) {
            return;
        }
        kept--;
        if (count == 1) {
            counts.remove(value);
        } else {
            counts.put(value, count - 1);
        }
    }

    /** Adds the other accumulator's counts (Flink merges partial results of the same group). */
    void merge(ValueCounts other) {
        if (!configured() && other.configured()) {
            configure(other.order, other.capacity, other.capacityCountsCopies, other.resultSize);
        }
        for (Map.Entry<Object, Long> entry : other.counts.entrySet()) {
            add(entry.getKey(), entry.getValue());
        }
    }

    /** The distinct values, in this accumulator's order, at most {@code resultSize}. */
    List<Object> distinct() {
        List<Object> result = new ArrayList<>(Math.min(resultSize, counts.size()));
        for (Object value : counts.keySet()) {
            if (result.size() == resultSize) {
                break;
            }
            result.add(value);
        }
        return Collections.unmodifiableList(result);
    }

    /** Every kept copy, in this accumulator's order, at most {@code resultSize}. */
    List<Object> copies() {
        List<Object> result = new ArrayList<>();
        for (Map.Entry<Object, Long> entry : counts.entrySet()) {
            for (long i = 0; i < entry.getValue() && result.size() < resultSize; i++) {
                result.add(entry.getKey());
            }
        }
        return Collections.unmodifiableList(result);
    }

    void clear() {
        counts.clear();
        kept = 0;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<Object, Long> newMap(Order order) {
        // Every value of one column has the same Comparable class (AggregateArguments admits only such types).
        return order == Order.FIRST_SEEN ? new LinkedHashMap<>() : new TreeMap<>((Comparator) Comparator.reverseOrder());
    }

    // --- for the serializer ---
    Order order() {
        return order;
    }

    int capacity() {
        return capacity;
    }

    boolean capacityCountsCopies() {
        return capacityCountsCopies;
    }

    int resultSize() {
        return resultSize;
    }

    Map<Object, Long> counts() {
        return counts;
    }

    /** Restores a serialized state. */
    static ValueCounts restore(Order order, int capacity, boolean capacityCountsCopies, int resultSize,
                               Map<Object, Long> counts) {
        ValueCounts restored = new ValueCounts();
        restored.configure(order, capacity, capacityCountsCopies, resultSize);
        for (Map.Entry<Object, Long> entry : counts.entrySet()) {
            restored.counts.put(entry.getKey(), entry.getValue());
            restored.kept += entry.getValue();
        }
        return restored;
    }
}
