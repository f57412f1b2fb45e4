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

    private static String deadReason(SourceRecord record) {
        assertThat(record.topic()).as("routed").isEqualTo("events.dlq");
        return record.headers().lastWithName("error.reason").value().toString();
    }

    private static ExtractEventTime<SourceRecord> dead(String format) {
        return transform(Map.of("field", "meta.ts", "format", format, "on.missing", "dead-letter"));
    }

    @Test
    void timesOutsideTheRangeOfEpochMillisGoToTheDlqInsteadOfFailingTheTask() {
        assertThat(deadReason(dead("iso8601").apply(record("+300000000-01-01T00:00:00Z")))).contains("out of the range");
        assertThat(deadReason(dead("epoch_millis").apply(record(java.math.BigInteger.ONE.shiftLeft(70)))))
                .as("would wrap to 0").contains("out of the range");
        assertThat(deadReason(dead("epoch_seconds").apply(record(Long.MAX_VALUE)))).contains("out of the range");
        assertThat(deadReason(dead("epoch_seconds").apply(record(Double.NaN)))).contains("out of the range");
        assertThat(deadReason(dead("epoch_millis").apply(record("99999999999999999999")))).contains("out of the range");
        assertThat(deadReason(dead("epoch_millis").apply(record(-5L)))).as("the producer refuses it").contains("1970");
        assertThat(deadReason(dead("iso8601").apply(record("x".repeat(50_000))))).contains("cannot be read")
                .hasSizeLessThan(200);

        SourceRecord kept = transform(Map.of("field", "meta.ts")).apply(record("+300000000-01-01T00:00:00Z"));
        assertThat(kept.timestamp()).isEqualTo(999L);
        assertThat(kept.headers().lastWithName("event.time.error").value().toString()).contains("out of the range");
    }

    @Test
    void timesFurtherAheadThanTheSkewDoNotBecomeTheTimestamp() {
        long now = System.currentTimeMillis();
        assertThat(dead("epoch_millis").apply(record(now + 10_000)).timestamp()).isEqualTo(now + 10_000);
        assertThat(deadReason(dead("epoch_millis").apply(record(now + 7_200_000)))).contains("max.future.ms");
        assertThat(deadReason(dead("iso8601").apply(record("2099-01-01T00:00:00Z")))).contains("ahead of the worker's clock");
        ExtractEventTime<SourceRecord> wide = transform(Map.of("field", "meta.ts", "format", "epoch_millis",
                "on.missing", "dead-letter", "max.future.ms", String.valueOf(Long.MAX_VALUE)));
        assertThat(wide.apply(record(now + 7_200_000)).timestamp()).isEqualTo(now + 7_200_000);
    }
}
