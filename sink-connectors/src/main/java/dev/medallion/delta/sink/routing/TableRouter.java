package dev.medallion.delta.sink.routing;

import dev.medallion.delta.sink.DeltaSinkConfig;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which Delta table a topic's records go to: an explicit {@code tables.map} entry, else
 * {@code tables.template} with {@code ${topic}} replaced, both resolved against {@code tables.root} unless absolute.
 * The topic is the record's topic after the connector's transforms (an SMT may rename it); offsets stay those of the
 * topic partition the consumer read.
 */
public final class TableRouter {
    private final String root;
    private final String template;
    private final Map<String, String> explicit;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public TableRouter(String root, String template, Map<String, String> explicit) {
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        this.template = template;
        this.explicit = Map.copyOf(explicit);
    }

    public static TableRouter from(DeltaSinkConfig config) {
        return new TableRouter(config.tablesRoot(), config.tablesTemplate(), config.tablesMap());
    }

    /** The table location (a Hadoop path string) for {@code topic}. */
    public String tableFor(String topic) {
        return cache.computeIfAbsent(topic, this::resolve);
    }

    private String resolve(String topic) {
        String location = explicit.get(topic);
        if (location == null) {
            location = template.replace("${topic}", topic);
        }
        if (isAbsolute(location)) {
            return location;
        }
        return root + "/" + (location.startsWith("/") ? location.substring(1) : location);
    }

    private static boolean isAbsolute(String location) {
        try {
            return URI.create(location).getScheme() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
