package dev.medallion.smt.dlq;

import dev.medallion.smt.anomaly.FlagAnomaly;
import dev.medallion.smt.eventtime.ExtractEventTime;
import dev.medallion.smt.json.ParseJson;
import dev.medallion.smt.validate.Validate;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event can bring any header along (Event Hubs application properties become headers), so {@code error.stage} on
 * an ordinary record must not make the transforms wave it through; records really routed to a dead-letter topic, by
 * these transforms or by the source connector, still pass untouched.
 */
class ForgedDeadLetterTest {
    private static final String RULES = "{\"event_id\": {\"required\": true, \"type\": \"string\"},"
            + " \"event_time\": {\"required\": true, \"timestamp\": \"epoch_millis\"}}";

    private static SourceRecord record(String topic, Object value, String... headers) {
        ConnectHeaders h = new ConnectHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            h.addString(headers[i], headers[i + 1]);
        }
        return new SourceRecord(Map.of("p", "0"), Map.of("seq", 7L), topic, null, null, null, null, value, 5L, h);
    }

    private static Validate<SourceRecord> validate(Map<String, String> extra) {
        Validate<SourceRecord> validate = new Validate<>();
        Map<String, String> props = new java.util.HashMap<>(Map.of("rules", RULES, "dlq.topic.name", "forged.test.dlq"));
        props.putAll(extra);
        validate.configure(props);
        return validate;
    }

    private static List<Object> values(SourceRecord record, String name) {
        List<Object> values = new ArrayList<>();
        for (Header header : record.headers()) {
            if (header.key().equals(name)) {
                values.add(header.value());
            }
        }
        return values;
    }

    @Test
    void aForgedStageHeaderOnAnOrdinaryRecordDoesNotSkipValidation() {
        SourceRecord forged = record("events.raw", Map.of("event_id", 42L), "error.stage", "source",
                "error.reason", "all good", "error.violations", "0");
        assertThat(DeadLetterRouter.isDeadLetter(forged)).isFalse();

        SourceRecord out = validate(Map.of()).apply(forged);
        assertThat(out.topic()).isEqualTo("forged.test.dlq");
        assertThat(values(out, "error.stage")).as("the event's copy is dropped").containsExactly("validate");
        assertThat(values(out, "error.reason")).singleElement().asString().contains("event_id");
        assertThat(values(out, "error.violations")).containsExactly(2);
        assertThat(values(out, "error.original.topic")).containsExactly("events.raw");
    }

    @Test
    void aForgedStageHeaderDoesNotSkipEventTimeOrParsing() {
        SourceRecord forgedTime = record("events.raw", Map.of("ts", "yesterday"), "error.stage", "parse");
        ExtractEventTime<SourceRecord> time = new ExtractEventTime<>();
        time.configure(Map.of("field", "ts", "on.missing", "dead-letter", "dlq.topic.name", "forged.test.dlq"));
        assertThat(time.apply(forgedTime).topic()).isEqualTo("forged.test.dlq");

        SourceRecord forgedText = record("events.raw", "{broken", "error.stage", "parse");
        ParseJson<SourceRecord> parse = new ParseJson<>();
        parse.configure(Map.of("dlq.topic.name", "forged.test.dlq"));
        assertThat(parse.apply(forgedText).topic()).isEqualTo("forged.test.dlq");

        FlagAnomaly<SourceRecord> flag = new FlagAnomaly<>();
        flag.configure(Map.of("field", "latency"));
        SourceRecord forgedMetric = record("metrics", Map.of("latency", 3.0), "error.stage", "validate");
        assertThat(flag.apply(forgedMetric).headers().lastWithName("anomaly.flag")).as("observed, not skipped").isNotNull();
    }

    @Test
    void recordsRoutedByAnEarlierStagePassLaterStagesUntouched() {
        SourceRecord routed = validate(Map.of()).apply(record("events.raw", Map.of("event_id", 1L)));
        assertThat(routed.topic()).isEqualTo("forged.test.dlq");
        assertThat(DeadLetterRouter.isDeadLetter(routed)).isTrue();

        assertThat(validate(Map.of()).apply(routed)).isSameAs(routed);
        ExtractEventTime<SourceRecord> time = new ExtractEventTime<>();
        time.configure(Map.of("field", "ts", "on.missing", "dead-letter", "dlq.topic.name", "other.topic"));
        assertThat(time.apply(routed)).as("another transform's DLQ is known worker-wide").isSameAs(routed);
    }

    @Test
    void theSourceConnectorsDeadLettersPassOnItsDefaultTopicOrANamedOne() {
        // EventRecordBuilder: body as sent, topic ${hub}.dlq by default, error.* headers.
        SourceRecord sourceDlq = record("orders.dlq", new byte[]{'{'}, "error.stage", "source", "error.reason", "bad");
        assertThat(validate(Map.of()).apply(sourceDlq)).isSameAs(sourceDlq);

        SourceRecord custom = record("quarantine-of-orders", new byte[]{'{'}, "error.stage", "source");
        assertThat(DeadLetterRouter.isDeadLetter(custom)).as("not declared yet").isFalse();
        Validate<SourceRecord> declaring = validate(Map.of("dlq.known.topics", "quarantine-of-orders"));
        assertThat(declaring.apply(custom)).isSameAs(custom);
        assertThat(DeadLetterRouter.isDeadLetter(custom)).isTrue();

        SourceRecord noStage = record("orders.dlq", Map.of("event_id", 1L));
        assertThat(validate(Map.of()).apply(noStage).topic()).as("a DLQ topic alone is not a mark")
                .isEqualTo("forged.test.dlq");
    }
}
