package dev.medallion.delta.sink;

import dev.medallion.testkit.KafkaTestCluster;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes {@link SequencedEvents} (seq 0, 1, 2, ...) to a topic in paced batches on its own thread, so that a drill's
 * faults land in a flowing stream; {@link #stop()} says how many it wrote.
 */
final class SteadyProducer implements AutoCloseable {
    private final KafkaTestCluster kafka;
    private final String topic;
    private final AtomicLong produced = new AtomicLong();
    private final AtomicBoolean producing = new AtomicBoolean();
    private Thread thread;

    SteadyProducer(KafkaTestCluster kafka, String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    /** Produces {@code batch} events every {@code pauseMillis} until {@link #stop}. */
    void start(int batch, long pauseMillis) {
        producing.set(true);
        thread = new Thread(() -> produce(batch, pauseMillis), topic + "-producer");
        thread.start();
    }

    /** Stops producing and returns how many events were written (seq 0 to that count - 1). */
    long stop() throws InterruptedException {
        producing.set(false);
        if (thread != null) {
            thread.join();
        }
        return produced.get();
    }

    private void produce(int batch, long pauseMillis) {
        try (KafkaProducer<byte[], byte[]> out = kafka.producer(Map.of())) {
            while (producing.get()) {
                long from = produced.get();
                SequencedEvents.produce(out, topic, from, from + batch);
                produced.set(from + batch);
                // Pacing, not waiting for a condition: the stream must still flow when the drill strikes.
                Thread.sleep(pauseMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
