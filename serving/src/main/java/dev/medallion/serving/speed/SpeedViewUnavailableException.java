package dev.medallion.serving.speed;

/**
 * The speed view's store cannot be reached (Redis down): transient. The consumer retries the same record, which a
 * shared view applies at most once, so a retry never counts twice.
 */
public class SpeedViewUnavailableException extends RuntimeException {
    public SpeedViewUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
