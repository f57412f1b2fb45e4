package dev.medallion.eventhubs.emulator;

import static dev.medallion.eventhubs.emulator.SdkClients.await;
import static dev.medallion.eventhubs.emulator.SdkClients.builder;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.EventProcessorClient;
import com.azure.messaging.eventhubs.EventProcessorClientBuilder;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.SendOptions;

/**
 * The SDK's EventProcessorClient (partition load balancing with owner levels, checkpoints) reads every partition of
 * the emulator, and a second processor started after a checkpoint resumes where the first left off.
 */
class EventProcessorIT {

    @Test
    void aProcessorReadsEveryPartitionAndASuccessorResumesFromTheCheckpoints() {
        try (EventHubsEmulator emulator = EventHubsEmulator.builder().hub("processed", 3).build().start();
             EventHubProducerClient producer = builder(emulator.connectionString("processed")).buildProducerClient()) {
            InMemoryCheckpointStore store = new InMemoryCheckpointStore();
            for (String partition : List.of("0", "1", "2")) {
                producer.send(IntStream.range(0, 10).mapToObj(i -> new EventData(partition + ":" + i)).toList(),
                        new SendOptions().setPartitionId(partition));
            }

            Map<String, List<String>> first = runUntil(emulator, store, 30);
            assertThat(first.keySet()).containsExactlyInAnyOrder("0", "1", "2");
            for (String partition : List.of("0", "1", "2")) {
                assertThat(first.get(partition)).containsExactlyElementsOf(
                        IntStream.range(0, 10).mapToObj(i -> partition + ":" + i).toList());
            }

            for (String partition : List.of("0", "1", "2")) {
                producer.send(List.of(new EventData(partition + ":late")), new SendOptions().setPartitionId(partition));
            }
            Map<String, List<String>> second = runUntil(emulator, store, 3);
            for (String partition : List.of("0", "1", "2")) {
                assertThat(second.get(partition)).as("only what came after the checkpoint")
                        .containsExactly(partition + ":late");
            }
        }
    }

    private static Map<String, List<String>> runUntil(EventHubsEmulator emulator, InMemoryCheckpointStore store,
                                                      int expected) {
        Map<String, List<String>> received = new ConcurrentHashMap<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        // stop() can return while a partition pump still delivers: an event that reaches this processor after it was
        // told to stop must neither count nor move the checkpoint, or its successor starts past it (seen under load).
        AtomicBoolean running = new AtomicBoolean(true);
        EventProcessorClient processor = new EventProcessorClientBuilder()
                .connectionString(emulator.connectionString("processed"))
                .consumerGroup("$Default")
                .retryOptions(SdkClients.quickRetries())
                .checkpointStore(store)
                // without a checkpoint, start at the beginning (the SDK's default is the end of the partition)
                .initialPartitionEventPosition(partition -> EventPosition.earliest())
                .loadBalancingUpdateInterval(Duration.ofSeconds(1))
                // A successor must not wait the SDK's default 2 minutes for ownership its stopped predecessor may not
                // have relinquished (stop() does not always release every claim before the client closes).
                .partitionOwnershipExpirationInterval(Duration.ofSeconds(5))
                .processEvent(context -> {
                    if (!running.get()) {
                        return;
                    }
                    received.computeIfAbsent(context.getPartitionContext().getPartitionId(),
                            p -> Collections.synchronizedList(new ArrayList<>()))
                            .add(context.getEventData().getBodyAsString());
                    context.updateCheckpoint();
                })
                .processError(context -> errors.add(context.getThrowable()))
                .buildEventProcessorClient();
        processor.start();
        try {
            await(Duration.ofSeconds(90), () -> expected + " events through the processor (received " + received
                    + ", processor errors " + errors + ", store " + store + ")",
                    () -> received.values().stream().mapToInt(List::size).sum() >= expected);
        } finally {
            running.set(false);
            processor.stop();
        }
        assertThat(received.values().stream().mapToInt(List::size).sum()).isEqualTo(expected);
        return received;
    }
}
