package dev.medallion.smt.eventtime;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ExtractEventTime's {@code output.field}: the parsed event time also lands in a typed top-level field. */
class EventTimeOutputFieldTest {
    private static final long T = 1_795_579_200_250L;
    private static final Schema EVENT = SchemaBuilder.struct().name("Event")
            .field("event_id", Schema.STRING_SCHEMA)
            .field("event_time", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    private static ExtractEventTime<SinkRecord> transform(String... extra) {
        Map<String, String> props = new HashMap<>(Map.of("field", "event_time", "format", "epoch_millis",
                "output.field", "event_timestamp", "max.future.ms", String.valueOf(Long.MAX_VALUE)));
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        ExtractEventTime<SinkRecord> t = new ExtractEventTime<>();
        t.configure(props);
        return t;
    }

    private static SinkRecord record(Schema schema, Object value) {
        return new SinkRecord("events.raw", 0, null, null, schema, value, 7L, 999L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void schemalessValuesGetTheTimeAsADate() {
        SinkRecord out = transform().apply(record(null, map("event_id", "a", "event_time", T)));

        assertThat(out.timestamp()).isEqualTo(T);
        assertThat(((Map<?, ?>) out.value()).get("event_timestamp")).isEqualTo(new Date(T));
        assertThat(((Map<?, ?>) out.value()).get("event_time")).as("the source field stays").isEqualTo(T);
    }

    @Test
    void structValuesGetAnOptionalTimestampFieldAndTheDerivedSchemaIsCached() {
        ExtractEventTime<SinkRecord> t = transform();
        SinkRecord first = t.apply(record(EVENT, new Struct(EVENT).put("event_id", "a").put("event_time", T)));
        SinkRecord second = t.apply(record(EVENT, new Struct(EVENT).put("event_id", "b").put("event_time", T + 1)));

        Struct v = (Struct) first.value();
        v.validate();
        Schema field = first.valueSchema().field("event_timestamp").schema();
        assertThat(field.name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(field.isOptional()).isTrue();
        assertThat(v.get("event_timestamp")).isEqualTo(new Date(T));
        assertThat(v.getString("event_id")).isEqualTo("a");
        assertThat(first.valueSchema().name()).isEqualTo("Event");
        assertThat(second.valueSchema()).isSameAs(first.valueSchema());
        assertThat(((Struct) second.value()).get("event_timestamp")).isEqualTo(new Date(T + 1));
    }

    @Test
    void missingOrUnreadableTimesWithKeepLeaveTheFieldEmpty() {
        ExtractEventTime<SinkRecord> t = transform();
        SinkRecord missingMap = t.apply(record(null, map("event_id", "a")));
        SinkRecord unreadableMap = t.apply(record(null, map("event_id", "a", "event_time", "soon",
                "event_timestamp", "forged by the event")));
        SinkRecord missingStruct = t.apply(record(EVENT, new Struct(EVENT).put("event_id", "a")));

        assertThat(missingMap.timestamp()).isEqualTo(999L);
        assertThat(missingMap.headers().lastWithName(ExtractEventTime.ERROR_HEADER)).isNotNull();
        assertThat(((Map<?, ?>) missingMap.value()).get("event_timestamp")).isNull();
        assertThat(((Map<?, ?>) unreadableMap.value()).get("event_timestamp")).isNull();
        assertThat(unreadableMap.headers().lastWithName(ExtractEventTime.ERROR_HEADER).value().toString())
                .contains("cannot be read");
        Struct s = (Struct) missingStruct.value();
        s.validate();
        assertThat(missingStruct.valueSchema().field("event_timestamp")).as("schema stays the same per input schema")
                .isNotNull();
        assertThat(s.get("event_timestamp")).isNull();
    }

    @Test
    void anExistingFieldOfThatNameIsReplacedByTheTypedOne() {
        Schema withString = SchemaBuilder.struct().field("event_time", Schema.INT64_SCHEMA)
                .field("event_timestamp", Schema.STRING_SCHEMA).build();
        SinkRecord out = transform().apply(record(withString,
                new Struct(withString).put("event_time", T).put("event_timestamp", "old")));

        assertThat(out.valueSchema().fields()).hasSize(2);
        assertThat(out.valueSchema().field("event_timestamp").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(((Struct) out.value()).get("event_timestamp")).isEqualTo(new Date(T));
    }

    @Test
    void withoutOutputFieldTheValueIsTodays() {
        Map<String, Object> value = map("event_id", "a", "event_time", T);
        SinkRecord out = new ExtractEventTime<SinkRecord>() {
            {
                configure(Map.of("field", "event_time", "format", "epoch_millis",
                        "max.future.ms", String.valueOf(Long.MAX_VALUE)));
            }
        }.apply(record(null, value));
        assertThat(out.value()).isSameAs(value);
        assertThat(out.timestamp()).isEqualTo(T);
    }

    @Test
    void anOutputFieldWithADotIsRefusedAtConfiguration() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> transform("output.field", "meta.ts"))
                .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
                .hasMessageContaining("output.field").hasMessageContaining("top-level");
    }

    @Test
    void deadLetteredRecordsAreNotExtended() {
        SinkRecord out = transform("on.missing", "dead-letter").apply(record(null, map("event_id", "a")));
        assertThat(out.topic()).isEqualTo("events.dlq");
        assertThat(((Map<?, ?>) out.value()).containsKey("event_timestamp")).isFalse();
    }
}
