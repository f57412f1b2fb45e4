package dev.medallion.smt;

import dev.medallion.common.PluginVersion;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Stamps each record with the wall-clock time it passed through Connect, in a header. Downstream stages (the Delta
 * sink, the quickstart's summary) subtract it from later stamps to measure per-stage latency without touching the
 * record's key, value or Kafka timestamp, which belong to the data.
 */
public class InsertProcessingTime<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
    private final Clock clock;
    private String headerName;
    private boolean iso8601;

    public InsertProcessingTime() {
        this(Clock.systemUTC());
    }

    InsertProcessingTime(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void configure(Map<String, ?> props) {
        InsertProcessingTimeConfig config = new InsertProcessingTimeConfig(props);
        headerName = config.headerName();
        iso8601 = config.iso8601();
    }

    @Override
    public R apply(R record) {
        if (record == null) {
            return null;
        }
        Instant now = clock.instant();
        Headers headers = record.headers().duplicate();
        headers.remove(headerName);
        if (iso8601) {
            headers.addString(headerName, now.toString());
        } else {
            headers.addLong(headerName, now.toEpochMilli());
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                record.valueSchema(), record.value(), record.timestamp(), headers);
    }

    @Override
    public ConfigDef config() {
        return InsertProcessingTimeConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void close() {
    }
}
