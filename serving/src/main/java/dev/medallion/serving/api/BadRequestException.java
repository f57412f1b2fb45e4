package dev.medallion.serving.api;

/** A request the API refuses with 400 and this message (which names the parameter and what is allowed). */
public final class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }
}
