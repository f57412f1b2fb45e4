package dev.medallion.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.testkit.KafkaTestCluster;
import dev.medallion.testkit.TestClients;
import dev.medallion.testkit.registry.ApicurioRegistry;
import io.apicurio.registry.utils.converter.AvroConverter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Avro through Apicurio Registry between Kafka Connect and Flink SQL, on the in-process broker, a real registry (child
 * JVM) and an embedded MiniCluster: events written by Connect's Apicurio AvroConverter (two schema versions) run
 * through the bundled dedupe job with {@code raw.format=avro-apicurio}; rows Flink writes with the format are read by
 * the converter, in both id encodings.
 */
class AvroApicurioPipelineIT {
    @RegisterExtension
    @Order(1)
    static final ApicurioRegistry REGISTRY = ApicurioRegistry.builder().build();

    @RegisterExtension
    @Order(2)
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();

    private static final long T0 = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** A producer's event schema: another field order than the table and a field the SQL job does not read. */
    private static Schema eventSchema(boolean withChannel) {
        SchemaBuilder builder = SchemaBuilder.struct().name("dev.medallion.connect.Event")
                .field("event_time", Schema.INT64_SCHEMA)
                .field("event_id", Schema.STRING_SCHEMA)
                .field("event_type", Schema.STRING_SCHEMA)
                .field("ingest_source", Schema.STRING_SCHEMA)
                .field("user_id", Schema.OPTIONAL_STRING_SCHEMA)
                .field("region", Schema.OPTIONAL_STRING_SCHEMA)
                .field("revenue", Schema.OPTIONAL_FLOAT64_SCHEMA)
                .field("latency_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .field("response_time_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .field("processing_time_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .field("text", Schema.OPTIONAL_STRING_SCHEMA);
        if (withChannel) {
            builder.field("channel", Schema.OPTIONAL_STRING_SCHEMA);
        }
        return builder.build();
    }

    private static AvroConverter converter(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put("apicurio.registry.url", REGISTRY.url());
        config.put("apicurio.registry.auto-register", "true");
        // The id goes into the value: Flink formats see only the value bytes, never the record headers.
        config.put("apicurio.registry.headers.enabled", "false");
        config.putAll(extra);
        AvroConverter converter = new AvroConverter();
        converter.configure(config, false);
        return converter;
    }

    private record Sent(String eventId, long eventTime, Struct value) {
        String key() {
            return eventId + "@" + eventTime;
        }
    }

    @Test
    void eventsWrittenByTheConnectConverterAreDedupedExactlyByTheBundledJob() {
        Map<String, String> vars = pipelineTopics("avro", 2);
        Random random = new Random(25);
        String[] types = {"page_view", "click", "purchase"};
        String[] regions = {"westeurope", "eastus", null};
        Schema v1 = eventSchema(false);
        Schema v2 = eventSchema(true);
        List<Sent> sent = new ArrayList<>();
        int n = 3000;
        for (int i = 0; i < n; i++) {
            Schema schema = i < n / 2 ? v1 : v2;
            long eventTime = T0 + i * 1_000L - random.nextInt(20_000);
            Struct value = new Struct(schema).put("event_time", eventTime).put("event_id", "e-" + i)
                    .put("event_type", types[random.nextInt(types.length)]).put("ingest_source", "connect")
                    .put("user_id", random.nextInt(10) == 0 ? null : "u-" + random.nextInt(50))
                    .put("region", regions[random.nextInt(regions.length)])
                    .put("revenue", random.nextInt(4) == 0 ? null : Math.round(random.nextDouble() * 10_000) / 100.0)
                    .put("latency_ms", (long) random.nextInt(300)).put("response_time_ms", (long) random.nextInt(900))
                    .put("processing_time_ms", (long) random.nextInt(40)).put("text", "event " + i);
            if (schema == v2) {
                value.put("channel", "web");
            }
            sent.add(new Sent("e-" + i, eventTime, value));
            if (random.nextInt(10) == 0) {
                sent.add(new Sent("e-" + i, eventTime, value));            // a retry: dropped
            }
            if (random.nextInt(50) == 0) {
                Struct other = new Struct(schema);
                schema.fields().forEach(f -> other.put(f, value.get(f)));
                other.put("event_time", eventTime + 1_000);
                sent.add(new Sent("e-" + i, eventTime + 1_000, other));    // same id, other time: kept
            }
        }
        AvroConverter converter = converter(Map.of());
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer(Map.of())) {
            for (Sent event : sent) {
                RecordHeaders headers = new RecordHeaders();
                byte[] bytes = converter.fromConnectData("avro.raw", headers, event.value().schema(), event.value());
                producer.send(new ProducerRecord<>("avro.raw", null, null, TestClients.utf8(event.eventId()), bytes, headers));
            }
            producer.flush();
        }

        // The answer, without Flink: the first copy of every (event_id, event_time).
        Map<String, Struct> expected = new LinkedHashMap<>();
        sent.forEach(e -> expected.putIfAbsent(e.key(), e.value()));
        assertThat(expected.size()).isLessThan(sent.size());

        try (SqlJob job = SqlJobRunner.builder().variables(vars)
                .variable("raw.format", "avro-apicurio")
                .variable("registry.url", REGISTRY.url())
                .variable("scan.startup.mode", "earliest-offset")
                .variable("scan.bounded.mode", "latest-offset")
                .parallelism(2)
                .start()) {
            job.await(Duration.ofMinutes(3));
        }

        try (TopicReader clean = new TopicReader(KAFKA.bootstrapServers(), "avro.clean")) {
            List<JsonNode> rows = clean.awaitCount(expected.size(), TIMEOUT);
            assertThat(rows).hasSize(expected.size());
            Map<String, JsonNode> byKey = new HashMap<>();
            rows.forEach(r -> byKey.put(r.get("event_id").asText() + "@"
                    + Instant.parse(r.get("event_timestamp").asText()).toEpochMilli(), r));
            assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            expected.forEach((key, value) -> {
                JsonNode row = byKey.get(key);
                for (String field : List.of("event_type", "user_id", "region", "text")) {
                    assertThat(row.get(field).isNull() ? null : row.get(field).asText()).as(key + " " + field)
                            .isEqualTo(value.get(field));
                }
                for (String field : List.of("latency_ms", "response_time_ms", "processing_time_ms")) {
                    assertThat(row.get(field).asLong()).as(key + " " + field).isEqualTo(value.get(field));
                }
                // Disorder stays inside the 1-minute watermark: nothing is late.
                assertThat(row.get("late_arrival").asBoolean()).as(key + " late_arrival").isFalse();
                assertThat(row.get("processed_timestamp").isTextual()).as(key + " processed_timestamp").isTrue();
                Object revenue = value.get("revenue");
                assertThat(row.get("revenue").isNull() ? null : row.get("revenue").asDouble()).as(key + " revenue")
                        .isEqualTo(revenue);
            });
        }
    }

    private static Map<String, String> pipelineTopics(String prefix, int partitions) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("bootstrap.servers", KAFKA.bootstrapServers());
        vars.put("group.id", prefix + "-sql");
        for (String name : List.of("raw", "clean", "metrics.1m", "metrics.1h")) {
            KAFKA.createTopic(prefix + "." + name, partitions);
            vars.put("topic." + name, prefix + "." + name);
        }
        return vars;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"id in record headers, magic byte", "unknown schema id, No Avro schema with globalId 987654321"})
    void aValueTheFormatCannotReadFailsTheJobWithTheReason(String problem, String reason) {
        String prefix = problem.startsWith("id") ? "bad.headers" : "bad.id";
        Map<String, String> vars = pipelineTopics(prefix, 1);
        Schema schema = eventSchema(false);
        Struct value = new Struct(schema).put("event_time", T0).put("event_id", "x").put("event_type", "click")
                .put("ingest_source", "connect");
        RecordHeaders headers = new RecordHeaders();
        byte[] bytes;
        if (problem.startsWith("id")) {
            // Apicurio's default: the id travels in headers, the value is bare Avro that Flink cannot attribute.
            bytes = converter(Map.of("apicurio.registry.headers.enabled", "true"))
                    .fromConnectData(prefix + ".raw", headers, schema, value);
            assertThat(headers.lastHeader("apicurio.value.globalId")).isNotNull();
        } else {
            bytes = converter(Map.of()).fromConnectData(prefix + ".raw", headers, schema, value);
            java.nio.ByteBuffer.wrap(bytes, 1, 8).putLong(987_654_321L);
        }
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer(Map.of())) {
            producer.send(new ProducerRecord<>(prefix + ".raw", null, null, null, bytes, headers));
        }
        try (SqlJob job = SqlJobRunner.builder().variables(vars)
                .variable("raw.format", "avro-apicurio")
                .variable("registry.url", REGISTRY.url())
                .variable("scan.startup.mode", "earliest-offset")
                .variable("scan.bounded.mode", "latest-offset")
                .flinkOption("restart-strategy.type", "none")
                .parallelism(1)
                .start()) {
            assertThatThrownBy(() -> job.await(TIMEOUT)).isInstanceOf(SqlJobException.class)
                    .hasStackTraceContaining(reason);
        }
    }

    @ParameterizedTest(name = "id-encoding {0}, use-id {1}")
    @CsvSource({"8-byte, globalId, false", "4-byte, contentId, true"})
    void rowsFlinkWritesAreReadByTheConnectConverter(String idEncoding, String useId, boolean asConfluent) {
        String topic = "flink.avro." + idEncoding;
        KAFKA.createTopic(topic, 1);
        String script = """
                CREATE TABLE orders (
                  order_id  STRING NOT NULL,
                  placed_at TIMESTAMP_LTZ(3),
                  amount    DECIMAL(10, 2),
                  customer  ROW<name STRING, vip BOOLEAN>,
                  tags      ARRAY<STRING>,
                  coupon    STRING
                ) WITH (
                  'connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
                  'format' = 'avro-apicurio', 'avro-apicurio.url' = '%s',
                  'avro-apicurio.id-encoding' = '%s', 'avro-apicurio.use-id' = '%s',
                  'avro-apicurio.record-name' = 'dev.medallion.Order'
                );
                INSERT INTO orders VALUES
                  ('o-1', TO_TIMESTAMP_LTZ(1764043200123, 3), CAST(12.34 AS DECIMAL(10, 2)), ROW('Ada', TRUE),
                   ARRAY['a', 'b'], CAST(NULL AS STRING)),
                  ('o-2', TO_TIMESTAMP_LTZ(1764043260000, 3), CAST(-0.5 AS DECIMAL(10, 2)), ROW('Bob', FALSE),
                   ARRAY['c'], 'SAVE5');
                """.formatted(topic, KAFKA.bootstrapServers(), REGISTRY.url(), idEncoding, useId);
        try (SqlJob job = SqlJobRunner.builder().script(new SqlScript("orders.sql", script)).parallelism(1).start()) {
            job.await(Duration.ofMinutes(2));
        }

        AvroConverter converter = converter(Map.of("apicurio.registry.as-confluent", String.valueOf(asConfluent),
                "apicurio.registry.use-id", useId));
        List<ConsumerRecord<byte[], byte[]>> records = TestClients.consume(KAFKA.bootstrapServers(), topic, 2, TIMEOUT,
                Map.of());
        assertThat(records).hasSize(2);
        Map<String, Struct> byId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertThat(record.value()[0]).as("magic byte").isZero();
            assertThat(record.value().length).isGreaterThan(idEncoding.equals("8-byte") ? 9 : 5);
            SchemaAndValue data = converter.toConnectData(topic, record.headers(), record.value());
            Struct value = (Struct) data.value();
            byId.put(value.getString("order_id"), value);
        }
        Struct first = byId.get("o-1");
        assertThat(first.schema().name()).isEqualTo("dev.medallion.Order");
        assertThat(first.get("placed_at")).isEqualTo(java.util.Date.from(Instant.ofEpochMilli(1764043200123L)));
        assertThat((BigDecimal) first.get("amount")).isEqualByComparingTo("12.34");
        assertThat(first.getStruct("customer").getString("name")).isEqualTo("Ada");
        assertThat(first.getStruct("customer").getBoolean("vip")).isTrue();
        assertThat(first.getArray("tags")).containsExactly("a", "b");
        assertThat(first.get("coupon")).isNull();
        assertThat(byId.get("o-2").getString("coupon")).isEqualTo("SAVE5");
        assertThat((BigDecimal) byId.get("o-2").get("amount")).isEqualByComparingTo("-0.50");
    }
}
