package dev.medallion.smt.header;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeaderToFieldTest {
    /** The bronze sink's mappings as the spec ships them. */
    private static final String BRONZE = "medallion.ingested.at:ingested_at:timestamp,"
            + "eventhubs.partition.id:eventhubs_partition:string,eventhubs.offset:eventhubs_offset:string,"
            + "eventhubs.sequence.number:eventhubs_sequence_number:int64,"
            + "eventhubs.enqueued.time:eventhubs_enqueued_time:timestamp";
    private static final long INGESTED = 1_795_579_200_250L;
    private static final long ENQUEUED = 1_795_579_199_900L;
    private static final Schema EVENT = SchemaBuilder.struct().name("Event").field("event_id", Schema.STRING_SCHEMA)
            .build();

    private static HeaderToField<SinkRecord> transform(String mappings) {
        HeaderToField<SinkRecord> t = new HeaderToField<>();
        t.configure(Map.of("mappings", mappings));
        return t;
    }

    /**
     * The headers as a sink task gets them: each source-side header written to bytes and read back by
     * SimpleHeaderConverter, which is what the worker does on both sides with its default header converter.
     */
    private static Headers throughTheWorker(Headers sourceSide) {
        SimpleHeaderConverter converter = new SimpleHeaderConverter();
        converter.configure(Map.of());
        Headers sinkSide = new ConnectHeaders();
        for (Header h : sourceSide) {
            byte[] bytes = converter.fromConnectHeader("events.raw", h.key(), h.schema(), h.value());
            SchemaAndValue back = converter.toConnectHeader("events.raw", h.key(), bytes);
            sinkSide.add(h.key(), back);
        }
        return sinkSide;
    }

    /** What the Event Hubs source and InsertProcessingTime put on a record. */
    private static Headers sourceHeaders(String offset) {
        return new ConnectHeaders()
                .addLong("medallion.ingested.at", INGESTED)
                .addString("eventhubs.partition.id", "0")
                .addString("eventhubs.offset", offset)
                .addLong("eventhubs.sequence.number", 42L)
                .addLong("eventhubs.enqueued.time", ENQUEUED);
    }

    private static SinkRecord record(Schema schema, Object value, Headers headers) {
        return new SinkRecord("events.raw", 0, null, null, schema, value, 3L, 5L, TimestampType.CREATE_TIME,
                headers);
    }

    private static String error(SinkRecord r) {
        Header h = r.headers().lastWithName(HeaderToField.ERROR_HEADER);
        return h == null ? null : (String) h.value();
    }

    @Test
    void theBronzeCoordinatesSurviveSimpleHeaderConverterWithTheirTypes() {
        Headers headers = throughTheWorker(sourceHeaders("12345"));
        // What the sink really sees: numbers inferred from the text, so the offset is no longer a string.
        assertThat(headers.lastWithName("eventhubs.offset").value()).isEqualTo((short) 12345);
        assertThat(headers.lastWithName("eventhubs.partition.id").value()).isEqualTo((byte) 0);

        SinkRecord out = transform(BRONZE).apply(record(null, Map.of("event_id", "e-1"), headers));

        Map<?, ?> v = (Map<?, ?>) out.value();
        assertThat(v.get("eventhubs_offset")).isEqualTo("12345");
        assertThat(v.get("eventhubs_partition")).isEqualTo("0");
        assertThat(v.get("eventhubs_sequence_number")).isEqualTo(42L);
        assertThat(v.get("ingested_at")).isEqualTo(new Date(INGESTED));
        assertThat(v.get("eventhubs_enqueued_time")).isEqualTo(new Date(ENQUEUED));
        assertThat(v.get("event_id")).isEqualTo("e-1");
        assertThat(error(out)).isNull();
        assertThat(out.headers().lastWithName("eventhubs.offset")).as("headers stay").isNotNull();
    }

    @Test
    void offsetsOfEverySizeComeBackAsTheirText() {
        HeaderToField<SinkRecord> t = transform("eventhubs.offset:eventhubs_offset:string");
        for (String offset : List.of("0", "7", "300", "70000", "8589934592", "99999999999999999999", "-1",
                "12345.5", "abc", "2026-11-25T04:00:00.250Z", "true", "")) {
            SinkRecord out = t.apply(record(null, Map.of("event_id", "e"), throughTheWorker(sourceHeaders(offset))));
            Object field = ((Map<?, ?>) out.value()).get("eventhubs_offset");
            if (offset.isEmpty()) {
                assertThat(field).as("empty text").isIn("", null);
            } else {
                assertThat(field).as(offset).isEqualTo(offset);
            }
        }
    }

    @Test
    void structValuesGetOptionalTypedFieldsAndTheSchemaIsCached() {
        HeaderToField<SinkRecord> t = transform(BRONZE);
        SinkRecord first = t.apply(record(EVENT, new Struct(EVENT).put("event_id", "a"),
                throughTheWorker(sourceHeaders("12345"))));
        SinkRecord second = t.apply(record(EVENT, new Struct(EVENT).put("event_id", "b"), new ConnectHeaders()));

        Struct v = (Struct) first.value();
        v.validate();
        Schema s = first.valueSchema();
        assertThat(s.name()).isEqualTo("Event");
        assertThat(s.field("ingested_at").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(s.field("ingested_at").schema().isOptional()).isTrue();
        assertThat(s.field("eventhubs_offset").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(s.field("eventhubs_sequence_number").schema()).isEqualTo(Schema.OPTIONAL_INT64_SCHEMA);
        assertThat(v.get("ingested_at")).isEqualTo(new Date(INGESTED));
        assertThat(v.getString("eventhubs_offset")).isEqualTo("12345");
        assertThat(v.getInt64("eventhubs_sequence_number")).isEqualTo(42L);
        assertThat(second.valueSchema()).as("cached").isSameAs(s);
        Struct missing = (Struct) second.value();
        missing.validate();
        assertThat(missing.get("ingested_at")).as("no header: null").isNull();
        assertThat(missing.getString("event_id")).isEqualTo("b");
    }

    @Test
    void everyTypeConvertsFromWhatTheConverterInfers() {
        HeaderToField<SinkRecord> t = transform("n:n_long:int64,n:n_double:float64,n:n_text:string,"
                + "d:d_double:float64,b:b_bool:boolean,b:b_text:string,iso:iso_time:timestamp,"
                + "isooffset:isooffset_time:timestamp,millis:millis_time:timestamp,date:date_text:string,"
                + "decimal:decimal_long:int64");
        Headers source = new ConnectHeaders().addString("n", "42").addString("d", "2.5").addString("b", "true")
                .addString("iso", "2026-11-25T04:00:00.250Z").addString("isooffset", "2026-11-25T05:00:00.250+01:00")
                .addString("millis", Long.toString(INGESTED)).addTimestamp("date", new Date(INGESTED))
                .addString("decimal", "9000000000");
        Map<?, ?> v = (Map<?, ?>) t.apply(record(null, new HashMap<>(), throughTheWorker(source))).value();

        assertThat(v.get("n_long")).isEqualTo(42L);
        assertThat(v.get("n_double")).isEqualTo(42.0);
        assertThat(v.get("n_text")).isEqualTo("42");
        assertThat(v.get("d_double")).isEqualTo(2.5);
        assertThat(v.get("b_bool")).isEqualTo(true);
        assertThat(v.get("b_text")).isEqualTo("true");
        assertThat(v.get("iso_time")).isEqualTo(new Date(1_795_579_200_250L));
        assertThat(v.get("isooffset_time")).isEqualTo(new Date(1_795_579_200_250L));
        assertThat(v.get("millis_time")).isEqualTo(new Date(INGESTED));
        assertThat(v.get("date_text")).isEqualTo("2026-11-25T04:00:00.250Z");
        assertThat(v.get("decimal_long")).isEqualTo(9_000_000_000L);
    }

    @Test
    void theLastHeaderOfANameWins() {
        Headers headers = new ConnectHeaders().addString("eventhubs.offset", "1").addString("eventhubs.offset", "2");
        Map<?, ?> v = (Map<?, ?>) transform("eventhubs.offset:o:int64")
                .apply(record(null, Map.of(), throughTheWorker(headers))).value();
        assertThat(v.get("o")).isEqualTo(2L);
    }

    @Test
    void hostileValuesLeaveTheFieldEmptyWithTheReasonAndNeverThrow() {
        HeaderToField<SinkRecord> t = transform("h:l:int64,h:d:float64,h:b:boolean,h:t:timestamp");
        List<Object> hostile = List.of("abc", "x".repeat(1_000_000), "12.5", "NaN", "Infinity",
                "99999999999999999999", new BigDecimal("1e-999999999"), new BigDecimal("1e999999999"),
                Double.NaN, Double.POSITIVE_INFINITY, 1.5e300, List.of(1, 2), Map.of("a", 1), new byte[] {1, 2},
                "+300000000-01-01T00:00:00Z", "-", "1e3", "yes");
        for (Object value : hostile) {
            Headers headers = new ConnectHeaders();
            headers.add("h", new SchemaAndValue(null, value));
            Map<String, Object> in = new HashMap<>(Map.of("l", "forged", "event_id", "e"));
            SinkRecord out = t.apply(record(null, in, headers));
            Map<?, ?> v = (Map<?, ?>) out.value();
            String label = value instanceof String s && s.length() > 40 ? "long text" : String.valueOf(value);
            assertThat(v.get("event_id")).as(label).isEqualTo("e");
            assertThat(v.get("l")).as(label).isNotEqualTo("forged");
            assertThat(v.get("b")).as(label).isNull();
            List<String> reasons = new java.util.ArrayList<>();
            out.headers().allWithName(HeaderToField.ERROR_HEADER).forEachRemaining(h -> reasons.add((String) h.value()));
            assertThat(reasons).as(label).isNotEmpty()
                    .allSatisfy(r -> assertThat(r).startsWith("header 'h' -> field '").hasSizeLessThan(200));
        }
    }

    @Test
    void aMissingHeaderRemovesAFieldTheValueBroughtAndForgedReasonsAreDropped() {
        Headers headers = new ConnectHeaders().addString(HeaderToField.ERROR_HEADER, "forged");
        SinkRecord out = transform("medallion.ingested.at:ingested_at:timestamp")
                .apply(record(null, Map.of("ingested_at", "2020-01-01", "event_id", "e"), headers));
        assertThat(((Map<?, ?>) out.value()).containsKey("ingested_at")).isFalse();
        assertThat(error(out)).isNull();
    }

    @Test
    void existingStructFieldsOfAMappedNameAreReplacedAndInvalidStructsPassMarked() {
        Schema withOffset = SchemaBuilder.struct().field("eventhubs_offset", Schema.INT32_SCHEMA).build();
        SinkRecord out = transform("eventhubs.offset:eventhubs_offset:string").apply(record(withOffset,
                new Struct(withOffset).put("eventhubs_offset", 1), throughTheWorker(sourceHeaders("12345"))));
        assertThat(out.valueSchema().field("eventhubs_offset").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(((Struct) out.value()).getString("eventhubs_offset")).isEqualTo("12345");

        Schema required = SchemaBuilder.struct().field("event_id", Schema.STRING_SCHEMA).build();
        Struct invalid = new Struct(required); // event_id missing
        SinkRecord marked = transform("eventhubs.offset:eventhubs_offset:string").apply(record(required, invalid,
                throughTheWorker(sourceHeaders("1"))));
        assertThat(marked.value()).isSameAs(invalid);
        assertThat(error(marked)).contains("value left unchanged");
    }

    @Test
    void tombstonesAndOtherValuesPassUntouched() {
        HeaderToField<SinkRecord> t = transform(BRONZE);
        SinkRecord tombstone = record(null, null, throughTheWorker(sourceHeaders("1")));
        SinkRecord text = record(Schema.STRING_SCHEMA, "plain", throughTheWorker(sourceHeaders("1")));
        assertThat(t.apply(tombstone)).isSameAs(tombstone);
        assertThat(t.apply(text)).isSameAs(text);
    }

    @Test
    void mappingMistakesAreRefusedWithAMessageThatSaysWhatToChange() {
        assertThat(HeaderMapping.parse("a.b:c:d:int64")).isEqualTo(new HeaderMapping("a.b:c", "d", FieldType.INT64));
        assertThat(HeaderMapping.parse(" eventhubs.offset : offset : STRING "))
                .isEqualTo(new HeaderMapping("eventhubs.offset", "offset", FieldType.STRING));

        assertRefused("", "at least one mapping");
        assertRefused("eventhubs.offset:offset", "'<header>:<field>:<type>'");
        assertRefused(":offset:string", "empty header name");
        assertRefused("h::string", "empty field name");
        assertRefused("h:f:", "empty type");
        assertRefused("h:f:int32", "unknown type 'int32'; use one of string, int64, float64, boolean, timestamp");
        assertRefused("h:a.b:string", "top-level field name");
        assertRefused("h1:f:string,h2:f:int64", "field 'f' is written by two mappings");
        assertRefused("h:f:string,h:f:string", "field 'f' is written by two mappings");
        assertThatThrownBy(() -> new HeaderToField<SinkRecord>().configure(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mappings");
        assertThat(HeaderToFieldConfig.CONFIG_DEF.validate(Map.of("mappings", "h:f:nope")).get(0).errorMessages())
                .singleElement().asString().contains("unknown type 'nope'");
    }

    private static void assertRefused(String mappings, String message) {
        assertThatThrownBy(() -> transform(mappings)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("mappings").hasMessageContaining(message);
    }
}
