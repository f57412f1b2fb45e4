package dev.medallion.delta.sink;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of what the sink did, for logs, tests and the task's plugin metrics. The task thread counts; JMX reads the
 * gauges from another thread, so every counter is an {@link AtomicLong} read through an accessor.
 */
public final class SinkMetrics {
    private final AtomicLong rowsWritten = new AtomicLong();
    private final AtomicLong recordsRejected = new AtomicLong();
    private final AtomicLong tombstonesSkipped = new AtomicLong();
    private final AtomicLong duplicatesSkipped = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong filesCommitted = new AtomicLong();
    private final AtomicLong lastCommitNanos = new AtomicLong();

    void rowWritten() {
        rowsWritten.incrementAndGet();
    }

    void recordRejected() {
        recordsRejected.incrementAndGet();
    }

    void tombstoneSkipped() {
        tombstonesSkipped.incrementAndGet();
    }

    void duplicateSkipped() {
        duplicatesSkipped.incrementAndGet();
    }

    void committed(int files, long nanos) {
        commits.incrementAndGet();
        filesCommitted.addAndGet(files);
        lastCommitNanos.set(nanos);
    }

    public long rowsWritten() {
        return rowsWritten.get();
    }

    public long recordsRejected() {
        return recordsRejected.get();
    }

    public long tombstonesSkipped() {
        return tombstonesSkipped.get();
    }

    public long duplicatesSkipped() {
        return duplicatesSkipped.get();
    }

    /** Delta commits that added data files. */
    public long commits() {
        return commits.get();
    }

    public long filesCommitted() {
        return filesCommitted.get();
    }

    public long lastCommitNanos() {
        return lastCommitNanos.get();
    }

    @Override
    public String toString() {
        return "rows=" + rowsWritten() + " rejected=" + recordsRejected() + " tombstonesSkipped=" + tombstonesSkipped()
                + " duplicatesSkipped=" + duplicatesSkipped() + " commits=" + commits() + " files=" + filesCommitted();
    }
}
