package dev.medallion.eventhubs.emulator.store;

/**
 * Where a reader starts in a partition: what the SDK's {@code EventPosition} sends as a selector filter.
 *
 * @param kind what {@code value} means
 * @param value a sequence number, a byte offset or epoch millis (unused for EARLIEST and LATEST)
 * @param inclusive whether the event at {@code value} itself is read
 */
public record StartPosition(Kind kind, long value, boolean inclusive) {

    /** The kinds of position Event Hubs understands. */
    public enum Kind { EARLIEST, LATEST, SEQUENCE_NUMBER, OFFSET, ENQUEUED_TIME }

    public static StartPosition earliest() {
        return new StartPosition(Kind.EARLIEST, -1, false);
    }

    public static StartPosition latest() {
        return new StartPosition(Kind.LATEST, -1, false);
    }
}
