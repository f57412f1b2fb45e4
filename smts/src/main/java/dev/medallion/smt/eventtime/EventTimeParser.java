package dev.medallion.smt.eventtime;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;

/**
 * Reads an event time in epoch millis from a field value in one configured format. Every value that is not a time in
 * that format, or one that does not fit epoch millis (a year such as +300000000, 2^70 seconds, NaN), fails with a
 * {@link DateTimeException} whose message is a reason for the dead-letter header; nothing else escapes, so one odd
 * event cannot fail the task.
 */
public final class EventTimeParser {
    /** Doubles at or beyond this magnitude do not fit a long. */
    private static final double LONG_LIMIT = 0x1p63;

    private final String format;
    private final DateTimeFormatter pattern;
    private final ZoneId zone;

    public EventTimeParser(String format, ZoneId zone) {
        this.format = format;
        this.zone = zone;
        this.pattern = switch (format) {
            case "epoch_millis", "epoch_seconds", "iso8601" -> null;
            default -> DateTimeFormatter.ofPattern(format);
        };
    }

    /**
     * The event time in epoch millis.
     *
     * @throws DateTimeException with the reason when the value is not a time in the configured format or is out of
     *                           the range of epoch millis
     */
    public long epochMillis(Object value) {
        if (value instanceof Date date) {
            return date.getTime();
        }
        try {
            return switch (format) {
                case "epoch_millis" -> epoch(value, 1);
                case "epoch_seconds" -> epoch(value, 1000);
                case "iso8601" -> iso(text(value));
                default -> LocalDateTime.parse(text(value), pattern).atZone(zone).toInstant().toEpochMilli();
            };
        } catch (DateTimeParseException e) {
            // Not the parser's message: it quotes the whole value, which may be long or sensitive.
            throw new DateTimeException("not " + format + " (unreadable at character " + e.getErrorIndex() + ")", e);
        } catch (NumberFormatException e) {
            throw new DateTimeException("not " + format + " (not a number)", e);
        } catch (ArithmeticException e) {
            throw outOfRange();
        }
    }

    private long epoch(Object value, long unitMillis) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return Math.multiplyExact(((Number) value).longValue(), unitMillis);
        }
        if (value instanceof BigInteger big) {
            return Math.multiplyExact(big.longValueExact(), unitMillis);
        }
        double d;
        if (value instanceof Number n) {
            d = n.doubleValue(); // BigDecimal too: no exact arithmetic on an attacker's exponent
        } else if (value instanceof String s) {
            String trimmed = s.trim();
            try {
                return Math.multiplyExact(Long.parseLong(trimmed), unitMillis);
            } catch (NumberFormatException notAnInteger) {
                d = Double.parseDouble(trimmed);
            }
        } else {
            throw new DateTimeException("not " + format + ": a " + value.getClass().getSimpleName());
        }
        double millis = d * unitMillis;
        if (!Double.isFinite(millis) || Math.abs(millis) >= LONG_LIMIT) {
            throw outOfRange();
        }
        return Math.round(millis);
    }

    private static long iso(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return Instant.parse(s).toEpochMilli();
        }
    }

    private String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw new DateTimeException("not " + format + ": a " + value.getClass().getSimpleName() + ", not a string");
    }

    private DateTimeException outOfRange() {
        return new DateTimeException("out of the range of epoch milliseconds (" + format + ")");
    }
}
