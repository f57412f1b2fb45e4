package dev.medallion.eventhubs.sink;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventMapperTest {

    private static EventMapper mapper(String routing) {
        return new EventMapper(new HubTemplate("eh-${topic}", Map.of("audit", "audit-hub")), routing, hub -> 4,
                true, true);
    }

    private static SinkRecord record(String topic, int partition, Object key, Object value, long offset) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("tenant", "t1");
        headers.addInt("attempt", 3);
        headers.addBytes("trace", new byte[] {1, 2});
        return new SinkRecord(topic, partition, null, key, null, value, offset, null, null, headers);
    }

    @Test
    void theBodyHeadersAndPositionBecomeTheEvent() {
        OutgoingEvent out = mapper(EventHubsSinkConfig.ROUTING_KEY).map(record("orders", 2, "customer-7",
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8), 42));

        assertThat(out.hub()).isEqualTo("eh-orders");
        assertThat(out.target()).isEqualTo(Target.partitionKey("customer-7"));
        assertThat(out.event().getBodyAsString()).isEqualTo("{\"a\":1}");
        assertThat(out.event().getProperties()).containsEntry("tenant", "t1").containsEntry("attempt", 3)
                .containsEntry("trace", "AQI=").containsEntry("kafka.topic", "orders")
                .containsEntry("kafka.partition", 2).containsEntry("kafka.offset", 42L);
    }

    @Test
    void routingModesPickTheTarget() {
        assertThat(mapper(EventHubsSinkConfig.ROUTING_KAFKA_PARTITION).map(record("orders", 6, "k", "v", 0)).target())
                .isEqualTo(Target.partitionId("2"));
        assertThat(mapper(EventHubsSinkConfig.ROUTING_ROUND_ROBIN).map(record("orders", 6, "k", "v", 0)).target())
                .isEqualTo(Target.ANY);
        assertThat(mapper(EventHubsSinkConfig.ROUTING_KEY).map(record("orders", 6, null, "v", 0)).target())
                .isEqualTo(Target.ANY);
        assertThat(mapper(EventHubsSinkConfig.ROUTING_KEY).map(record("audit", 0, "k", "v", 0)).hub())
                .isEqualTo("audit-hub");
    }

    @Test
    void keysLongerThanEventHubsAllowsAreHashedStably() {
        String key = "k".repeat(200);
        String partitionKey = EventMapper.partitionKey(key);
        assertThat(partitionKey).hasSize(64).isEqualTo(EventMapper.partitionKey(key));
        assertThat(EventMapper.partitionKey("k".repeat(128))).isEqualTo("k".repeat(128));
        assertThat(EventMapper.partitionKey("id-1".getBytes(StandardCharsets.UTF_8))).isEqualTo("id-1");
        assertThat(EventMapper.partitionKey(17L)).isEqualTo("17");
    }

    @Test
    void stringsAndTombstonesHaveBodiesButAStructIsRefusedWithWhatToDo() {
        assertThat(mapper("key").map(record("orders", 0, null, "héllo", 0)).event().getBody())
                .isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
        assertThat(mapper("key").map(record("orders", 0, null, null, 0)).event().getBody()).isEmpty();

        Schema schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
        assertThatThrownBy(() -> mapper("key").map(record("orders", 0, null, new Struct(schema).put("a", 1), 0)))
                .isInstanceOf(UnsendableRecordException.class)
                .hasMessage("value of type Struct has no byte form for an event body; use value.converter="
                        + "org.apache.kafka.connect.converters.ByteArrayConverter (or StringConverter) for this"
                        + " connector");
    }

    @Test
    void positionsAndHeadersCanBeLeftOut() {
        EventMapper bare = new EventMapper(new HubTemplate("h", Map.of()), "key", hub -> 1, false, false);
        assertThat(bare.map(record("orders", 0, null, "v", 0)).event().getProperties()).isEmpty();
    }
}
