package dev.medallion.eventhubs.source.record;

import org.apache.kafka.connect.errors.DataException;

/**
 * An event body that does not fit {@code value.format}: not JSON, or JSON that does not fit the configured schema.
 * Carries the offending field (a path below the value, e.g. {@code items[2].price}) when one is to blame, for the
 * dead-letter record's {@code error.field} header.
 */
final class InvalidBodyException extends DataException {
    private static final String ROOT = "value";
    private final String field;

    /** @param path where in the body the problem is, {@code value} for the body itself, or null */
    InvalidBodyException(String path, String reason) {
        super(reason);
        this.field = path == null || path.equals(ROOT) ? null
                : path.startsWith(ROOT + ".") ? path.substring(ROOT.length() + 1) : path;
    }

    /**
     * A conversion failure nobody anticipated, as a dead-letter reason: its type and the first line of its message,
     * cut at 200 characters (a message may quote part of the value).
     */
    static InvalidBodyException unexpected(RuntimeException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        if (message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        return new InvalidBodyException(null, "body cannot be converted: " + e.getClass().getSimpleName()
                + (message.isEmpty() ? "" : ": " + message));
    }

    /** The field below the value that is to blame, or null when the body as a whole is. */
    String field() {
        return field;
    }
}
