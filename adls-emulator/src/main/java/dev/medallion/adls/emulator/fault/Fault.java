package dev.medallion.adls.emulator.fault;

import java.time.Duration;

/**
 * One kind of failure the emulator can answer a request with, instead of (or before) serving it.
 *
 * @param kind  what happens
 * @param delay for {@link Kind#SLOW}: how long the response is held back before the request is served normally
 */
public record Fault(Kind kind, Duration delay) {

    public enum Kind {
        /** 503 {@code ServerBusy}, which the service answers when an account's limits are hit. */
        SERVER_BUSY,
        /** 500 {@code InternalError}. */
        INTERNAL_ERROR,
        /** The request is served, but only after a delay. */
        SLOW,
        /** Half of the request body is read, then the connection is dropped without a response (nothing stored). */
        CONNECTION_RESET
    }

    public static Fault serverBusy() {
        return new Fault(Kind.SERVER_BUSY, Duration.ZERO);
    }

    public static Fault internalError() {
        return new Fault(Kind.INTERNAL_ERROR, Duration.ZERO);
    }

    public static Fault slow(Duration delay) {
        return new Fault(Kind.SLOW, delay);
    }

    public static Fault connectionReset() {
        return new Fault(Kind.CONNECTION_RESET, Duration.ZERO);
    }
}
