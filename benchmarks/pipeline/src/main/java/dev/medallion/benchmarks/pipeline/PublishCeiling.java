package dev.medallion.benchmarks.pipeline;

import dev.medallion.generator.EventFactory;
import dev.medallion.quickstart.LoadGenerator;
import dev.medallion.quickstart.LoadStats;
import dev.medallion.quickstart.LocalEventHubs;

import java.time.Duration;

/**
 * The peer the pipeline's rates are compared with: how fast the same load generator (Azure SDK producer, same
 * events, same partitions) gets events acknowledged by a second emulator that nothing reads from, while the pipeline
 * is idle between steps. Measured right before each step, so it sees the same machine load as the step.
 */
final class PublishCeiling implements AutoCloseable {
    /** Above what one producer reaches here, so the generator sends full batches back to back. */
    private static final int UNLIMITED_RATE = 400_000;

    private final LocalEventHubs hubs;

    PublishCeiling(int port, int partitions) {
        hubs = new LocalEventHubs(port, "ceiling", partitions).start();
        measure(Duration.ofSeconds(3)); // JIT and AMQP links; not reported
    }

    /** Events/s acknowledged over {@code duration} of unthrottled publishing. */
    double measure(Duration duration) {
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
        return stats.published() / (Math.max(1, stats.publishSpanMillis()) / 1000.0);
    }

    @Override
    public void close() {
        hubs.close();
    }
}
