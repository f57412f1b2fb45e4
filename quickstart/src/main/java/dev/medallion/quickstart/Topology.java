package dev.medallion.quickstart;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Names of the local pipeline's hub, topics, tables and connectors (the defaults of every component). */
public final class Topology {
    public static final String HUB = "events";
    public static final String RAW = "events.raw";
    public static final String DLQ = "events.dlq";
    /** Where the bronze sink's Connect dead-letter queue puts records it cannot write (connect-configs/local). */
    public static final String BRONZE_DLQ = "bronze-sink.dlq";
    public static final String CLEAN = "events.clean";
    public static final String METRICS_1M = "metrics.1m";
    public static final String METRICS_1H = "metrics.1h";

    public static final String BRONZE = "bronze/events";
    public static final String SILVER = "silver/events";
    public static final String GOLD_1M = "gold/metrics_1m";
    public static final String GOLD_1H = "gold/metrics_1h";
    public static final List<String> TABLES = List.of(BRONZE, SILVER, GOLD_1M, GOLD_1H);

    public static final String SOURCE_CONNECTOR = "eventhubs-source";
    public static final String SQL_GROUP = "medallion-sql";

    private Topology() {
    }

    /** Topics with their partition counts; metric topics are small, one partition keeps their order. */
    public static Map<String, Integer> topics(int partitions) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put(RAW, partitions);
        topics.put(DLQ, partitions);
        topics.put(BRONZE_DLQ, 1);
        topics.put(CLEAN, partitions);
        topics.put(METRICS_1M, 1);
        topics.put(METRICS_1H, 1);
        return topics;
    }

    /** The Connect consumer group of a sink connector. */
    public static String sinkGroup(String connector) {
        return "connect-" + connector;
    }
}
