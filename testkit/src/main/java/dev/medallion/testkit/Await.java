package dev.medallion.testkit;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes. Integration tests wait on observable state (a connector
 * RUNNING, N records in a topic, rows in a table) instead of sleeping for a guessed time.
 */
public final class Await {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private Await() {
    }

    /** Waits until {@code condition} returns true; fails with {@code description} and the last observed state. */
    public static void until(Duration timeout, String description, Supplier<Boolean> condition) {
        untilValue(timeout, description, () -> Boolean.TRUE.equals(condition.get()) ? Boolean.TRUE : null);
    }

    /**
     * Waits until {@code probe} returns a non-null value and returns it. Exceptions thrown by the probe count as "not
     * yet" (a REST endpoint that is still starting, a table that does not exist yet); the last one is reported.
     */
    public static <T> T untilValue(Duration timeout, String description, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException lastFailure = null;
        while (true) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (RuntimeException e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline > 0) {
                AssertionError error = new AssertionError("Timed out after " + timeout + " waiting for: " + description);
                if (lastFailure != null) {
                    error.initCause(lastFailure);
                }
                throw error;
            }
            sleep(POLL_INTERVAL);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting", e);
        }
    }
}
