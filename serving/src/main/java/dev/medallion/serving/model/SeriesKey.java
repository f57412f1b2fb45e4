package dev.medallion.serving.model;

import java.util.Objects;

/** One series of the metrics: an event type in a region (either may be null when a query does not group by it). */
public record SeriesKey(String eventType, String region) {
    public static final SeriesKey ALL = new SeriesKey(null, null);

    /** This key with the dimensions a query does not group by blanked out. */
    public SeriesKey project(boolean byEventType, boolean byRegion) {
        if (byEventType && byRegion) {
            return this;
        }
        return new SeriesKey(byEventType ? eventType : null, byRegion ? region : null);
    }

    public boolean matches(String eventTypeFilter, String regionFilter) {
        return (eventTypeFilter == null || Objects.equals(eventTypeFilter, eventType))
                && (regionFilter == null || Objects.equals(regionFilter, region));
    }
}
