package dev.medallion.common;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between attempts (reopening a failed Event Hubs link, resending a failed batch):
 * initial, doubled per consecutive failure, up to max. Jitter (50-100 %) keeps tasks and lanes from retrying in
 * lockstep after a namespace-wide outage.
 */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;

    public Backoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** Upper bound of the wait after {@code failures} consecutive failures (1 = the first). */
    public long ceilingMillis(int failures) {
        int doublings = Math.max(0, Math.min(failures - 1, 30));
        long ceiling = initialMillis << doublings;
        return ceiling <= 0 || ceiling > maxMillis ? maxMillis : ceiling;
    }

    public long delayMillis(int failures) {
        long ceiling = ceilingMillis(failures);
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }
}
