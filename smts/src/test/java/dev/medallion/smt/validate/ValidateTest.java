package dev.medallion.smt.validate;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidateTest {
    private static final String RULES = """
            {"event_id": {"required": true, "type": "string", "regex": "[a-z]{3}-\\\\d+"},
             "event_type": {"required": true, "enum": ["click", "view", "purchase"]},
             "amount": {"type": "number", "min": 0, "max": 1000},
             "event_time": {"required": true, "timestamp": "iso8601"},
             "user.id": {"required": true, "type": "integer"}}""";

    private static Validate<SourceRecord> validate(Map<String, String> extra) {
        Validate<SourceRecord> validate = new Validate<>();
        Map<String, String> props = new HashMap<>(Map.of("rules", RULES, "dlq.topic.name", "events.dlq"));
        props.putAll(extra);
        validate.configure(props);
        return validate;
    }

    private static Map<String, Object> event() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("event_id", "evt-42");
        value.put("event_type", "click");
        value.put("amount", 12.5);
        value.put("event_time", "2026-11-25T04:00:00Z");
        value.put("user", Map.of("id", 7L));
        return value;
    }

    private static SourceRecord source(Object value) {
        return new SourceRecord(Map.of("file", "in.txt"), Map.of("position", 120L), "events.raw", null, null, value);
    }

    private static String header(SourceRecord record, String name) {
        Header h = record.headers().lastWithName(name);
        return h == null ? null : String.valueOf(h.value());
    }

    @Test
    void aValidRecordPassesUnchanged() {
        SourceRecord record = source(event());
        SourceRecord out = validate(Map.of()).apply(record);
        assertThat(out).isSameAs(record);
    }

    @Test
    void eachRuleKindRoutesAViolatingRecordToTheDlqWithReasonFieldAndOrigin() {
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("event_id.required", new Object[]{"event_id", null});
        cases.put("event_id.type", new Object[]{"event_id", 42L});
        cases.put("event_id.regex", new Object[]{"event_id", "EVT_42"});
        cases.put("event_type.enum", new Object[]{"event_type", "hover"});
        cases.put("amount.range", new Object[]{"amount", 1000.5});
        cases.put("amount.type", new Object[]{"amount", "12"});
        cases.put("event_time.timestamp", new Object[]{"event_time", "25/11/2026 04:00"});
        Validate<SourceRecord> validate = validate(Map.of());
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            Map<String, Object> value = event();
            value.put((String) c.getValue()[0], c.getValue()[1]);

            SourceRecord out = validate.apply(source(value));

            assertThat(out.topic()).as(c.getKey()).isEqualTo("events.dlq");
            assertThat(out.value()).as("value kept unchanged").isEqualTo(value);
            assertThat(header(out, "error.rule")).as(c.getKey()).isEqualTo(c.getKey());
            assertThat(header(out, "error.field")).isEqualTo(c.getValue()[0]);
            assertThat(header(out, "error.stage")).isEqualTo("validate");
            assertThat(header(out, "error.reason")).contains((String) c.getValue()[0]);
            assertThat(header(out, "error.original.topic")).isEqualTo("events.raw");
            assertThat(header(out, "error.source.offset")).isEqualTo("{position=120}");
            assertThat(out.sourceOffset()).as("source offset kept so the record is committed").isEqualTo(Map.of("position", 120L));
        }
        assertThat(header(validate.apply(source(Map.of("x", 1))), "error.violations"))
                .as("every required field missing").isEqualTo("4");
    }

    @Test
    void nestedFieldsAndTypesAreChecked() {
        Map<String, Object> value = event();
        value.put("user", Map.of("id", "seven"));
        SourceRecord out = validate(Map.of()).apply(source(value));
        assertThat(header(out, "error.rule")).isEqualTo("user.id.type");
        assertThat(header(out, "error.reason")).isEqualTo("field 'user.id' must be of type integer but is String");
    }

    @Test
    void structValuesAreValidatedLikeMaps() {
        Schema user = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        Schema schema = SchemaBuilder.struct()
                .field("event_id", Schema.STRING_SCHEMA).field("event_type", Schema.STRING_SCHEMA)
                .field("amount", Schema.OPTIONAL_FLOAT64_SCHEMA).field("event_time", Schema.STRING_SCHEMA)
                .field("user", user).build();
        Struct good = new Struct(schema).put("event_id", "abc-1").put("event_type", "view").put("amount", 3.0)
                .put("event_time", "2026-11-25T04:00:00+01:00").put("user", new Struct(user).put("id", 1L));
        Struct bad = new Struct(schema).put("event_id", "abc-1").put("event_type", "view").put("amount", -3.0)
                .put("event_time", "2026-11-25T04:00:00+01:00").put("user", new Struct(user).put("id", 1L));
        Validate<SinkRecord> validate = new Validate<>();
        validate.configure(Map.of("rules", RULES));

        assertThat(validate.apply(new SinkRecord("events.raw", 2, null, null, schema, good, 10)).topic()).isEqualTo("events.raw");
        SinkRecord out = validate.apply(new SinkRecord("events.raw", 2, null, null, schema, bad, 11));
        assertThat(out.topic()).isEqualTo("events.dlq");
        assertThat(out.headers().lastWithName("error.original.partition").value()).isEqualTo(2);
        assertThat(out.headers().lastWithName("error.original.offset").value()).isEqualTo(11L);
        assertThat(out.headers().lastWithName("error.rule").value()).isEqualTo("amount.range");
    }

    @Test
    void propertiesFormWorksAloneAndWithJson() {
        Validate<SourceRecord> validate = new Validate<>();
        validate.configure(Map.of("rules.amount.min", "0", "rules.amount.max", "10",
                "rules.event_type.enum", "click, view", "rules.event_id.required", "true"));
        assertThat(validate.apply(source(Map.of("event_id", "a", "amount", 5L, "event_type", "view"))).topic())
                .isEqualTo("events.raw");
        SourceRecord out = validate.apply(source(Map.of("event_id", "a", "amount", 11L, "event_type", "view")));
        assertThat(header(out, "error.rule")).isEqualTo("amount.range");
        assertThat(header(validate.apply(source(Map.of("event_id", "a", "event_type", "buy"))), "error.rule"))
                .isEqualTo("event_type.enum");
    }

    @Test
    void nonStructValuesTombstonesAndDeadLettersAreHandled() {
        Validate<SourceRecord> validate = validate(Map.of());
        SourceRecord text = validate.apply(source("{\"not\": \"parsed\"}"));
        assertThat(text.topic()).isEqualTo("events.dlq");
        assertThat(header(text, "error.rule")).isEqualTo("record.type");
        assertThat(header(text, "error.reason")).contains("ParseJson");

        SourceRecord tombstone = source(null);
        assertThat(validate.apply(tombstone)).isSameAs(tombstone);
        assertThat(validate.apply(text)).as("already a dead letter").isSameAs(text);
    }

    @Test
    void failModeThrowsForConnectsSinkDlq() {
        Validate<SinkRecord> validate = new Validate<>();
        validate.configure(Map.of("rules", RULES, "on.invalid", "fail"));
        assertThatThrownBy(() -> validate.apply(new SinkRecord("t", 0, null, null, null, Map.of("x", 1), 5)))
                .isInstanceOf(DataException.class).hasMessageContaining("event_id").hasMessageContaining("partition 0");
    }

    @Test
    void countsPerRuleAndQualityScoreArePublishedAsPluginMetrics() {
        Validate<SourceRecord> validate = validate(Map.of());
        try (Metrics metrics = new Metrics()) {
            validate.withPluginMetrics(new PluginMetricsImpl(metrics, Map.of("connector", "c1", "task", "0")));
            for (int i = 0; i < 7; i++) {
                validate.apply(source(event()));
            }
            Map<String, Object> bad = event();
            bad.put("amount", -1);
            bad.put("event_type", "x");
            validate.apply(source(bad));
            validate.apply(source(bad));
            Map<String, Object> late = event();
            late.put("amount", 5000);
            validate.apply(source(late));

            assertThat(value(metrics, "records-valid-total", null)).isEqualTo(7L);
            assertThat(value(metrics, "records-invalid-total", null)).isEqualTo(3L);
            assertThat(value(metrics, "data-quality-score", null)).isEqualTo(0.7);
            assertThat(value(metrics, "rule-invalid-total", "amount.range")).isEqualTo(3L);
            assertThat(value(metrics, "rule-valid-total", "amount.range")).isEqualTo(7L);
            assertThat(value(metrics, "rule-invalid-total", "event_type.enum")).isEqualTo(2L);
            assertThat(value(metrics, "rule-quality-score", "event_id.required")).isEqualTo(1.0);
        }
    }

    private static Object value(Metrics metrics, String name, String rule) {
        for (Map.Entry<MetricName, ? extends org.apache.kafka.common.Metric> e : metrics.metrics().entrySet()) {
            MetricName n = e.getKey();
            if (n.name().equals(name) && (rule == null ? !n.tags().containsKey("rule") : rule.equals(n.tags().get("rule")))) {
                assertThat(n.tags()).containsEntry("connector", "c1");
                return e.getValue().metricValue();
            }
        }
        throw new AssertionError("metric " + name + " " + rule + " not registered: " + metrics.metrics().keySet());
    }

    @Test
    void ruleMistakesFailConfigurationWithTheFieldAndKeyNamed() {
        List<String[]> mistakes = List.of(
                new String[]{"{\"amount\": {\"minimum\": 0}}", "unknown rule 'minimum' for field 'amount'"},
                new String[]{"{\"amount\": {\"type\": \"float\"}}", "type 'float' of field 'amount'"},
                new String[]{"{\"amount\": {\"min\": 5, \"max\": 1}}", "min 5 of field 'amount' is greater than max 1"},
                new String[]{"{\"id\": {\"regex\": \"[\"}}", "regex of field 'id' does not compile"},
                new String[]{"{\"ts\": {\"timestamp\": \"yyyy-MM-dd ppp\"}}", "timestamp format"},
                new String[]{"[1, 2]", "must be a JSON object"},
                new String[]{"{\"a\": ", "not valid JSON"},
                new String[]{"{\"a\": {\"required\": true}} {\"b\": {}}", "not valid JSON"},
                new String[]{"{\"a\": {\"regex\": \"x\"}}", "regex.max.length"});
        for (String[] m : mistakes) {
            // The last case: a bounded key out of its range, with the rules themselves fine.
            Map<String, String> props = m[1].equals("regex.max.length")
                    ? Map.of("rules", m[0], "regex.max.length", "0") : Map.of("rules", m[0]);
            assertThatThrownBy(() -> new Validate<SourceRecord>().configure(props))
                    .as(m[0]).isInstanceOf(ConfigException.class).hasMessageContaining(m[1]);
        }
        // The properties form is not seen by Connect's config/validate (its keys are not declared), so configure()
        // is where its mistakes surface: the task fails at start with the field and rule named.
        List<String[]> propertyMistakes = List.of(
                new String[]{"rules.amount.minimum", "0", "unknown rule 'minimum' for field 'amount'"},
                new String[]{"rules.amount.type", "float", "type 'float' of field 'amount'"},
                new String[]{"rules.id.regex", "[", "regex of field 'id' does not compile"});
        for (String[] m : propertyMistakes) {
            assertThatThrownBy(() -> new Validate<SourceRecord>().configure(Map.of(m[0], m[1])))
                    .as(m[0]).isInstanceOf(ConfigException.class).hasMessageContaining(m[2]);
        }
        assertThatThrownBy(() -> new Validate<SourceRecord>().configure(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no validation rules");
        assertThat(ValidateConfig.CONFIG_DEF.validate(Map.of("rules", "{\"a\": {\"max\": \"x\"}}")).stream()
                .filter(v -> v.name().equals("rules")).findFirst().orElseThrow().errorMessages())
                .anySatisfy(msg -> assertThat(msg).contains("must be a number"));
    }
}
