package dev.medallion.serving.speed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Parses the JSON of an {@code events.clean} record (ksql's {@code events_clean} table: ISO-8601 timestamps).
 * A record the speed view cannot place (not JSON, no event time, no event type or region) is rejected with a reason,
 * which the consumer counts per reason: the view skips it, as the 1-minute windows skip events without event time.
 */
public final class CleanEventParser {
    /** Why a record was not aggregated: the label of the skipped-records counter. */
    public enum Rejection { NOT_JSON, NO_EVENT_TIME, BAD_EVENT_TIME, NO_EVENT_TYPE, NO_REGION, BAD_NUMBER }

    /** Either an event or the reason there is none. */
    public record Result(CleanEvent event, Rejection rejection) {
    }

    private final ObjectMapper mapper = new ObjectMapper();

    public Result parse(byte[] value) {
        JsonNode node;
        try {
            node = value == null ? null : mapper.readTree(value);
        } catch (IOException e) {
            return new Result(null, Rejection.NOT_JSON);
        }
        if (node == null || !node.isObject()) {
            return new Result(null, Rejection.NOT_JSON);
        }
        JsonNode ts = node.get("event_timestamp");
        if (ts == null || ts.isNull()) {
            return new Result(null, Rejection.NO_EVENT_TIME);
        }
        Instant eventTime;
        try {
            eventTime = ts.isNumber() ? Instant.ofEpochMilli(ts.asLong()) : parseInstant(ts.asText());
        } catch (DateTimeParseException e) {
            return new Result(null, Rejection.BAD_EVENT_TIME);
        }
        String eventType = text(node, "event_type");
        if (eventType == null) {
            return new Result(null, Rejection.NO_EVENT_TYPE);
        }
        String region = text(node, "region");
        if (region == null) {
            return new Result(null, Rejection.NO_REGION);
        }
        try {
            return new Result(new CleanEvent(eventType, region, eventTime,
                    node.path("late_arrival").asBoolean(false),
                    longOrNull(node, "latency_ms"), longOrNull(node, "processing_time_ms"),
                    longOrNull(node, "response_time_ms"), doubleOrNull(node, "revenue")), null);
        } catch (NumberFormatException e) {
            return new Result(null, Rejection.BAD_NUMBER);
        }
    }

    /** Flink writes {@code 2024-05-01T12:00:00.123Z}; an offset other than Z is accepted too. */
    static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    private static Long longOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asLong();
        }
        return Long.parseLong(v.asText());
    }

    private static Double doubleOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        return Double.parseDouble(v.asText());
    }
}
