package dev.medallion.eventhubs.emulator;

import static dev.medallion.eventhubs.emulator.SdkClients.builder;
import static dev.medallion.eventhubs.emulator.SdkClients.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.PartitionProperties;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.models.SendOptions;

/** The per-partition byte cap drops the oldest events and moves the begin sequence number, as retention does. */
class RetentionIT {

    @Test
    void theOldestEventsAreDroppedPastTheCap() {
        // Each event is a 1000-byte body plus about 100 bytes of AMQP framing and annotations.
        try (EventHubsEmulator emulator = EventHubsEmulator.builder().hub("capped", 1)
                .retentionBytesPerPartition(10_000).build().start();
             EventHubProducerClient producer = builder(emulator.connectionString("capped")).buildProducerClient();
             EventHubConsumerClient consumer = builder(emulator.connectionString("capped"), "$Default")
                     .buildConsumerClient()) {
            byte[] body = new byte[1000];
            for (int i = 0; i < 30; i++) {
                EventData event = new EventData(body);
                event.getProperties().put("i", i);
                producer.send(List.of(event), new SendOptions().setPartitionId("0"));
            }
            PartitionProperties p = producer.getPartitionProperties("0");
            assertThat(p.getLastEnqueuedSequenceNumber()).isEqualTo(29);
            long begin = p.getBeginningSequenceNumber();
            assertThat(begin).as("some events were dropped").isGreaterThan(15).isLessThan(29);

            int retained = (int) (29 - begin + 1);
            List<PartitionEvent> events = read(consumer, "0", retained, EventPosition.earliest());
            assertThat(events.stream().map(e -> e.getData().getSequenceNumber()).toList())
                    .containsExactlyElementsOf(IntStream.rangeClosed((int) begin, 29).mapToObj(Long::valueOf)
                            .toList());
            assertThat(events.get(0).getData().getProperties()).containsEntry("i", (int) begin);

            // a reader asking for a dropped event starts at the oldest retained one
            List<PartitionEvent> fromDropped = read(consumer, "0", 1, EventPosition.fromSequenceNumber(0, true));
            assertThat(fromDropped.get(0).getData().getSequenceNumber()).isEqualTo(begin);
        }
    }
}
