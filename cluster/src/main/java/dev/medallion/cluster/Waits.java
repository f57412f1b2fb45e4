package dev.medallion.cluster;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling helpers: every wait in the cluster is for a condition, with a deadline and a message. */
final class Waits {
    private Waits() {
    }

    /** A process a wait depends on is gone: waiting longer cannot help. */
    static final class ProcessExited extends IllegalStateException {
        ProcessExited(String message) {
            super(message);
        }
    }

    /** The polling interval between two looks at a condition. */
    static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    /** Waits until {@code condition} holds; returns how long it took. */
    static Duration until(String what, Duration timeout, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            boolean holds;
            try {
                holds = condition.getAsBoolean();
            } catch (ProcessExited e) {
                throw e;
            } catch (RuntimeException e) {
                // A REST endpoint or broker that is still starting: ask again.
                holds = false;
            }
            if (holds) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            pause();
        }
    }
}
