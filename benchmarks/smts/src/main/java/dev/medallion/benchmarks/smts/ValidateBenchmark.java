package dev.medallion.benchmarks.smts;

import dev.medallion.smt.validate.Validate;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Cast;
import org.apache.kafka.connect.transforms.ReplaceField;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validate on a 15-field event against peers on the same record in the same run: Kafka's own ReplaceField and Cast
 * transforms (the cheapest built-in SMTs a pipeline already pays for), and hand-written Java doing the same 15 checks
 * inline (the floor for this work). One thread = one core.
 */
@State(Scope.Thread)
public class ValidateBenchmark {
    /** One rule per field: the same checks the hand-written baseline does. */
    static final String RULES = """
            {"event_id": {"required": true, "regex": "[a-z]{3}-[0-9]+"},
             "event_type": {"required": true, "enum": ["click", "view", "purchase", "refund"]},
             "event_time": {"required": true, "timestamp": "epoch_millis"},
             "user_id": {"required": true, "type": "string"},
             "session_id": {"type": "string"},
             "amount": {"type": "number", "min": 0, "max": 1000000},
             "quantity": {"type": "integer", "min": 1, "max": 1000},
             "currency": {"enum": ["EUR", "USD", "GBP"]},
             "region": {"enum": ["eu-west", "eu-north", "us-east", "us-west"]},
             "device": {"type": "string"},
             "app_version": {"regex": "[0-9]+\\\\.[0-9]+\\\\.[0-9]+"},
             "latency_ms": {"type": "integer", "min": 0},
             "is_retry": {"type": "boolean"},
             "country": {"required": true, "type": "string"},
             "score": {"type": "number", "min": 0, "max": 1}}""";

    private Validate<SourceRecord> validate;
    private Validate<SourceRecord> validateStruct;
    private ReplaceField<SourceRecord> replaceField;
    private Cast<SourceRecord> cast;
    private SourceRecord valid;
    private SourceRecord invalid;
    private SourceRecord validStruct;
    private HandWrittenValidator handWritten;

    static Map<String, Object> event() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("event_id", "evt-123456");
        v.put("event_type", "purchase");
        v.put("event_time", 1_795_579_200_000L);
        v.put("user_id", "user-42");
        v.put("session_id", "s-9f8e7d");
        v.put("amount", 129.95);
        v.put("quantity", 3L);
        v.put("currency", "EUR");
        v.put("region", "eu-west");
        v.put("device", "android");
        v.put("app_version", "4.12.1");
        v.put("latency_ms", 87L);
        v.put("is_retry", false);
        v.put("country", "DE");
        v.put("score", 0.73);
        return v;
    }

    @Setup
    public void setUp() {
        validate = new Validate<>();
        validate.configure(Map.of("rules", RULES));
        validateStruct = new Validate<>();
        validateStruct.configure(Map.of("rules", RULES));
        replaceField = new ReplaceField.Value<>();
        replaceField.configure(Map.of("renames", "event_time:event_ts"));
        cast = new Cast.Value<>();
        cast.configure(Map.of("spec", "quantity:int32,latency_ms:int32"));
        handWritten = new HandWrittenValidator();
        valid = new SourceRecord(Map.of("p", 0), Map.of("o", 1L), "events.raw", null, null, event());
        Map<String, Object> bad = event();
        bad.put("amount", -1.0);
        invalid = new SourceRecord(Map.of("p", 0), Map.of("o", 1L), "events.raw", null, null, bad);
        Schema schema = structSchema();
        Struct struct = new Struct(schema);
        event().forEach(struct::put);
        validStruct = new SourceRecord(Map.of("p", 0), Map.of("o", 1L), "events.raw", null, schema, struct);
    }

    static Schema structSchema() {
        return SchemaBuilder.struct().name("Event")
                .field("event_id", Schema.STRING_SCHEMA).field("event_type", Schema.STRING_SCHEMA)
                .field("event_time", Schema.INT64_SCHEMA).field("user_id", Schema.STRING_SCHEMA)
                .field("session_id", Schema.OPTIONAL_STRING_SCHEMA).field("amount", Schema.OPTIONAL_FLOAT64_SCHEMA)
                .field("quantity", Schema.OPTIONAL_INT64_SCHEMA).field("currency", Schema.OPTIONAL_STRING_SCHEMA)
                .field("region", Schema.OPTIONAL_STRING_SCHEMA).field("device", Schema.OPTIONAL_STRING_SCHEMA)
                .field("app_version", Schema.OPTIONAL_STRING_SCHEMA).field("latency_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .field("is_retry", Schema.OPTIONAL_BOOLEAN_SCHEMA).field("country", Schema.STRING_SCHEMA)
                .field("score", Schema.OPTIONAL_FLOAT64_SCHEMA).build();
    }

    @Benchmark
    public SourceRecord validateMap() {
        return validate.apply(valid);
    }

    @Benchmark
    public SourceRecord validateStruct() {
        return validateStruct.apply(validStruct);
    }

    @Benchmark
    public SourceRecord validateInvalidToDlq() {
        return validate.apply(invalid);
    }

    @Benchmark
    public SourceRecord kafkaReplaceField() {
        return replaceField.apply(valid);
    }

    @Benchmark
    public SourceRecord kafkaCast() {
        return cast.apply(valid);
    }

    @Benchmark
    public boolean handWritten() {
        return handWritten.valid((Map<?, ?>) valid.value());
    }

    /** The same 15 checks written directly against the map, no configuration, no counters: the floor. */
    static final class HandWrittenValidator {
        private final Pattern id = Pattern.compile("[a-z]{3}-[0-9]+");
        private final Pattern version = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+");
        private final List<String> types = List.of("click", "view", "purchase", "refund");
        private final List<String> currencies = List.of("EUR", "USD", "GBP");
        private final List<String> regions = List.of("eu-west", "eu-north", "us-east", "us-west");

        boolean valid(Map<?, ?> v) {
            boolean ok = v.get("event_id") instanceof String s && id.matcher(s).matches();
            ok &= v.get("event_type") instanceof String t && types.contains(t);
            ok &= v.get("event_time") instanceof Long ts && ts >= 946_684_800_000L && ts < 4_102_444_800_000L;
            ok &= v.get("user_id") instanceof String;
            ok &= v.get("session_id") == null || v.get("session_id") instanceof String;
            ok &= v.get("amount") instanceof Number a && a.doubleValue() >= 0 && a.doubleValue() <= 1_000_000;
            ok &= v.get("quantity") instanceof Long q && q >= 1 && q <= 1000;
            ok &= currencies.contains(v.get("currency"));
            ok &= regions.contains(v.get("region"));
            ok &= v.get("device") instanceof String;
            ok &= v.get("app_version") instanceof String s2 && version.matcher(s2).matches();
            ok &= v.get("latency_ms") instanceof Long l && l >= 0;
            ok &= v.get("is_retry") instanceof Boolean;
            ok &= v.get("country") instanceof String;
            ok &= v.get("score") instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1;
            return ok;
        }
    }
}
