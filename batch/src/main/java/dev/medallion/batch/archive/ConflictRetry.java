package dev.medallion.batch.archive;

import io.delta.exceptions.DeltaConcurrentModificationException;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Retries a Spark write that lost a commit race (Delta's {@link DeltaConcurrentModificationException}, e.g. a
 * {@code ConcurrentAppendException} when a sink appended to a partition the write read), re-reading the table on each
 * attempt. Safe only for writes that are correct against any newer snapshot; the archive's are.
 */
final class ConflictRetry {
    private final int maxAttempts;
    private final Duration backoff;

    ConflictRetry(int maxAttempts, Duration backoff) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    /** The result and the attempts it took. */
    record Outcome<T>(T result, int attempts) {}

    <T> Outcome<T> run(String what, Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return new Outcome<>(write.get(), attempt);
            } catch (DeltaConcurrentModificationException e) {
                if (attempt >= maxAttempts) {
                    throw new IllegalStateException(what + " lost the commit race " + attempt + " times in a row ("
                            + e.getClass().getSimpleName() + "); nothing was lost: run the job again later, when"
                            + " fewer late events arrive for old partitions.", e);
                }
                pause(backoff.multipliedBy(attempt));
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted between retries", e);
        }
    }
}
