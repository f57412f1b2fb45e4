package dev.medallion.smt.eventtime;

import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExtractEventTimeTest {
    private static SourceRecord record(Object time) {
        return new SourceRecord(Map.of(), Map.of(), "events.raw", null, null, null, null,
                time == null ? Map.of("id", 1) : Map.of("meta", Map.of("ts", time)), 999L);
    }

    private static ExtractEventTime<SourceRecord> transform(Map<String, String> props) {
        ExtractEventTime<SourceRecord> t = new ExtractEventTime<>();
        t.configure(props);
        return t;
    }

    @Test
    void movesEventTimeIntoTheKafkaTimestampInEachFormat() {
        assertThat(transform(Map.of("field", "meta.ts")).apply(record("2026-11-25T04:00:00.250Z")).timestamp())
                .isEqualTo(1_795_579_200_250L);
        assertThat(transform(Map.of("field", "meta.ts")).apply(record("2026-11-25T05:00:00.250+01:00")).timestamp())
                .isEqualTo(1_795_579_200_250L);
        assertThat(transform(Map.of("field", "meta.ts", "format", "epoch_millis")).apply(record(1_795_579_200_250L)).timestamp())
                .isEqualTo(1_795_579_200_250L);
        assertThat(transform(Map.of("field", "meta.ts", "format", "epoch_seconds")).apply(record(1_795_579_200L)).timestamp())
                .isEqualTo(1_795_579_200_000L);
        assertThat(transform(Map.of("field", "meta.ts", "format", "yyyy-MM-dd HH:mm:ss", "timezone", "Europe/Berlin"))
                .apply(record("2026-11-25 05:00:00")).timestamp()).isEqualTo(1_795_579_200_000L);
    }

    @Test
    void unreadableTimesKeepTheTimestampWithAHeaderOrGoToTheDlq() {
        SourceRecord kept = transform(Map.of("field", "meta.ts")).apply(record("yesterday"));
        assertThat(kept.timestamp()).isEqualTo(999L);
        assertThat(kept.headers().lastWithName("event.time.error").value().toString()).contains("meta.ts");

        SourceRecord dead = transform(Map.of("field", "meta.ts", "on.missing", "dead-letter")).apply(record(null));
        assertThat(dead.topic()).isEqualTo("events.dlq");
        assertThat(dead.headers().lastWithName("error.stage").value()).isEqualTo("event-time");
        assertThat(dead.headers().lastWithName("error.reason").value().toString()).contains("missing");
    }
}
