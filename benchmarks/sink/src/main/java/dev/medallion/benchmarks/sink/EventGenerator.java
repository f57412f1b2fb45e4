package dev.medallion.benchmarks.sink;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Deterministic events shaped like the design's {@code events.raw} (15 fields: ids, dimensions, a decimal amount,
 * latencies, free text, event and ingest time, a flag) as Connect {@link SinkRecord}s with a Struct schema, the way a
 * sink task receives them from the JsonConverter or the Avro converter. Both sinks get the very same record objects.
 */
public final class EventGenerator {

    static final Schema SCHEMA = SchemaBuilder.struct().name("dev.medallion.Event").version(1)
            .field("event_id", Schema.STRING_SCHEMA)
            .field("event_type", Schema.STRING_SCHEMA)
            .field("user_id", Schema.OPTIONAL_STRING_SCHEMA)
            .field("session_id", Schema.OPTIONAL_STRING_SCHEMA)
            .field("region", Schema.OPTIONAL_STRING_SCHEMA)
            .field("country", Schema.OPTIONAL_STRING_SCHEMA)
            .field("device", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amount", Decimal.builder(2).optional().build())
            .field("currency", Schema.OPTIONAL_STRING_SCHEMA)
            .field("latency_ms", Schema.OPTIONAL_INT32_SCHEMA)
            .field("response_time_ms", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("content", Schema.OPTIONAL_STRING_SCHEMA)
            .field("event_time", Timestamp.SCHEMA)
            .field("ingest_time", Timestamp.builder().optional().build())
            .field("is_test", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .build();

    private static final String[] TYPES =
            {"page_view", "click", "search", "add_to_cart", "purchase", "login", "logout", "error"};
    private static final String[] REGIONS =
            {"eastus", "westus2", "westeurope", "northeurope", "southeastasia", "australiaeast"};
    private static final String[] COUNTRIES = {"US", "CA", "MX", "BR", "GB", "IE", "FR", "DE", "NL", "ES", "IT", "SE",
            "PL", "IN", "SG", "JP", "KR", "AU", "NZ", "ZA"};
    private static final String[] DEVICES = {"ios", "android", "web", "desktop", "tv"};
    private static final String[] CURRENCIES = {"USD", "EUR", "GBP", "JPY", "INR"};
    private static final String[] WORDS = ("the checkout page loaded quickly and the new search results were relevant "
            + "but payment failed twice before the order finally went through support answered within minutes great "
            + "service slow delivery broken link refund requested love the app crashes on startup after update")
            .split(" ");

    /** 2026-11-25T00:00:00Z: event times advance 1 ms per record from here (1M records span ~17 minutes). */
    static final long BASE_EPOCH_MS = 1_795_564_800_000L;

    private EventGenerator() {}

    /**
     * {@code count} records for {@code topic}-{@code partition}, offsets 0..count-1, in batches of {@code batchSize}
     * (what one {@code put} receives; Connect's default max.poll.records is 500).
     */
    public static List<List<SinkRecord>> batches(String topic, int partition, int count, int batchSize, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<SinkRecord>> batches = new ArrayList<>(count / batchSize + 1);
        List<SinkRecord> batch = new ArrayList<>(batchSize);
        for (int offset = 0; offset < count; offset++) {
            Struct value = event(random, offset);
            long eventTime = ((Date) value.get("event_time")).getTime();
            batch.add(new SinkRecord(topic, partition, null, null, SCHEMA, value, offset, eventTime,
                    TimestampType.CREATE_TIME));
            if (batch.size() == batchSize) {
                batches.add(batch);
                batch = new ArrayList<>(batchSize);
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    static Struct event(SplittableRandom r, long sequence) {
        String type = TYPES[r.nextInt(TYPES.length)];
        boolean money = type.equals("purchase") || type.equals("add_to_cart");
        long eventTime = BASE_EPOCH_MS + sequence;
        StringBuilder content = new StringBuilder(96);
        int words = 6 + r.nextInt(12);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                content.append(' ');
            }
            content.append(WORDS[r.nextInt(WORDS.length)]);
        }
        return new Struct(SCHEMA)
                .put("event_id", new UUID(r.nextLong(), r.nextLong()).toString())
                .put("event_type", type)
                .put("user_id", "user-" + r.nextInt(100_000))
                .put("session_id", "sess-" + Long.toHexString(r.nextLong()))
                .put("region", REGIONS[r.nextInt(REGIONS.length)])
                .put("country", COUNTRIES[r.nextInt(COUNTRIES.length)])
                .put("device", DEVICES[r.nextInt(DEVICES.length)])
                .put("amount", money ? BigDecimal.valueOf(r.nextInt(1_000_000), 2) : null)
                .put("currency", money ? CURRENCIES[r.nextInt(CURRENCIES.length)] : null)
                .put("latency_ms", r.nextInt(2_000))
                .put("response_time_ms", r.nextDouble() * 500)
                .put("content", content.toString())
                .put("event_time", new Date(eventTime))
                .put("ingest_time", new Date(eventTime + r.nextInt(5_000)))
                .put("is_test", r.nextInt(100) == 0);
    }
}
