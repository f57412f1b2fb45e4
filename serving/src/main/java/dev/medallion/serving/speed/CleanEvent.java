package dev.medallion.serving.speed;

import java.time.Instant;

/** The fields of one {@code events.clean} record the speed view aggregates. */
public record CleanEvent(String eventType, String region, Instant eventTime, boolean late, Long latencyMs,
                         Long processingTimeMs, Long responseTimeMs, Double revenue) {

    /** Epoch minute of the event time: the speed view's bucket. */
    public long epochMinute() {
        return Math.floorDiv(eventTime.getEpochSecond(), 60);
    }
}
