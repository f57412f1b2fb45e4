package dev.medallion.smt.eventtime;

import dev.medallion.common.PluginVersion;
import dev.medallion.smt.dlq.DeadLetterConfig;
import dev.medallion.smt.dlq.DeadLetterRouter;
import dev.medallion.smt.field.FieldPath;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/**
 * Sets the record's Kafka timestamp from an event-time field in the value (epoch millis/seconds, ISO-8601 or a
 * pattern), so downstream windowing (Flink SQL, the Delta sink's time partitions) runs on event time. Kafka's
 * {@code TimestampConverter} converts a field's format but cannot move it into the record timestamp; this does.
 * Unreadable or missing times keep the old timestamp with header {@code event.time.error}, or go to the dead-letter
 * topic.
 */
public class ExtractEventTime<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
    public static final String STAGE = "event-time";
    public static final String ERROR_HEADER = "event.time.error";

    private FieldPath field;
    private EventTimeParser parser;
    private boolean deadLetter;
    private DeadLetterRouter router;

    @Override
    public void configure(Map<String, ?> props) {
        ExtractEventTimeConfig config = new ExtractEventTimeConfig(props);
        field = FieldPath.of(config.getString(ExtractEventTimeConfig.FIELD_CONFIG));
        parser = new EventTimeParser(config.getString(ExtractEventTimeConfig.FORMAT_CONFIG),
                ZoneId.of(config.getString(ExtractEventTimeConfig.TIMEZONE_CONFIG)));
        deadLetter = config.getString(ExtractEventTimeConfig.ON_MISSING_CONFIG).toLowerCase(Locale.ROOT).equals("dead-letter");
        router = DeadLetterConfig.router(config, STAGE);
    }

    @Override
    public R apply(R record) {
        if (record == null || record.value() == null || DeadLetterRouter.isDeadLetter(record)) {
            return record;
        }
        Object raw = field.get(record.value());
        Long millis = raw == null ? null : parser.epochMillis(raw);
        if (millis == null) {
            String reason = raw == null ? "event-time field '" + field + "' is missing"
                    : "event-time field '" + field + "' cannot be read in the configured format";
            if (deadLetter) {
                return router.route(record, field.path(), "event-time", reason);
            }
            Headers headers = record.headers().duplicate();
            headers.addString(ERROR_HEADER, reason);
            return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                    record.valueSchema(), record.value(), record.timestamp(), headers);
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                record.valueSchema(), record.value(), millis, record.headers().duplicate());
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
