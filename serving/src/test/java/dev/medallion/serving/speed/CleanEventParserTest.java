package dev.medallion.serving.speed;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CleanEventParserTest {
    private final CleanEventParser parser = new CleanEventParser();

    private CleanEventParser.Result parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheSilverFieldsAsTheSqlJobWritesThem() {
        CleanEvent e = parse("""
                {"event_id":"e1","event_type":"purchase","user_id":"u","region":"eu",
                 "event_timestamp":"2026-12-03T10:15:30.250Z","revenue":12.5,"latency_ms":40,
                 "response_time_ms":120,"processing_time_ms":7,"text":"hi","late_arrival":true,
                 "processed_timestamp":"2026-12-03T10:16:00Z"}""").event();
        assertThat(e).isEqualTo(new CleanEvent("purchase", "eu", Instant.parse("2026-12-03T10:15:30.250Z"), true,
                40L, 7L, 120L, 12.5));
        assertThat(e.epochMinute()).isEqualTo(Instant.parse("2026-12-03T10:15:00Z").getEpochSecond() / 60);
    }

    @Test
    void rejectsWhatItCannotPlaceWithAReason() {
        assertThat(parse("not json").rejection()).isEqualTo(CleanEventParser.Rejection.NOT_JSON);
        assertThat(parse("{\"event_type\":\"a\",\"region\":\"eu\"}").rejection())
                .isEqualTo(CleanEventParser.Rejection.NO_EVENT_TIME);
        assertThat(parse("{\"event_type\":\"a\",\"region\":\"eu\",\"event_timestamp\":\"yesterday\"}").rejection())
                .isEqualTo(CleanEventParser.Rejection.BAD_EVENT_TIME);
        assertThat(parse("{\"region\":\"eu\",\"event_timestamp\":\"2026-12-03T10:15:30Z\"}").rejection())
                .isEqualTo(CleanEventParser.Rejection.NO_EVENT_TYPE);
        assertThat(parse("{\"event_type\":\"a\",\"region\":\"eu\",\"event_timestamp\":\"2026-12-03T10:15:30Z\","
                + "\"latency_ms\":\"x\"}").rejection()).isEqualTo(CleanEventParser.Rejection.BAD_NUMBER);
        assertThat(parser.parse(null).rejection()).isEqualTo(CleanEventParser.Rejection.NOT_JSON);
    }
}
