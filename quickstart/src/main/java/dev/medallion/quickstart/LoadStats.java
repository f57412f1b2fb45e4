package dev.medallion.quickstart;

import dev.medallion.generator.EventFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the load generator has published and had acknowledged by Event Hubs, by kind; the left-hand side of the
 * {@link Reconciliation}. Thread-safe.
 */
public final class LoadStats {
    private final LongAdder published = new LongAdder();
    private final LongAdder invalid = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder late = new LongAdder();
    private final LongAdder distinctValid = new LongAdder();
    private final AtomicLong firstPublishMillis = new AtomicLong(-1);
    private final AtomicLong lastPublishMillis = new AtomicLong(-1);

    /** Counts one acknowledged event. */
    public void published(EventFactory.Kind kind, long atMillis) {
        published.increment();
        switch (kind) {
            case INVALID -> invalid.increment();
            case DUPLICATE -> duplicates.increment();
            case LATE -> {
                late.increment();
                distinctValid.increment();
            }
            case VALID -> distinctValid.increment();
        }
        firstPublishMillis.compareAndSet(-1, atMillis);
        lastPublishMillis.accumulateAndGet(atMillis, Math::max);
    }

    public long published() {
        return published.sum();
    }

    public long invalid() {
        return invalid.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    public long late() {
        return late.sum();
    }

    public long distinctValid() {
        return distinctValid.sum();
    }

    /** When the first event was acknowledged, -1 before. */
    public long firstPublishMillis() {
        return firstPublishMillis.get();
    }

    /** Milliseconds from the first to the last acknowledged publish (0 before two publishes). */
    public long publishSpanMillis() {
        long first = firstPublishMillis.get();
        return first < 0 ? 0 : lastPublishMillis.get() - first;
    }
}
