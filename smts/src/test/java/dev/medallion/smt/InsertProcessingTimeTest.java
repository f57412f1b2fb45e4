package dev.medallion.smt;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InsertProcessingTimeTest {
    private static final Instant NOW = Instant.parse("2026-11-25T04:00:00.123Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void stampsEpochMillisByDefaultAndKeepsTheRecordOtherwiseUnchanged() {
        InsertProcessingTime<SourceRecord> transform = new InsertProcessingTime<>(CLOCK);
        transform.configure(Map.of());
        SourceRecord original = new SourceRecord(Map.of("p", 1), Map.of("o", 2), "events.raw", 3,
                Schema.STRING_SCHEMA, "key", Schema.STRING_SCHEMA, "value", 42L);
        original.headers().addString("keep", "me");

        SourceRecord stamped = transform.apply(original);

        assertThat(stamped.headers().lastWithName("medallion.processing.time").value()).isEqualTo(NOW.toEpochMilli());
        assertThat(stamped.headers().lastWithName("keep").value()).isEqualTo("me");
        assertThat(stamped.topic()).isEqualTo("events.raw");
        assertThat(stamped.kafkaPartition()).isEqualTo(3);
        assertThat(stamped.key()).isEqualTo("key");
        assertThat(stamped.value()).isEqualTo("value");
        assertThat(stamped.timestamp()).isEqualTo(42L);
        assertThat(stamped.sourcePartition()).isEqualTo(Map.of("p", 1));
        assertThat(stamped.sourceOffset()).isEqualTo(Map.of("o", 2));
        assertThat(original.headers().lastWithName("medallion.processing.time"))
                .as("the input record is not mutated").isNull();
    }

    @Test
    void writesIso8601UnderTheConfiguredNameAndReplacesAnEarlierStamp() {
        InsertProcessingTime<SinkRecord> transform = new InsertProcessingTime<>(CLOCK);
        transform.configure(Map.of("header.name", "seen.at", "format", "ISO8601"));
        SinkRecord record = new SinkRecord("t", 0, null, null, null, "v", 7L);
        record.headers().addString("seen.at", "earlier");

        SinkRecord stamped = transform.apply(record);

        List<Header> stamps = new ArrayList<>();
        stamped.headers().allWithName("seen.at").forEachRemaining(stamps::add);
        assertThat(stamps).singleElement().extracting(Header::value).isEqualTo("2026-11-25T04:00:00.123Z");
        assertThat(stamped.kafkaOffset()).isEqualTo(7L);
    }

    @Test
    void passesTombstoneRecordsThroughAndNullRecordsAsNull() {
        InsertProcessingTime<SinkRecord> transform = new InsertProcessingTime<>(CLOCK);
        transform.configure(Map.of());
        SinkRecord tombstone = new SinkRecord("t", 0, Schema.STRING_SCHEMA, "k", null, null, 1L);

        assertThat(transform.apply(tombstone).value()).isNull();
        assertThat(transform.apply(tombstone).headers().lastWithName("medallion.processing.time")).isNotNull();
        assertThat(transform.apply(null)).isNull();
    }

    @Test
    void rejectsUnknownFormatsAndEmptyHeaderNamesWithTheKeyInTheMessage() {
        InsertProcessingTime<SinkRecord> transform = new InsertProcessingTime<>(CLOCK);
        assertThatThrownBy(() -> transform.configure(Map.of("format", "unix")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("format");
        assertThatThrownBy(() -> transform.configure(Map.of("header.name", "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("header.name");
    }
}
