package dev.medallion.eventhubs.emulator.store;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The event hubs of one emulated namespace, by name (case-insensitive, as in the service). It outlives the AMQP
 * server, so a restart keeps every event.
 */
public final class EventHubNamespace {
    // In definition order, so listings (and the command line's output) follow the configuration.
    private final Map<String, EventHub> hubs = Collections.synchronizedMap(new LinkedHashMap<>());

    public EventHub addHub(String name, int partitions, long retentionBytesPerPartition) {
        EventHub hub = new EventHub(name, partitions, retentionBytesPerPartition, System.currentTimeMillis());
        if (hubs.putIfAbsent(key(name), hub) != null) {
            throw new IllegalArgumentException("Event hub '" + name + "' is defined twice");
        }
        return hub;
    }

    /** The hub with this name, or null. */
    public EventHub hub(String name) {
        return name == null ? null : hubs.get(key(name));
    }

    public Collection<EventHub> hubs() {
        synchronized (hubs) {
            return List.copyOf(hubs.values());
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
