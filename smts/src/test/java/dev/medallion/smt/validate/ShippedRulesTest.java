package dev.medallion.smt.validate;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Validate rules shipped in {@code connect-configs/<variant>/eventhubs-source.json} must type every field the
 * tables type (the bronze table's {@code connect-configs/schemas/bronze_events.ddl}, the same types as the Flink
 * source table): a value of another type that passed Validate would stop the bronze sink or the SQL job instead of
 * reaching the DLQ.
 */
class ShippedRulesTest {
    private static final Path CONFIGS = Path.of(System.getProperty("user.dir")).getParent().resolve("connect-configs");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "transforms.validate.";

    private static Map<String, String> read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, String>>() { });
    }

    private static Validate<SourceRecord> shippedValidate(String variant) throws IOException {
        Map<String, String> props = new HashMap<>();
        read(CONFIGS.resolve(variant).resolve("eventhubs-source.json")).forEach((key, value) -> {
            if (key.startsWith(PREFIX) && !key.equals(PREFIX + "type")) {
                props.put(key.substring(PREFIX.length()), value);
            }
        });
        Validate<SourceRecord> validate = new Validate<>();
        validate.configure(props);
        return validate;
    }

    /**
     * Top-level column -> Spark type name (string, long, double) of the bronze table, except the columns the bronze
     * sink's transforms add after Validate (ExtractEventTime's output.field, HeaderToField's mappings).
     */
    private static Map<String, String> bronzeColumns() throws IOException {
        Map<String, String> sink = read(CONFIGS.resolve("local/bronze-sink.json"));
        java.util.Set<String> added = new java.util.HashSet<>();
        sink.forEach((key, value) -> {
            if (key.startsWith("transforms.") && key.endsWith(".output.field")) {
                added.add(value);
            } else if (key.startsWith("transforms.") && key.endsWith(".mappings")) {
                for (String mapping : value.split(",")) {
                    added.add(mapping.split(":")[1].trim());
                }
            }
        });
        // One "name TYPE COMMENT '...'," line per column (the file's layout); '--' lines are comments.
        Map<String, String> columns = new LinkedHashMap<>();
        for (String line : java.nio.file.Files.readAllLines(CONFIGS.resolve("schemas/bronze_events.ddl"))) {
            String column = line.strip();
            if (column.isEmpty() || column.startsWith("--")) {
                continue;
            }
            String[] parts = column.split("\\s+");
            if (added.contains(parts[0])) {
                continue;
            }
            columns.put(parts[0], switch (parts[1].replace(",", "")) {
                case "STRING" -> "string";
                case "BIGINT" -> "long";
                case "DOUBLE" -> "double";
                default -> parts[1];
            });
        }
        return columns;
    }

    private static Map<String, Object> validEvent() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", "3f1c9a52-6d0e-4d7a-9a43-0b7d2f0b1e11");
        event.put("event_type", "purchase");
        event.put("user_id", "u-00042");
        event.put("region", "westeurope");
        event.put("event_time", System.currentTimeMillis() - 1_000);
        event.put("revenue", 19.99);
        event.put("latency_ms", 42);
        event.put("response_time_ms", 118L);
        event.put("processing_time_ms", 7);
        event.put("text", "Great service, fast delivery from Contoso in Paris.");
        return event;
    }

    private static SourceRecord apply(Validate<SourceRecord> validate, Map<String, Object> value) {
        return validate.apply(new SourceRecord(Map.of(), Map.of(), "events.raw", null, null, value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "adls", "avro"})
    void everyTypedColumnIsTypedByTheShippedRules(String variant) throws IOException {
        Validate<SourceRecord> validate = shippedValidate(variant);
        Map<String, Object> valid = validEvent();
        assertThat(valid.keySet()).as("the example covers the table").containsAll(bronzeColumns().keySet());
        assertThat(apply(validate, valid).topic()).isEqualTo("events.raw");

        for (Map.Entry<String, String> column : bronzeColumns().entrySet()) {
            List<Object> wrong = switch (column.getValue()) {
                case "string" -> List.of(42L, true, Map.of("a", "b"));
                case "long" -> List.of("fast", 1.5, "42");
                case "double" -> List.of("fast", "19.99");
                default -> throw new AssertionError("no wrong values for type " + column.getValue());
            };
            for (Object value : wrong) {
                Map<String, Object> event = validEvent();
                event.put(column.getKey(), value);
                SourceRecord out = apply(validate, event);
                assertThat(out.topic()).as(variant + ": " + column.getKey() + " = " + value).isEqualTo("events.dlq");
                assertThat(out.headers().lastWithName("error.field").value()).isEqualTo(column.getKey());
            }
        }
    }
}
