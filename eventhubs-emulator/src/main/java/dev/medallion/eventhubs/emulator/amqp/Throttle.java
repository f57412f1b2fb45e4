package dev.medallion.eventhubs.emulator.amqp;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault injection: while active, sends are rejected, open receive links detached and new receive links refused with
 * {@code com.microsoft:server-busy}, the way the service answers when a namespace is throttled. Counts the receive
 * links it turned away, so a test can tell that a throttle really hit its reader.
 */
public final class Throttle {
    private volatile long untilNanos = System.nanoTime();
    private final AtomicLong receiversTurnedAway = new AtomicLong();

    public void activateFor(Duration duration) {
        untilNanos = System.nanoTime() + duration.toNanos();
    }

    public boolean active() {
        return System.nanoTime() - untilNanos < 0;
    }

    void receiverTurnedAway() {
        receiversTurnedAway.incrementAndGet();
    }

    /** Receive links refused or detached with server-busy so far. */
    public long receiversTurnedAway() {
        return receiversTurnedAway.get();
    }
}
