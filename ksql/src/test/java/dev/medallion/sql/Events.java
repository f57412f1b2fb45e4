package dev.medallion.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** Builds event JSON in the shape of docs/event-schema.md. */
final class Events {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    record Event(String eventId, String eventType, String region, long eventTime, double revenue, long latencyMs,
                 long responseTimeMs, long processingTimeMs) {
        String json() {
            ObjectNode node = JSON.createObjectNode();
            node.put("event_id", eventId);
            node.put("event_type", eventType);
            node.put("user_id", "u-" + Math.floorMod(eventId.hashCode(), 100));
            node.put("region", region);
            node.put("event_time", eventTime);
            node.put("revenue", revenue);
            node.put("latency_ms", latencyMs);
            node.put("response_time_ms", responseTimeMs);
            node.put("processing_time_ms", processingTimeMs);
            node.put("text", "event " + eventId);
            node.put("extra_field_ignored_by_sql", 1);
            return node.toString();
        }

        Map.Entry<String, String> record() {
            return Map.entry(eventId, json());
        }
    }

    static Event simple(String id, String type, long eventTime) {
        return new Event(id, type, "westeurope", eventTime, 1.0, 10, 100, 5);
    }
}
