package dev.medallion.benchmarks.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.sql.udf.PercentileAccumulator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Windowed;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The Kafka Streams twin of one {@code metrics_1m} group: count, sums of latency and processing time, revenue sum
 * and the t-digest of response times ({@link PercentileAccumulator}, the very accumulator behind the SQL
 * {@code APPROX_PERCENTILE}), so both engines do the same work per event.
 */
final class MinuteAggregate {
    private long count;
    private long latencySum;
    private long latencyCount;
    private long processingSum;
    private long processingCount;
    private double revenueSum;
    private boolean hasRevenue;
    private PercentileAccumulator responseTimes = new PercentileAccumulator();

    /** Adds one event; missing measures are skipped, as SQL's AVG/SUM/APPROX_PERCENTILE skip NULL. */
    MinuteAggregate add(JsonNode event) {
        count++;
        if (event.hasNonNull("latency_ms")) {
            latencySum += event.get("latency_ms").asLong();
            latencyCount++;
        }
        if (event.hasNonNull("processing_time_ms")) {
            processingSum += event.get("processing_time_ms").asLong();
            processingCount++;
        }
        if (event.hasNonNull("revenue")) {
            revenueSum += event.get("revenue").asDouble();
            hasRevenue = true;
        }
        if (event.hasNonNull("response_time_ms")) {
            responseTimes.add(event.get("response_time_ms").asDouble());
        }
        return this;
    }

    /** The row in the JSON shape of {@code metrics.1m} (docs/event-schema.md). */
    String json(Windowed<String> window) {
        String[] typeAndRegion = window.key().split("\\|", 2);
        return "{\"window_start\":\"" + Instant.ofEpochMilli(window.window().start())
                + "\",\"window_end\":\"" + Instant.ofEpochMilli(window.window().end())
                + "\",\"event_type\":\"" + typeAndRegion[0] + "\",\"region\":\"" + typeAndRegion[1]
                + "\",\"event_count\":" + count
                + ",\"avg_latency_ms\":" + (latencyCount == 0 ? "null" : (double) latencySum / latencyCount)
                + ",\"avg_processing_time_ms\":" + (processingCount == 0 ? "null" : (double) processingSum / processingCount)
                + ",\"p95_response_time_ms\":" + (responseTimes.size() == 0 ? "null" : responseTimes.estimate(0.95))
                + ",\"revenue_sum\":" + (hasRevenue ? revenueSum : "null") + "}";
    }

    /** Serde for the window store: the fixed fields followed by the digest's bytes. */
    static final class Serde extends Serdes.WrapperSerde<MinuteAggregate> {
        Serde() {
            super((topic, agg) -> {
                byte[] digest = agg.responseTimes.toBytes();
                return ByteBuffer.allocate(5 * Long.BYTES + Double.BYTES + 1 + digest.length)
                        .putLong(agg.count).putLong(agg.latencySum).putLong(agg.latencyCount)
                        .putLong(agg.processingSum).putLong(agg.processingCount)
                        .putDouble(agg.revenueSum).put((byte) (agg.hasRevenue ? 1 : 0)).put(digest).array();
            }, (topic, bytes) -> {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                MinuteAggregate agg = new MinuteAggregate();
                agg.count = buffer.getLong();
                agg.latencySum = buffer.getLong();
                agg.latencyCount = buffer.getLong();
                agg.processingSum = buffer.getLong();
                agg.processingCount = buffer.getLong();
                agg.revenueSum = buffer.getDouble();
                agg.hasRevenue = buffer.get() == 1;
                byte[] digest = new byte[buffer.remaining()];
                buffer.get(digest);
                agg.responseTimes = PercentileAccumulator.fromBytes(digest);
                return agg;
            });
        }
    }
}
