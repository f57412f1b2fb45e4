package dev.medallion.serving.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medallion.serving.batch.BatchSnapshot;
import dev.medallion.serving.batch.QualityScore;
import dev.medallion.serving.model.MetricAggregate;
import dev.medallion.serving.monitor.StageMonitor;
import dev.medallion.serving.query.Bucket;
import dev.medallion.serving.query.MetricsQuery;
import dev.medallion.serving.query.MetricsResult;
import dev.medallion.serving.query.ServingQueries;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The API's JSON shapes (described in openapi.json; field names are snake_case like the tables'). */
final class MetricsJson {
    private final ObjectMapper mapper;

    MetricsJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    static String minute(long epochMinute) {
        return Instant.ofEpochSecond(epochMinute * 60).toString();
    }

    ObjectNode boundary(OptionalLong epochHour) {
        ObjectNode b = mapper.createObjectNode();
        if (epochHour.isPresent()) {
            b.put("time", Instant.ofEpochSecond(epochHour.getAsLong() * 3600).toString());
            b.put("epoch_hour", epochHour.getAsLong());
        } else {
            b.putNull("time");
            b.putNull("epoch_hour");
        }
        b.put("rule", "buckets before 'time' come from the batch view (gold/hourly_metrics), later ones from the"
                + " speed view (events.clean); never both for one hour");
        return b;
    }

    ObjectNode metrics(MetricsQuery q, MetricsResult r) {
        ObjectNode root = mapper.createObjectNode();
        root.put("from", minute(q.fromMinute()));
        root.put("to", minute(q.toMinute()));
        root.put("granularity", q.granularity().label());
        root.set("boundary", boundary(r.boundaryEpochHour()));
        root.put("batch_table_version", r.batchTableVersion());
        ArrayNode buckets = root.putArray("buckets");
        for (Bucket b : r.buckets()) {
            ObjectNode n = buckets.addObject();
            n.put("start", minute(b.startMinute()));
            n.put("end", minute(b.endMinute()));
            n.put("source", b.source().label());
            if (q.groupByEventType()) {
                n.put("event_type", b.series().eventType());
            }
            if (q.groupByRegion()) {
                n.put("region", b.series().region());
            }
            aggregate(n, b.aggregate());
            putNullable(n, "p95_response_time_ms", b.p95ResponseTimeMs());
            n.put("p95_exact", b.p95Exact());
        }
        ArrayNode gaps = root.putArray("gaps");
        for (long[] g : r.gapMinutes()) {
            gaps.addObject().put("start", minute(g[0])).put("end", minute(g[1]));
        }
        root.put("truncated", r.truncated());
        return root;
    }

    void aggregate(ObjectNode n, MetricAggregate a) {
        n.put("event_count", a.eventCount());
        n.put("late_event_count", a.lateEventCount());
        putNullable(n, "avg_latency_ms", a.avgLatencyMs());
        putNullable(n, "avg_processing_time_ms", a.avgProcessingTimeMs());
        putNullable(n, "revenue_sum", a.revenueSum());
    }

    ObjectNode top(MetricsQuery q, String dimension, List<Map.Entry<String, MetricAggregate>> top,
                   OptionalLong boundary) {
        ObjectNode root = mapper.createObjectNode();
        root.put("from", minute(q.fromMinute()));
        root.put("to", minute(q.toMinute()));
        root.put("dimension", dimension);
        root.set("boundary", boundary(boundary));
        ArrayNode items = root.putArray("items");
        for (Map.Entry<String, MetricAggregate> e : top) {
            ObjectNode n = items.addObject();
            n.put(dimension, e.getKey());
            aggregate(n, e.getValue());
            putNullable(n, "p95_response_time_ms", e.getValue().p95ResponseTimeMs());
        }
        return root;
    }

    ObjectNode freshness(ServingQueries queries, boolean speedCaughtUp) {
        BatchSnapshot s = queries.batchSnapshot();
        ObjectNode root = mapper.createObjectNode();
        root.put("now", queries.now().toString());
        root.set("boundary", boundary(s.boundaryEpochHour()));
        ObjectNode batch = root.putObject("batch");
        batch.put("table_version", s.tableVersion());
        batch.put("committed_at", s.committedAt() == null ? null : s.committedAt().toString());
        batch.put("loaded_at", s.loadedAt().toString());
        batch.put("lag_seconds", queries.batchLag().toSeconds());
        batch.put("lagging", queries.batchLagging());
        batch.put("lag_threshold_seconds", queries.ttl().toSeconds());
        ObjectNode quality = batch.putObject("quality");
        for (QualityScore q : s.quality().values()) {
            ObjectNode n = quality.putObject(q.table());
            n.put("score", q.score());
            putNullable(n, "threshold", q.threshold());
            n.put("date", q.date() == null ? null : q.date().toString());
            n.put("run_at", q.runAt().toString());
        }
        ObjectNode speed = root.putObject("speed");
        OptionalLong oldest = queries.speedView().oldestMinute();
        speed.put("oldest_minute", oldest.isPresent() ? minute(oldest.getAsLong()) : null);
        speed.put("entries", queries.speedView().entryCount());
        speed.put("caught_up", speedCaughtUp);
        return root;
    }

    ObjectNode stages(StageMonitor.StageSnapshot s, List<String> stageTopics, List<String> dlqTopics) {
        ObjectNode root = mapper.createObjectNode();
        root.put("sampled_at", s.at().toString());
        ArrayNode stages = root.putArray("stages");
        for (String t : stageTopics) {
            stageRow(stages.addObject(), t, s);
        }
        ArrayNode dlq = root.putArray("dlq");
        for (String t : dlqTopics) {
            stageRow(dlq.addObject(), t, s);
        }
        ObjectNode lag = root.putObject("sink_lag");
        s.groupLag().forEach(lag::put);
        return root;
    }

    private static void stageRow(ObjectNode n, String topic, StageMonitor.StageSnapshot s) {
        n.put("topic", topic);
        Long end = s.endOffsets().get(topic);
        if (end == null) {
            n.putNull("end_offset");
        } else {
            n.put("end_offset", end);
        }
        putNullable(n, "rate_per_second", s.ratesPerSecond().get(topic));
    }

    ObjectNode health(ServingQueries.Health h) {
        ObjectNode root = mapper.createObjectNode();
        root.put("status", h.status().name());
        ObjectNode checks = root.putObject("checks");
        h.checks().forEach(checks::put);
        return root;
    }

    ObjectNode error(int status, String message) {
        ObjectNode root = mapper.createObjectNode();
        root.put("status", status);
        root.put("error", message);
        return root;
    }

    private static void putNullable(ObjectNode n, String field, Double value) {
        if (value == null || value.isNaN()) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }
}
