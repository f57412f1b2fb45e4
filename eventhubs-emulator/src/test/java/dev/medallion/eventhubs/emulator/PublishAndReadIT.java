package dev.medallion.eventhubs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.EventHubProperties;
import com.azure.messaging.eventhubs.PartitionProperties;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;

/** The real SDK publishes to and reads back from the emulator. */
class PublishAndReadIT {
    private static EventHubsEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = EventHubsEmulator.builder().hub("orders", 2).build().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void publishesABatchToAPartitionAndReadsItBackFromEarliest() {
        String cs = emulator.connectionString("orders");
        try (EventHubProducerClient producer = new EventHubClientBuilder().connectionString(cs).buildProducerClient();
             EventHubConsumerClient consumer = new EventHubClientBuilder().connectionString(cs)
                     .consumerGroup("$Default").buildConsumerClient()) {
            EventHubProperties hub = producer.getEventHubProperties();
            assertThat(hub.getName()).isEqualTo("orders");
            assertThat(hub.getPartitionIds()).containsExactly("0", "1");

            EventDataBatch batch = producer.createBatch(new CreateBatchOptions().setPartitionId("1"));
            for (int i = 0; i < 3; i++) {
                EventData event = new EventData("order-" + i);
                event.getProperties().put("n", i);
                assertThat(batch.tryAdd(event)).isTrue();
            }
            producer.send(batch);

            PartitionProperties p = producer.getPartitionProperties("1");
            assertThat(p.getLastEnqueuedSequenceNumber()).isEqualTo(2);
            assertThat(p.isEmpty()).isFalse();

            List<String> bodies = new ArrayList<>();
            for (PartitionEvent e : consumer.receiveFromPartition("1", 3, EventPosition.earliest(),
                    Duration.ofSeconds(30))) {
                bodies.add(e.getData().getBodyAsString());
                assertThat(e.getData().getProperties()).containsKey("n");
            }
            assertThat(bodies).containsExactly("order-0", "order-1", "order-2");
        }
    }
}
