package dev.medallion.serving.monitor;

import dev.medallion.serving.batch.KernelTableReader;
import io.delta.kernel.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Commit progress of the lakehouse tables, read from their Delta logs with Kernel: the latest version (each sink or
 * batch commit adds one; Prometheus' increase() gives commits per interval) and the time of the last commit (its age
 * is how stale the table is). Works the same for a sink's table and a batch job's, local or abfss://.
 */
public final class TableCommitMonitor {
    private static final Logger log = LoggerFactory.getLogger(TableCommitMonitor.class);

    private record Commit(long version, long timestampMillis) {
    }

    private final KernelTableReader reader;
    private final Map<String, String> locations;
    private final Map<String, Commit> latest = new ConcurrentHashMap<>();

    /** @param locations table name (e.g. silver/events) to its location */
    public TableCommitMonitor(KernelTableReader reader, Map<String, String> locations, ServingMetrics metrics) {
        this.reader = reader;
        this.locations = locations;
        for (String table : locations.keySet()) {
            metrics.gauge("serving_table_version", "latest Delta version of a lakehouse table (commits so far)",
                    () -> {
                        Commit c = latest.get(table);
                        return c == null ? null : c.version();
                    }, "table", table);
            metrics.gauge("serving_table_last_commit_seconds", "epoch seconds of a lakehouse table's last commit",
                    () -> {
                        Commit c = latest.get(table);
                        return c == null ? null : c.timestampMillis() / 1000.0;
                    }, "table", table);
        }
    }

    public void sample() {
        for (Map.Entry<String, String> table : locations.entrySet()) {
            try {
                Snapshot s = reader.latest(table.getValue()).orElse(null);
                if (s != null) {
                    latest.put(table.getKey(), new Commit(s.getVersion(), s.getTimestamp(reader.engine())));
                }
            } catch (RuntimeException e) {
                log.debug("Cannot read {}: {}", table.getKey(), e.toString());
            }
        }
    }

    public List<String> tables() {
        return List.copyOf(locations.keySet());
    }
}
