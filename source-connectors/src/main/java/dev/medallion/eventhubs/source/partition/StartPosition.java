package dev.medallion.eventhubs.source.partition;

import java.time.Instant;

/**
 * Where a partition receiver starts: the oldest retained event, only new events, the first event at or after an
 * enqueued time, or right after a known sequence number (resume after the last event handed to Connect). Kept free of
 * SDK types so the reading logic can be tested without a client.
 */
public record StartPosition(Kind kind, long sequenceNumber, Instant enqueuedTime) {

    /** The kinds of start position. */
    public enum Kind { EARLIEST, LATEST, ENQUEUED_TIME, AFTER_SEQUENCE_NUMBER }

    public static StartPosition earliest() {
        return new StartPosition(Kind.EARLIEST, -1, null);
    }

    public static StartPosition latest() {
        return new StartPosition(Kind.LATEST, -1, null);
    }

    public static StartPosition enqueuedAt(Instant time) {
        return new StartPosition(Kind.ENQUEUED_TIME, -1, time);
    }

    /** Exclusive: the first event read is the one after {@code sequenceNumber}. */
    public static StartPosition after(long sequenceNumber) {
        return new StartPosition(Kind.AFTER_SEQUENCE_NUMBER, sequenceNumber, null);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case EARLIEST -> "earliest";
            case LATEST -> "latest";
            case ENQUEUED_TIME -> "enqueued time " + enqueuedTime;
            case AFTER_SEQUENCE_NUMBER -> "after sequence number " + sequenceNumber;
        };
    }
}
