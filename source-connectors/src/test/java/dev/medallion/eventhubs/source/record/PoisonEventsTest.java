package dev.medallion.eventhubs.source.record;

import dev.medallion.eventhubs.source.config.EventHubsSourceConfig;
import dev.medallion.eventhubs.source.receive.ReceivedEvent;

import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Bodies an attacker or a broken producer can send. None may throw out of {@link EventRecordBuilder#build}, since the
 * exception would escape poll() and the task would read the same event again after every restart: each either becomes
 * a record or a dead letter with a reason, and does so fast.
 */
class PoisonEventsTest {
    private static final String CS = "Endpoint=sb://ns.example/;SharedAccessKeyName=k;SharedAccessKey=v;EntityPath=orders";
    private static final String SCHEMA = "{\"type\":\"struct\",\"fields\":["
            + "{\"field\":\"ts\",\"type\":\"int64\",\"name\":\"org.apache.kafka.connect.data.Timestamp\",\"optional\":true},"
            + "{\"field\":\"n\",\"type\":\"int32\",\"optional\":true},"
            + "{\"field\":\"big\",\"type\":\"int64\",\"optional\":true},"
            + "{\"field\":\"x\",\"type\":\"double\",\"optional\":true},"
            + "{\"field\":\"s\",\"type\":\"string\",\"optional\":true}]}";

    private static EventRecordBuilder builder(String... kv) {
        Map<String, String> props = new HashMap<>();
        props.put(EventHubsSourceConfig.CONNECTION_STRING_CONFIG, CS);
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        return EventRecordBuilder.from(new EventHubsSourceConfig(props));
    }

    private static EventRecordBuilder withSchema() {
        return builder(EventHubsSourceConfig.VALUE_FORMAT_CONFIG, "json",
                EventHubsSourceConfig.VALUE_JSON_SCHEMA_CONFIG, SCHEMA);
    }

    private static EventRecordBuilder schemaless() {
        return builder(EventHubsSourceConfig.VALUE_FORMAT_CONFIG, "json");
    }

    private static ReceivedEvent event(byte[] body) {
        return new ReceivedEvent("3", 42, "4200", 1_700_000_000_123L, "customer-7", body, Map.of());
    }

    private static ReceivedEvent event(String body) {
        return event(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String reason(SourceRecord record) {
        Header header = record.headers().lastWithName("error.reason");
        return header == null ? null : (String) header.value();
    }

    private static SourceRecord deadLetter(EventRecordBuilder builder, ReceivedEvent event) {
        SourceRecord[] built = new SourceRecord[1];
        assertThatCode(() -> built[0] = builder.build(event)).doesNotThrowAnyException();
        assertThat(built[0].topic()).as("dead-letter topic").isEqualTo("orders.dlq");
        assertThat(reason(built[0])).isNotBlank();
        assertThat(built[0].sourceOffset()).isEqualTo(Map.of("sequenceNumber", 42L, "offset", "4200"));
        return built[0];
    }

    @Test
    void aTimestampBeyondEpochMillisecondsIsADeadLetter() {
        SourceRecord record = deadLetter(withSchema(), event("{\"ts\":\"+300000000-01-01T00:00:00Z\"}"));
        assertThat(reason(record)).contains("value.ts").contains("epoch milliseconds");
        assertThat(record.headers().lastWithName("error.field").value()).isEqualTo("ts");
    }

    @Test
    void hugeNumbersAreDeadLettersNotInfinityOrMinutesOfCpu() {
        long start = System.nanoTime();
        assertThat(reason(deadLetter(withSchema(), event("{\"n\":1e99999999}")))).contains("value.n");
        assertThat(reason(deadLetter(withSchema(), event("{\"big\":1e99999999}")))).contains("value.big");
        assertThat(reason(deadLetter(withSchema(), event("{\"big\":123456789012345678901234567890}"))))
                .contains("value.big");
        assertThat(reason(deadLetter(withSchema(), event("{\"x\":1e99999999}")))).contains("value.x")
                .contains("finite");
        assertThat(reason(deadLetter(schemaless(), event("{\"x\":-1e99999999}")))).contains("finite");
        assertThat(System.nanoTime() - start).as("nanoseconds").isLessThan(2_000_000_000L);
    }

    @Test
    void deeplyNestedJsonIsADeadLetterWithoutAStackOverflow() {
        String nested = "[".repeat(100_000);
        assertThat(reason(deadLetter(schemaless(), event(nested)))).startsWith("body is not valid JSON");
        assertThat(reason(deadLetter(withSchema(), event("{\"s\":" + nested)))).startsWith("body is not valid JSON");
    }

    @Test
    void tenThousandFieldsAreAccepted() {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < 10_000; i++) {
            body.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        SourceRecord record = schemaless().build(event(body.append('}').toString()));
        assertThat(record.topic()).isEqualTo("orders");
        assertThat((Map<?, ?>) record.value()).hasSize(10_000);
    }

    @Test
    void invalidUtf8IsADeadLetterForJsonAndString() {
        byte[] invalid = {'{', '"', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThat(reason(deadLetter(schemaless(), event(invalid)))).startsWith("body is not valid JSON");
        assertThat(reason(deadLetter(withSchema(), event(invalid)))).startsWith("body is not valid JSON");
        assertThat(reason(deadLetter(builder(EventHubsSourceConfig.VALUE_FORMAT_CONFIG, "string"), event(invalid))))
                .contains("UTF-8");
        assertThat(builder(EventHubsSourceConfig.VALUE_FORMAT_CONFIG, "string").build(event("héllo")).value())
                .isEqualTo("héllo");
    }

    @Test
    void trailingGarbageAfterTheJsonValueIsADeadLetter() {
        assertThat(reason(deadLetter(schemaless(), event("{\"s\":\"a\"} {\"s\":\"b\"}"))))
                .startsWith("body is not valid JSON");
        assertThat(reason(deadLetter(withSchema(), event("{\"s\":\"a\"}garbage")))).startsWith("body is not valid JSON");
        assertThat(schemaless().build(event("{\"s\":\"a\"}  \n")).topic()).as("whitespace is fine").isEqualTo("orders");
    }

    @Test
    void duplicateKeysAreADeadLetterSinceReadersWouldDisagreeOnTheValue() {
        assertThat(reason(deadLetter(schemaless(), event("{\"s\":\"a\",\"s\":\"b\"}")))).contains("uplicate");
        assertThat(reason(deadLetter(withSchema(), event("{\"n\":1,\"n\":2}")))).contains("uplicate");
    }

    @Test
    void anEventAboveRecordMaxBytesIsADeadLetterWithItsSize() {
        EventRecordBuilder builder = builder(EventHubsSourceConfig.VALUE_FORMAT_CONFIG, "json",
                "record.max.bytes", "2048");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("note", "p".repeat(600));
        String body = "{\"s\":\"" + "x".repeat(1500) + "\"}";
        SourceRecord fits = builder.build(event(body));
        assertThat(fits.topic()).isEqualTo("orders");

        ReceivedEvent large = new ReceivedEvent("3", 42, "4200", 1L, "customer-7",
                body.getBytes(StandardCharsets.UTF_8), properties);
        SourceRecord record = deadLetter(builder, large);
        assertThat(reason(record)).matches("event of \\d+ bytes \\(body \\d+, key and headers \\d+\\) is above "
                + "record.max.bytes=2048.*");
        assertThat(new String((byte[]) record.value(), StandardCharsets.UTF_8)).as("the body as sent").isEqualTo(body);

        // A body above the limit itself: the dead letter must fit the producer too, so it holds the body's start.
        String huge = "{\"s\":\"" + "y".repeat(5000) + "\"}";
        SourceRecord cut = deadLetter(builder, event(huge));
        assertThat(reason(cut)).contains("body 5008").contains("the first 2048 bytes of the body");
        assertThat(new String((byte[]) cut.value(), StandardCharsets.UTF_8)).isEqualTo(huge.substring(0, 2048));
    }
}
