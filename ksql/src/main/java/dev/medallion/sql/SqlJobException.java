package dev.medallion.sql;

/** A SQL job could not be planned, submitted, or it failed while running; the message says which and why. */
public final class SqlJobException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SqlJobException(String message, Throwable cause) {
        super(message, cause);
    }

    public SqlJobException(String message) {
        super(message);
    }
}
