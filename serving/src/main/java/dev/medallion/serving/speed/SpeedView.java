package dev.medallion.serving.speed;

import dev.medallion.serving.model.MetricAggregate;
import dev.medallion.serving.model.SeriesKey;

import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;

/**
 * The real-time view: mergeable aggregates per (epoch minute of event time, event type, region), filled from
 * {@code events.clean} and emptied only as the batch boundary covers its minutes. Implementations may be shared by
 * several serving replicas (a Redis backend) or local to one (the in-memory one).
 */
public interface SpeedView {

    /** Adds one event to its minute's aggregate. */
    void add(CleanEvent event);

    /**
     * Adds one event read at {@code position}. A view shared by several consumers (Redis) applies a position at most
     * once; a view with a single consumer (in memory) ignores it.
     */
    default void add(CleanEvent event, RecordPosition position) {
        add(event);
    }

    /** Copies of the aggregates of the minutes in [fromMinute, toMinute), by minute then series. */
    NavigableMap<Long, Map<SeriesKey, MetricAggregate>> range(long fromMinute, long toMinute);

    /** Drops every minute before {@code minute} (the batch view covers them); returns the number of minutes dropped. */
    int evictBefore(long minute);

    /** The oldest minute held, if any. */
    OptionalLong oldestMinute();

    /** Number of (minute, series) entries held. */
    long entryCount();

    /**
     * Checks that the store answers (for /health); throws {@link SpeedViewUnavailableException} when it does not.
     * A view in this JVM's heap always answers.
     */
    default void ping() {
    }
}
