package dev.medallion.benchmarks.pipeline;

import dev.medallion.quickstart.EventFactory;
import dev.medallion.quickstart.LoadGenerator;
import dev.medallion.quickstart.LoadStats;
import dev.medallion.quickstart.LocalEventHubs;

import java.time.Duration;

/**
 * The peer the pipeline's sustainable rate is compared with: how fast the same load generator (Azure SDK producer,
 * same events, same partitions) gets events acknowledged by the same emulator when nothing else runs and nothing
 * reads them. Measured in the same JVM and run as the steps, so the ratio survives a loaded machine better than
 * absolute figures.
 */
final class PublishCeiling {
    /** Above what one producer reaches here, so the generator sends full batches back to back (checked: printed). */
    private static final int UNLIMITED_RATE = 400_000;

    private PublishCeiling() {
    }

    static double measure(int port, int partitions, Duration duration) {
        try (LocalEventHubs hubs = new LocalEventHubs(port, "ceiling", partitions).start()) {
            // A short warm-up (JIT, AMQP links) that is not counted.
            run(hubs, Duration.ofSeconds(3));
            LoadStats stats = run(hubs, duration);
            return stats.published() / (Math.max(1, stats.publishSpanMillis()) / 1000.0);
        }
    }

    private static LoadStats run(LocalEventHubs hubs, Duration duration) {
        LoadStats stats = new LoadStats();
        LoadGenerator generator = new LoadGenerator(hubs.connectionString(),
                new EventFactory(42, EventFactory.Mix.defaults()), stats, null, UNLIMITED_RATE, duration);
        try {
            generator.run();
            if (generator.failure() != null) {
                throw new IllegalStateException("Publishing the ceiling run failed", generator.failure());
            }
        } finally {
            generator.close();
        }
        return stats;
    }
}
