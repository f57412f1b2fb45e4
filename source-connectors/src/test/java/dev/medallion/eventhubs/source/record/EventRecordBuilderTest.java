package dev.medallion.eventhubs.source.record;

import dev.medallion.eventhubs.source.config.EventHubsSourceConfig;
import dev.medallion.eventhubs.source.receive.ReceivedEvent;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventRecordBuilderTest {
    private static final String CS = "Endpoint=sb://ns.example/;SharedAccessKeyName=k;SharedAccessKey=v;EntityPath=orders";

    private static EventRecordBuilder builder(String... kv) {
        Map<String, String> props = new HashMap<>();
        props.put(EventHubsSourceConfig.CONNECTION_STRING_CONFIG, CS);
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        return EventRecordBuilder.from(new EventHubsSourceConfig(props));
    }

    private static ReceivedEvent event(String body, Map<String, Object> properties) {
        return new ReceivedEvent("3", 42, "4200", 1_700_000_000_123L, "customer-7",
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), properties);
    }

    @Test
    void bytesRecordCarriesKeyTimestampSourcePositionAndMetadataHeaders() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("event_type", "click");
        properties.put("attempt", 2);
        properties.put("big", 5_000_000_000L);
        properties.put("ok", true);
        properties.put("when", new Date(5));
        properties.put("id", UUID.fromString("00000000-0000-0000-0000-000000000001"));

        SourceRecord record = builder(EventHubsSourceConfig.TOPIC_CONFIG, "raw.${hub}")
                .build(event("{\"a\":1}", properties));

        assertThat(record.topic()).isEqualTo("raw.orders");
        assertThat(record.kafkaPartition()).isNull();
        assertThat(record.key()).isEqualTo("customer-7");
        assertThat(record.keySchema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(record.valueSchema()).isEqualTo(Schema.OPTIONAL_BYTES_SCHEMA);
        assertThat(new String((byte[]) record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(record.timestamp()).isEqualTo(1_700_000_000_123L);
        assertThat(record.sourcePartition()).isEqualTo(Map.of("namespace", "ns.example", "hub", "orders",
                "consumerGroup", "$Default", "partition", "3"));
        assertThat(record.sourceOffset()).isEqualTo(Map.of("sequenceNumber", 42L, "offset", "4200"));

        Map<String, Object> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value());
        }
        assertThat(headers).containsEntry("eventhubs.sequence.number", 42L)
                .containsEntry("eventhubs.offset", "4200")
                .containsEntry("eventhubs.enqueued.time", 1_700_000_000_123L)
                .containsEntry("eventhubs.partition.id", "3")
                .containsEntry("eventhubs.property.event_type", "click")
                .containsEntry("eventhubs.property.attempt", 2)
                .containsEntry("eventhubs.property.big", 5_000_000_000L)
                .containsEntry("eventhubs.property.ok", true)
                .containsEntry("eventhubs.property.when", new Date(5))
                .containsEntry("eventhubs.property.id", "00000000-0000-0000-0000-000000000001");
    }

    @Test
    void headerGroupsCanBeLeftOutButDeadLettersKeepThem() {
        Map<String, Object> properties = Map.of("event_type", "click");
        SourceRecord noMetadata = builder(EventHubsSourceConfig.HEADER_METADATA_ENABLED_CONFIG, "false")
                .build(event("{}", properties));
        assertThat(headerKeys(noMetadata)).containsExactly("eventhubs.property.event_type");

        SourceRecord noProperties = builder(EventHubsSourceConfig.HEADER_PROPERTIES_ENABLED_CONFIG, "false")
                .build(event("{}", properties));
        assertThat(headerKeys(noProperties)).containsExactlyInAnyOrder("eventhubs.sequence.number",
                "eventhubs.offset", "eventhubs.enqueued.time", "eventhubs.partition.id");

        EventRecordBuilder none = builder(EventHubsSourceConfig.HEADER_METADATA_ENABLED_CONFIG, "false",
                EventHubsSourceConfig.HEADER_PROPERTIES_ENABLED_CONFIG, "false",
                EventHubsSourceConfig.VALUE_FORMAT_CONFIG, "json");
        assertThat(headerKeys(none.build(event("{}", properties)))).isEmpty();
        assertThat(headerKeys(none.build(event("{broken", properties)))).as("a dead letter says where it came from")
                .contains("eventhubs.sequence.number", "eventhubs.partition.id", "eventhubs.property.event_type",
                        "error.reason");
    }

    private static List<String> headerKeys(SourceRecord record) {
        List<String> keys = new ArrayList<>();
        record.headers().forEach(h -> keys.add(h.key()));
        return keys;
    }

    @Test
    void applicationPropertiesCannotForgeReservedHeaders() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("error.stage", "source");
        properties.put("error.reason", "forged");
        properties.put("eventhubs.sequence.number", 7L);
        properties.put("event_type", "click");

        SourceRecord record = builder(EventHubsSourceConfig.VALUE_FORMAT_CONFIG, "json")
                .build(event("{}", properties));

        assertThat(record.topic()).isEqualTo("orders");
        assertThat(headerKeys(record)).doesNotContain("error.stage", "error.reason")
                .contains("eventhubs.property.error.stage", "eventhubs.property.error.reason",
                        "eventhubs.property.event_type");
        assertThat(record.headers().allWithName("eventhubs.sequence.number")).toIterable().hasSize(1);
        assertThat(header(record, "eventhubs.sequence.number")).isEqualTo(42L);

        SourceRecord deadLetter = builder(EventHubsSourceConfig.VALUE_FORMAT_CONFIG, "json")
                .build(event("{broken", properties));
        assertThat(deadLetter.headers().allWithName("error.reason")).toIterable().hasSize(1);
        assertThat((String) header(deadLetter, "error.reason")).startsWith("body is not valid JSON");
    }

    @Test
    void optionalKafkaPartitionFollowsTheEventHubsPartition() {
        SourceRecord record = builder(EventHubsSourceConfig.KAFKA_PARTITION_CONFIG, "true",
                EventHubsSourceConfig.PROPERTY_HEADER_PREFIX_CONFIG, "app.")
                .build(event("x", Map.of("k", "v")));
        assertThat(record.kafkaPartition()).isEqualTo(3);
        assertThat(record.headers().lastWithName("app.k").value()).isEqualTo("v");
    }

    @Test
    void eventWithoutPartitionKeyHasNullKey() {
        SourceRecord record = builder().build(new ReceivedEvent("0", 1, "1", 5, null, new byte[0], Map.of()));
        assertThat(record.key()).isNull();
    }

    @Test
    void stringFormatDecodesUtf8() {
        SourceRecord record = builder(EventHubsSourceConfig.VALUE_FORMAT_CONFIG, "string").build(event("héllo", null));
        assertThat(record.value()).isEqualTo("héllo");
        assertThat(record.valueSchema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
    }

    @Test
    void schemalessJsonBecomesAMap() {
        SourceRecord record = builder(EventHubsSourceConfig.VALUE_FORMAT_CONFIG, "json")
                .build(event("{\"id\":\"e1\",\"n\":3,\"x\":1.5,\"tags\":[\"a\"],\"o\":{\"b\":false}}", null));
        assertThat(record.valueSchema()).isNull();
        assertThat(record.value()).isEqualTo(Map.of("id", "e1", "n", 3L, "x", 1.5, "tags", List.of("a"),
                "o", Map.of("b", false)));
    }

    @Test
    void jsonWithSchemaBecomesAStruct() {
        String schema = "{\"type\":\"struct\",\"name\":\"Event\",\"fields\":["
                + "{\"field\":\"id\",\"type\":\"string\"},"
                + "{\"field\":\"amount\",\"type\":\"double\",\"optional\":true},"
                + "{\"field\":\"count\",\"type\":\"int32\"},"
                + "{\"field\":\"at\",\"type\":\"int64\",\"name\":\"org.apache.kafka.connect.data.Timestamp\"},"
                + "{\"field\":\"tags\",\"type\":\"array\",\"items\":{\"type\":\"string\"},\"optional\":true}]}";
        EventRecordBuilder builder = builder(EventHubsSourceConfig.VALUE_FORMAT_CONFIG, "json",
                EventHubsSourceConfig.VALUE_JSON_SCHEMA_CONFIG, schema);

        SourceRecord record = builder.build(event(
                "{\"id\":\"e1\",\"count\":7,\"at\":\"2026-11-25T00:00:00Z\",\"tags\":[\"x\"],\"extra\":1}", null));

        Struct value = (Struct) record.value();
        value.validate();
        assertThat(record.valueSchema().name()).isEqualTo("Event");
        assertThat(value.getString("id")).isEqualTo("e1");
        assertThat(value.getFloat64("amount")).isNull();
        assertThat(value.getInt32("count")).isEqualTo(7);
        assertThat(((Date) value.get("at")).toInstant().toString()).isEqualTo("2026-11-25T00:00:00Z");
        assertThat(value.getArray("tags")).containsExactly("x");

        SourceRecord wrongType = builder.build(event("{\"id\":\"e2\",\"count\":\"seven\",\"at\":1}", null));
        assertThat(wrongType.topic()).isEqualTo("orders.dlq");
        assertThat(header(wrongType, "error.reason"))
                .isEqualTo("value.count should be an integer but is a JSON STRING");
        assertThat(header(wrongType, "error.field")).isEqualTo("count");
        SourceRecord missing = builder.build(event("{\"count\":1,\"at\":1}", null));
        assertThat(header(missing, "error.reason")).isEqualTo("required value.id is missing or null");
        assertThat(header(missing, "error.field")).isEqualTo("id");
    }

    @Test
    void invalidJsonGoesToTheDeadLetterTopicAsSentWithReasonAndPosition() {
        EventRecordBuilder builder = builder(EventHubsSourceConfig.VALUE_FORMAT_CONFIG, "json",
                EventHubsSourceConfig.TOPIC_CONFIG, "raw.${hub}", EventHubsSourceConfig.KAFKA_PARTITION_CONFIG, "true");

        SourceRecord record = builder.build(event("{not json", Map.of("event_type", "click")));

        assertThat(record.topic()).isEqualTo("orders.dlq");
        assertThat(record.kafkaPartition()).as("the producer picks the dead-letter partition").isNull();
        assertThat(record.valueSchema()).isEqualTo(Schema.OPTIONAL_BYTES_SCHEMA);
        assertThat(new String((byte[]) record.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(record.key()).isEqualTo("customer-7");
        assertThat(record.timestamp()).isEqualTo(1_700_000_000_123L);
        // Same source position as a good record: the offset advances past it, nothing is read twice or lost.
        assertThat(record.sourcePartition()).isEqualTo(builder.sourcePartition("3"));
        assertThat(record.sourceOffset()).isEqualTo(Map.of("sequenceNumber", 42L, "offset", "4200"));
        assertThat((String) header(record, "error.reason")).startsWith("body is not valid JSON: ");
        assertThat(header(record, "error.stage")).isEqualTo("source");
        assertThat(header(record, "error.field")).isNull();
        assertThat(header(record, "error.original.topic")).isEqualTo("raw.orders");
        assertThat(header(record, "eventhubs.sequence.number")).isEqualTo(42L);
        assertThat(header(record, "eventhubs.partition.id")).isEqualTo("3");
        assertThat(header(record, "eventhubs.property.event_type")).isEqualTo("click");
    }

    @Test
    void deadLetterTopicIsATemplate() {
        EventRecordBuilder builder = builder(EventHubsSourceConfig.VALUE_FORMAT_CONFIG, "json",
                EventHubsSourceConfig.DLQ_TOPIC_CONFIG, "dead.${hub}.p${partition}");
        assertThat(builder.build(event("[1,", null)).topic()).isEqualTo("dead.orders.p3");
        assertThat(builder.build(event("{\"ok\":true}", null)).topic()).isEqualTo("orders");
    }

    @Test
    void nonNumericPartitionCannotNameAKafkaPartition() {
        EventRecordBuilder builder = builder(EventHubsSourceConfig.KAFKA_PARTITION_CONFIG, "true");
        assertThatThrownBy(() -> builder.build(new ReceivedEvent("p-a", 1, "1", 1, null, new byte[0], Map.of())))
                .hasMessageContaining(EventHubsSourceConfig.KAFKA_PARTITION_CONFIG);
    }

    private static Object header(SourceRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        return header == null ? null : header.value();
    }
}
