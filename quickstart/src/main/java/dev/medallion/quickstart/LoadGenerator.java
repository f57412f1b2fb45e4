package dev.medallion.quickstart;

import dev.medallion.generator.EventFactory;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes events from an {@link EventFactory} to Event Hubs at a steady rate through the Azure SDK's
 * {@link EventHubProducerClient} (the emulator or a real namespace, decided by the connection string), round-robin
 * over the hub's partitions, in batches every 100 ms. Counts only what the service acknowledged.
 */
public final class LoadGenerator implements Runnable {
    private static final long TICK_MILLIS = 100;

    private final EventHubProducerClient producer;
    private final EventFactory factory;
    private final LoadStats stats;
    private final BronzeLatencyProbe latency;
    private final int rate;
    private final Duration duration;
    private final List<String> partitions;
    private EventFactory.Event carried;
    private volatile boolean stopped;
    private volatile Throwable failure;

    /** {@code latency} may be null when nothing reads the events back (a publish-only ceiling measurement). */
    public LoadGenerator(String connectionString, EventFactory factory, LoadStats stats, BronzeLatencyProbe latency,
                         int rate, Duration duration) {
        this.producer = new EventHubClientBuilder().connectionString(connectionString).buildProducerClient();
        this.partitions = new ArrayList<>();
        producer.getPartitionIds().forEach(partitions::add);
        this.factory = factory;
        this.stats = stats;
        this.latency = latency;
        this.rate = rate;
        this.duration = duration;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        long sent = 0;
        int nextPartition = 0;
        try {
            while (!stopped) {
                long elapsedNanos = System.nanoTime() - start;
                if (!duration.isZero() && elapsedNanos >= duration.toNanos()) {
                    break;
                }
                // Catch up to where the schedule says we should be; this keeps the average rate even when a send
                // was slow, without bursts larger than one second of events.
                long due = Math.min(elapsedNanos * rate / 1_000_000_000L + Math.max(1, rate / 10) - sent,
                        Math.max(1, rate));
                long published = 0;
                while (published < due && !stopped) {
                    published += sendBatch(partitions.get(nextPartition), (int) (due - published));
                    nextPartition = (nextPartition + 1) % partitions.size();
                }
                sent += published;
                long nextTick = start + (sent * 1_000_000_000L / rate) - System.nanoTime();
                if (nextTick > 0) {
                    Thread.sleep(Math.max(1, Math.min(TICK_MILLIS, nextTick / 1_000_000)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Sends up to {@code max} events to one partition in one batch; returns how many were acknowledged. */
    private int sendBatch(String partition, int max) {
        EventDataBatch batch = producer.createBatch(new CreateBatchOptions().setPartitionId(partition));
        List<EventFactory.Event> events = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < max; i++) {
            EventFactory.Event event = carried != null ? carried : factory.next(now);
            carried = null;
            if (!batch.tryAdd(new EventData(event.json().getBytes(StandardCharsets.UTF_8)))) {
                carried = event; // batch full (1 MB): this event opens the next batch, it is never dropped
                break;
            }
            events.add(event);
        }
        long publishedAt = System.currentTimeMillis();
        if (latency != null) {
            for (EventFactory.Event event : events) {
                if (event.kind() == EventFactory.Kind.VALID || event.kind() == EventFactory.Kind.LATE) {
                    latency.published(event.eventId(), publishedAt);
                }
            }
        }
        producer.send(batch);
        for (EventFactory.Event event : events) {
            stats.published(event.kind(), publishedAt);
        }
        return events.size();
    }

    public void stop() {
        stopped = true;
    }

    /** The error that ended publishing early, or null. */
    public Throwable failure() {
        return failure;
    }

    public void close() {
        producer.close();
    }
}
