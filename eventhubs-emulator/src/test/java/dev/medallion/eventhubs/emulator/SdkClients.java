package dev.medallion.eventhubs.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.models.SendOptions;

/** Builds real SDK clients for the emulator, with retries quick enough for tests, and small waiting helpers. */
final class SdkClients {

    private SdkClients() {
    }

    static AmqpRetryOptions quickRetries() {
        return new AmqpRetryOptions().setMode(AmqpRetryMode.FIXED).setDelay(Duration.ofMillis(200))
                .setMaxRetries(20).setTryTimeout(Duration.ofSeconds(20));
    }

    static EventHubClientBuilder builder(String connectionString) {
        return new EventHubClientBuilder().connectionString(connectionString).retryOptions(quickRetries());
    }

    static EventHubClientBuilder builder(String connectionString, String consumerGroup) {
        return builder(connectionString).consumerGroup(consumerGroup);
    }

    /** Reads exactly {@code count} events (fails if fewer arrive within 30 s). */
    static List<PartitionEvent> read(EventHubConsumerClient consumer, String partitionId, int count,
                                     EventPosition position) {
        List<PartitionEvent> events = new ArrayList<>();
        // The synchronous receive returns as soon as count events arrived, or at the timeout with fewer.
        consumer.receiveFromPartition(partitionId, count, position, Duration.ofSeconds(30)).forEach(events::add);
        if (events.size() != count) {
            throw new AssertionError("Expected " + count + " events from partition " + partitionId + " at "
                    + position + ", got " + events.size());
        }
        return events;
    }

    /** Reads whatever arrives within {@code wait} (for asserting that nothing more comes). */
    static List<PartitionEvent> readAvailable(EventHubConsumerClient consumer, String partitionId, int max,
                                              EventPosition position, Duration wait) {
        List<PartitionEvent> events = new ArrayList<>();
        consumer.receiveFromPartition(partitionId, max, position, wait).forEach(events::add);
        return events;
    }

    /**
     * Sends again when the send raced the SDK's own discovery of a connection the emulator closed. Such a send fails
     * before any transfer (so a retry cannot duplicate; callers assert the sequence numbers) and the SDK does not retry
     * it itself. Applications see the same on a real namespace.
     */
    static void sendAcrossReconnect(EventHubProducerClient producer, List<EventData> events, SendOptions options) {
        callAcrossReconnect(() -> {
            producer.send(events, options);
            return null;
        });
    }

    /** Runs a request right after the emulator restarted, once more (up to 3 attempts) on a stale-connection failure. */
    static <T> T callAcrossReconnect(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (attempt >= 3 || !failedOnAStaleConnection(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * The four ways the SDK reports using a connection that already died: its RequestResponseChannelClosedException,
     * a session that "completed without being active", a send link "disposed" under the sender, and a send link it
     * could not open on a session that had closed (seen in a CI run right after {@code restart()}).
     */
    private static boolean failedOnAStaleConnection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t.getClass().getSimpleName().equals("RequestResponseChannelClosedException")
                    || message.contains("Session completed without being active")
                    || message.contains("when disposed")
                    || message.contains("Cannot create send link from a closed session")) {
                return true;
            }
        }
        return false;
    }

    static void await(Duration timeout, String what, BooleanSupplier condition) {
        await(timeout, () -> what, condition);
    }

    /** Like {@link #await(Duration, String, BooleanSupplier)}, describing the state at the timeout. */
    static void await(Duration timeout, Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + what.get(), e);
            }
        }
    }
}
