package dev.medallion.smt.validate;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Valid/invalid counts per rule and per record. One Connect task thread writes, metrics reporters read: counters are
 * single-writer, so a plain read-then-ordered-write per increment is exact without compare-and-swap.
 */
public final class QualityCounters {
    private final List<FieldRule> rules;
    private final AtomicLongArray valid;
    private final AtomicLongArray invalid;
    private final AtomicLongArray records = new AtomicLongArray(2);

    public QualityCounters(List<FieldRule> rules) {
        this.rules = List.copyOf(rules);
        this.valid = new AtomicLongArray(rules.size());
        this.invalid = new AtomicLongArray(rules.size());
    }

    void rule(int index, boolean passed) {
        AtomicLongArray counter = passed ? valid : invalid;
        counter.lazySet(index, counter.get(index) + 1);
    }

    void record(boolean passed) {
        int i = passed ? 0 : 1;
        records.lazySet(i, records.get(i) + 1);
    }

    public List<FieldRule> rules() {
        return rules;
    }

    public long ruleValid(int index) {
        return valid.get(index);
    }

    public long ruleInvalid(int index) {
        return invalid.get(index);
    }

    public long validRecords() {
        return records.get(0);
    }

    public long invalidRecords() {
        return records.get(1);
    }

    /** valid / total records, 1.0 before the first record (nothing bad seen yet). */
    public double qualityScore() {
        long v = validRecords();
        long total = v + invalidRecords();
        return total == 0 ? 1.0 : (double) v / total;
    }

    public double ruleQualityScore(int index) {
        long v = ruleValid(index);
        long total = v + ruleInvalid(index);
        return total == 0 ? 1.0 : (double) v / total;
    }
}
