package dev.medallion.eventhubs.source.partition;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Asks the hub for its partitions now and then and reports when the list grew, so the connector can have Connect
 * reconfigure its tasks. Event Hubs only ever adds partitions; a failed check (namespace briefly unreachable) is
 * logged and tried again at the next interval, never fatal: the tasks keep reading what they have.
 */
public final class PartitionWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionWatcher.class);
    private final Supplier<List<String>> lister;
    private final Consumer<List<String>> onGrown;
    private volatile List<String> known;
    private ScheduledExecutorService scheduler;

    /**
     * @param lister  the hub's current partition ids (may throw)
     * @param known   the ids the tasks were configured with
     * @param onGrown called with the new, longer list when partitions were added
     */
    public PartitionWatcher(Supplier<List<String>> lister, List<String> known, Consumer<List<String>> onGrown) {
        this.lister = lister;
        this.known = List.copyOf(known);
        this.onGrown = onGrown;
    }

    /** Checks every {@code interval} on a daemon thread named after the hub. */
    public void start(Duration interval, String hub) {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "eventhubs-partition-watcher-" + hub);
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** One check; returns whether the partitions grew. */
    boolean check() {
        List<String> current;
        try {
            current = lister.get();
        } catch (RuntimeException e) {
            LOG.warn("Checking the partitions of the event hub failed; trying again at the next interval: {}",
                    e.toString());
            return false;
        }
        if (current == null || current.size() <= known.size() || !current.containsAll(known)) {
            return false;
        }
        LOG.info("The event hub now has partitions {} (was {}); requesting task reconfiguration", current, known);
        known = List.copyOf(current);
        onGrown.accept(known);
        return true;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
