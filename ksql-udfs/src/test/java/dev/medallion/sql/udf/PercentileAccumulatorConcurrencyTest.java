package dev.medallion.sql.udf;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A checkpoint may serialize an accumulator on Flink's asynchronous snapshot thread while the task thread still adds to
 * it; serializing compresses the digest in place, so both must never run at once.
 */
class PercentileAccumulatorConcurrencyTest {

    @Test
    void serializingWhileAnotherThreadAddsNeverCorruptsTheDigest() throws Exception {
        PercentileAccumulator accumulator = new PercentileAccumulator();
        accumulator.quantile(0.95);
        AtomicBoolean adding = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread taskThread = new Thread(() -> {
            try {
                for (long i = 0; adding.get(); i++) {
                    accumulator.add((i * 7919) % 10_000);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        taskThread.start();
        try {
            for (int snapshot = 0; snapshot < 20_000 && failure.get() == null; snapshot++) {
                PercentileAccumulator copy = PercentileAccumulator.fromBytes(accumulator.toBytes());
                assertThat(copy.quantile()).isEqualTo(0.95);
                if (copy.size() > 0) {
                    assertThat(copy.estimate(0.5)).isBetween(0.0, 10_000.0);
                }
            }
        } finally {
            adding.set(false);
            taskThread.join();
        }
        assertThat(failure.get()).as("the adding thread").isNull();
    }
}
