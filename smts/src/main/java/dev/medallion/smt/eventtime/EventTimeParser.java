package dev.medallion.smt.eventtime;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;

/** Reads an event time in epoch millis from a field value in one configured format; null when it cannot. */
public final class EventTimeParser {
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

    public Long epochMillis(Object value) {
        if (value instanceof Date date) {
            return date.getTime();
        }
        try {
            switch (format) {
                case "epoch_millis":
                    return value instanceof Number n ? n.longValue()
                            : value instanceof String s ? Long.parseLong(s.trim()) : null;
                case "epoch_seconds":
                    return value instanceof Number n ? Math.round(n.doubleValue() * 1000)
                            : value instanceof String s ? Math.round(Double.parseDouble(s.trim()) * 1000) : null;
                case "iso8601":
                    if (!(value instanceof String s)) {
                        return null;
                    }
                    try {
                        return OffsetDateTime.parse(s).toInstant().toEpochMilli();
                    } catch (DateTimeParseException e) {
                        return Instant.parse(s).toEpochMilli();
                    }
                default:
                    return value instanceof String s ? LocalDateTime.parse(s, pattern).atZone(zone).toInstant().toEpochMilli() : null;
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            return null;
        }
    }
}
