package dev.medallion.delta.sink;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Events numbered by {@code seq} whose every value is derived from the number, so that a test reading a table back can
 * check each row's values, not only counts and ids. Serialized as JSON with schema, as the JsonConverter expects.
 */
final class SequencedEvents {
    static final Schema SCHEMA = SchemaBuilder.struct().name("Event")
            .field("event_id", Schema.STRING_SCHEMA)
            .field("seq", Schema.INT64_SCHEMA)
            .field("event_type", Schema.STRING_SCHEMA)
            .field("amount", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("event_time", Timestamp.SCHEMA)
            .build();
    static final Instant START = Instant.parse("2026-11-25T00:00:00Z");

    private SequencedEvents() {
    }

    static String eventId(long seq) {
        return "ev-" + seq;
    }

    static String eventType(long seq) {
        return seq % 3 == 0 ? "click" : "view";
    }

    static double amount(long seq) {
        return seq * 0.5;
    }

    static Instant eventTime(long seq) {
        return START.plusSeconds(seq * 60L);
    }

    static byte[] json(String topic, long seq) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        Struct event = new Struct(SCHEMA).put("event_id", eventId(seq)).put("seq", seq)
                .put("event_type", eventType(seq)).put("amount", amount(seq))
                .put("event_time", java.util.Date.from(eventTime(seq)));
        return converter.fromConnectData(topic, SCHEMA, event);
    }

    /**
     * A Delta sink connector config reading JSON with schemas (as {@link #json} writes), 2 tasks, 1 s commits, tables
     * under {@code lake}; {@code extra} are key/value pairs that override or add.
     */
    static Map<String, String> sinkConfig(Path lake, String topics, String... extra) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.medallion.delta.sink.DeltaSinkConnector");
        config.put("tasks.max", "2");
        config.put("topics", topics);
        config.put("tables.root", lake.toString());
        config.put("flush.interval.ms", "1000");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "true");
        config.put("consumer.override.max.poll.records", "200");
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return config;
    }

    /** Sends events {@code from} (inclusive) to {@code to} (exclusive), keyed {@code k<seq>}, and waits for the acks. */
    static void produce(KafkaProducer<byte[], byte[]> producer, String topic, long from, long to) {
        for (long i = from; i < to; i++) {
            producer.send(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8), json(topic, i)));
        }
        producer.flush();
    }
}
