package dev.medallion.benchmarks.sql;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;

/**
 * The exact measures of one 1-minute window, event type and region, as the generator computes them, and the check of
 * an engine's output row against them: count and sums exact (averages times count, rounded), the t-digest p95
 * between the exact 94th and 96th percentiles.
 */
final class WindowAnswer {
    private long count;
    private long latencySum;
    private long processingSum;
    private long revenueSum;
    private int[] responseTimes = new int[64];

    void add(long latency, long responseTime, long processing, long revenue) {
        if (count == responseTimes.length) {
            responseTimes = Arrays.copyOf(responseTimes, responseTimes.length * 2);
        }
        responseTimes[(int) count] = (int) responseTime;
        count++;
        latencySum += latency;
        processingSum += processing;
        revenueSum += revenue;
    }

    /** Null if the row matches, else what differs. */
    String mismatch(JsonNode row) {
        long rowCount = row.get("event_count").asLong();
        if (rowCount != count) {
            return "event_count " + rowCount + " != " + count;
        }
        if (Math.round(row.get("avg_latency_ms").asDouble() * count) != latencySum) {
            return "avg_latency_ms " + row.get("avg_latency_ms") + " != " + latencySum + "/" + count;
        }
        if (Math.round(row.get("avg_processing_time_ms").asDouble() * count) != processingSum) {
            return "avg_processing_time_ms " + row.get("avg_processing_time_ms") + " != " + processingSum + "/" + count;
        }
        if (row.get("revenue_sum").asDouble() != revenueSum) {
            return "revenue_sum " + row.get("revenue_sum") + " != " + revenueSum;
        }
        int[] sorted = Arrays.copyOf(responseTimes, (int) count);
        Arrays.sort(sorted);
        double p95 = row.get("p95_response_time_ms").asDouble();
        if (p95 < exact(sorted, 0.94) || p95 > exact(sorted, 0.96)) {
            return "p95_response_time_ms " + p95 + " not in [" + exact(sorted, 0.94) + ", " + exact(sorted, 0.96) + "]";
        }
        return null;
    }

    private static int exact(int[] sorted, double q) {
        return sorted[(int) Math.ceil(q * sorted.length) - 1];
    }
}
