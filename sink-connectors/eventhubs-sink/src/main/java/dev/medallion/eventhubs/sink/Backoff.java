package dev.medallion.eventhubs.sink;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between attempts to send a failed batch: initial, doubled per consecutive failure,
 * up to max. Jitter (50-100 %) keeps lanes and tasks from retrying in lockstep after a namespace-wide outage.
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** Upper bound of the wait after {@code failures} consecutive failures (1 = the first). */
    long ceilingMillis(int failures) {
        int doublings = Math.max(0, Math.min(failures - 1, 30));
        long ceiling = initialMillis << doublings;
        return ceiling <= 0 || ceiling > maxMillis ? maxMillis : ceiling;
    }

    long delayMillis(int failures) {
        long ceiling = ceilingMillis(failures);
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }
}
