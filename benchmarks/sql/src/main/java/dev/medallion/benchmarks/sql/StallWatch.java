package dev.medallion.benchmarks.sql;

import java.time.Duration;

/** Says when a monotonically growing progress count has not grown for longer than a limit. */
final class StallWatch {
    private final long limitNanos;
    private long lastProgress = Long.MIN_VALUE;
    private long lastChange = System.nanoTime();

    StallWatch(Duration limit) {
        this.limitNanos = limit.toNanos();
    }

    /** Records the current progress count; true once it has not changed for longer than the limit. */
    boolean stalled(long progress) {
        long now = System.nanoTime();
        if (progress != lastProgress) {
            lastProgress = progress;
            lastChange = now;
        }
        return now - lastChange > limitNanos;
    }

    double secondsSinceProgress() {
        return (System.nanoTime() - lastChange) / 1e9;
    }
}
