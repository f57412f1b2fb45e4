package dev.medallion.benchmarks.smts.placement;

import dev.medallion.generator.EventFactory;
import org.apache.kafka.connect.json.JsonConverter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One round's input: the quickstart's event mix as the source connector's Validate stage passes it on. Invalid events
 * are counted but not kept: Validate routes them to {@code events.dlq} and Enrich lets dead letters pass untouched, so
 * they cost the same in both placements. Each kept event is the schemaless value the source's JSON body becomes
 * (maps, lists, Long/Double, as JsonConverter with schemas off gives), whether it is the first copy of its
 * (event_id, event_time) (what the SQL job's dedupe keeps) and whether it is late.
 */
final class EventStream {
    final List<Map<String, Object>> values;
    final boolean[] distinct;
    final boolean[] late;
    final int invalid;
    final int distinctCount;
    final double duplicateShare;

    private EventStream(List<Map<String, Object>> values, boolean[] distinct, boolean[] late, int invalid,
                        int distinctCount, double duplicateShare) {
        this.values = values;
        this.distinct = distinct;
        this.late = late;
        this.invalid = invalid;
        this.distinctCount = distinctCount;
        this.duplicateShare = duplicateShare;
    }

    /** {@code events} events of the quickstart's mix (2 % late, 2 % invalid) with the given duplicate share. */
    @SuppressWarnings("unchecked")
    static EventStream generate(int events, double duplicateShare, long seed) {
        EventFactory factory = new EventFactory(seed, new EventFactory.Mix(duplicateShare, 0.02, 0.02));
        JsonConverter body = new JsonConverter();
        body.configure(Map.of("schemas.enable", "false"), false);
        List<Map<String, Object>> values = new ArrayList<>(events);
        List<Boolean> distinct = new ArrayList<>(events);
        List<Boolean> late = new ArrayList<>(events);
        Set<String> seen = new HashSet<>();
        int invalid = 0;
        long now = 1_767_225_600_000L; // 2026-01-01T00:00Z, fixed so a seed reproduces the bytes
        for (int i = 0; i < events; i++) {
            EventFactory.Event e = factory.next(now + i);
            if (!e.valid()) {
                invalid++;
                continue;
            }
            values.add((Map<String, Object>) body.toConnectData("events.raw",
                    e.json().getBytes(StandardCharsets.UTF_8)).value());
            distinct.add(seen.add(e.eventId() + '|' + e.eventTime()));
            late.add(e.kind() == EventFactory.Kind.LATE);
        }
        boolean[] d = new boolean[values.size()];
        boolean[] l = new boolean[values.size()];
        int distinctCount = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = distinct.get(i);
            l[i] = late.get(i);
            distinctCount += d[i] ? 1 : 0;
        }
        return new EventStream(values, d, l, invalid, distinctCount, duplicateShare);
    }

    int valid() {
        return values.size();
    }
}
