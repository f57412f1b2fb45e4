package dev.medallion.eventhubs.emulator.amqp;

import java.time.Duration;

/**
 * Fault injection: while active, new sends are rejected and new receive links refused with
 * {@code com.microsoft:server-busy}, the way the service answers when a namespace is throttled.
 */
public final class Throttle {
    private volatile long untilNanos = System.nanoTime();

    public void activateFor(Duration duration) {
        untilNanos = System.nanoTime() + duration.toNanos();
    }

    public boolean active() {
        return System.nanoTime() - untilNanos < 0;
    }
}
