package dev.medallion.serving.speed;

import dev.medallion.serving.model.MetricAggregate;
import dev.medallion.serving.model.SeriesKey;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The speed view in this JVM's heap. One writer (the consumer) and many readers (HTTP threads): a single lock keeps
 * it simple, since a query copies at most a day of minutes and an add is a few field updates.
 */
public final class InMemorySpeedView implements SpeedView {
    private final TreeMap<Long, Map<SeriesKey, MetricAggregate>> minutes = new TreeMap<>();
    private long entries;

    @Override
    public synchronized void add(CleanEvent event) {
        Map<SeriesKey, MetricAggregate> series = minutes.computeIfAbsent(event.epochMinute(), m -> new HashMap<>());
        MetricAggregate aggregate = series.get(new SeriesKey(event.eventType(), event.region()));
        if (aggregate == null) {
            aggregate = MetricAggregate.empty();
            series.put(new SeriesKey(event.eventType(), event.region()), aggregate);
            entries++;
        }
        aggregate.add(event.late(), event.latencyMs(), event.processingTimeMs(), event.responseTimeMs(),
                event.revenue());
    }

    @Override
    public synchronized NavigableMap<Long, Map<SeriesKey, MetricAggregate>> range(long fromMinute, long toMinute) {
        TreeMap<Long, Map<SeriesKey, MetricAggregate>> copy = new TreeMap<>();
        if (fromMinute >= toMinute) {
            return copy;
        }
        for (Map.Entry<Long, Map<SeriesKey, MetricAggregate>> minute : minutes.subMap(fromMinute, toMinute).entrySet()) {
            Map<SeriesKey, MetricAggregate> series = new HashMap<>();
            minute.getValue().forEach((k, v) -> series.put(k, v.copy()));
            copy.put(minute.getKey(), series);
        }
        return copy;
    }

    @Override
    public synchronized int evictBefore(long minute) {
        NavigableMap<Long, Map<SeriesKey, MetricAggregate>> old = minutes.headMap(minute, false);
        int dropped = old.size();
        for (Map<SeriesKey, MetricAggregate> series : old.values()) {
            entries -= series.size();
        }
        old.clear();
        return dropped;
    }

    @Override
    public synchronized OptionalLong oldestMinute() {
        return minutes.isEmpty() ? OptionalLong.empty() : OptionalLong.of(minutes.firstKey());
    }

    @Override
    public synchronized long entryCount() {
        return entries;
    }
}
