package dev.medallion.smt.eventtime;

import dev.medallion.common.PluginVersion;
import dev.medallion.smt.dlq.DeadLetterConfig;
import dev.medallion.smt.dlq.DeadLetterRouter;
import dev.medallion.smt.field.FieldPath;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/**
 * Sets the record's Kafka timestamp from an event-time field in the value (epoch millis/seconds, ISO-8601 or a
 * pattern), so downstream windowing (Flink SQL, the Delta sink's time partitions) runs on event time. Kafka's
 * {@code TimestampConverter} converts a field's format but cannot move it into the record timestamp; this does.
 * Unreadable, missing or out-of-range times, and times more than {@code max.future.ms} ahead of the worker's clock,
 * keep the old timestamp with header {@code event.time.error}, or go to the dead-letter topic, with the reason.
 * With {@code output.field} the parsed time also lands in a typed top-level field (e.g. bronze's
 * {@code event_timestamp} TIMESTAMP column); it is empty when the time could not be read.
 */
public class ExtractEventTime<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
    public static final String STAGE = "event-time";
    public static final String ERROR_HEADER = "event.time.error";

    private FieldPath field;
    private EventTimeParser parser;
    private long maxFutureMillis;
    private final Clock clock;
    private boolean deadLetter;
    private DeadLetterRouter router;
    /** Null when output.field is empty: the value is left as it is. */
    private EventTimeWriter output;

    public ExtractEventTime() {
        this(Clock.systemUTC());
    }

    /** With another clock than the system's, for tests. */
    ExtractEventTime(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void configure(Map<String, ?> props) {
        ExtractEventTimeConfig config = new ExtractEventTimeConfig(props);
        field = FieldPath.of(config.getString(ExtractEventTimeConfig.FIELD_CONFIG));
        parser = new EventTimeParser(config.getString(ExtractEventTimeConfig.FORMAT_CONFIG),
                ZoneId.of(config.getString(ExtractEventTimeConfig.TIMEZONE_CONFIG)));
        maxFutureMillis = config.getLong(ExtractEventTimeConfig.MAX_FUTURE_CONFIG);
        deadLetter = config.getString(ExtractEventTimeConfig.ON_MISSING_CONFIG).toLowerCase(Locale.ROOT).equals("dead-letter");
        router = DeadLetterConfig.router(config, STAGE);
        String outputField = config.getString(ExtractEventTimeConfig.OUTPUT_FIELD_CONFIG);
        output = outputField.isEmpty() ? null : new EventTimeWriter(outputField);
    }

    @Override
    public R apply(R record) {
        if (record == null || record.value() == null || DeadLetterRouter.isDeadLetter(record)) {
            return record;
        }
        Object raw = field.get(record.value());
        String reason;
        long millis = 0;
        if (raw == null) {
            reason = "event-time field '" + field + "' is missing";
        } else {
            try {
                millis = parser.epochMillis(raw);
                reason = outOfBounds(millis);
            } catch (DateTimeException e) {
                reason = "event-time field '" + field + "' cannot be read: " + e.getMessage();
            }
        }
        if (reason != null) {
            if (deadLetter) {
                return router.route(record, field.path(), "event-time", reason);
            }
            Headers headers = record.headers().duplicate();
            headers.addString(ERROR_HEADER, reason);
            return withValue(record, null, record.timestamp(), headers);
        }
        return withValue(record, millis, millis, record.headers().duplicate());
    }

    /** The record with its new timestamp and, when output.field is set, the event time (or null) in that field. */
    private R withValue(R record, Long eventMillis, Long timestamp, Headers headers) {
        Object value = record.value();
        Schema schema = record.valueSchema();
        if (output != null) {
            value = output.write(value, eventMillis);
            if (value instanceof Struct struct) {
                schema = struct.schema();
            }
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), schema,
                value, timestamp, headers);
    }

    /** Why a readable time cannot become the record timestamp, or null. */
    private String outOfBounds(long millis) {
        if (millis < 0) {
            // The producer refuses negative timestamps, which would fail the task on every retry.
            return "event-time field '" + field + "' = " + Instant.ofEpochMilli(millis) + " lies before 1970, which a"
                    + " Kafka timestamp cannot hold";
        }
        long now = clock.millis();
        long latest = maxFutureMillis > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + maxFutureMillis;
        return millis <= latest ? null : "event-time field '" + field + "' = " + Instant.ofEpochMilli(millis)
                + " lies more than " + maxFutureMillis + " ms (max.future.ms) ahead of the worker's clock";
    }

    @Override
    public ConfigDef config() {
        return ExtractEventTimeConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void close() {
    }
}
