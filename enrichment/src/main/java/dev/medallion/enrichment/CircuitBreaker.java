package dev.medallion.enrichment;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Stops calling a failing remote service for a while: after {@code failureThreshold} consecutive failures the breaker
 * opens for {@code openDuration}; then one trial call is let through (half-open) and its outcome closes or re-opens
 * it. This keeps a Connect task from spending its poll loop on timeouts while the service is down.
 */
public final class CircuitBreaker {
    /** Breaker state. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final long openNanos;
    private final LongSupplier nanoClock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private long timesOpened;

    public CircuitBreaker(int failureThreshold, Duration openDuration) {
        this(failureThreshold, openDuration, System::nanoTime);
    }

    public CircuitBreaker(int failureThreshold, Duration openDuration, LongSupplier nanoClock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1, was " + failureThreshold);
        }
        this.failureThreshold = failureThreshold;
        this.openNanos = openDuration.toNanos();
        this.nanoClock = nanoClock;
    }

    /** True when a call may go to the service now. */
    public synchronized boolean allowRequest() {
        if (state == State.OPEN && nanoClock.getAsLong() - openedAt >= openNanos) {
            state = State.HALF_OPEN;
            return true;
        }
        return state == State.CLOSED;
    }

    public synchronized void onSuccess() {
        consecutiveFailures = 0;
        state = State.CLOSED;
    }

    public synchronized void onFailure() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            if (state != State.OPEN) {
                timesOpened++;
            }
            state = State.OPEN;
            openedAt = nanoClock.getAsLong();
        }
    }

    public synchronized State state() {
        return state;
    }

    public synchronized long timesOpened() {
        return timesOpened;
    }
}
