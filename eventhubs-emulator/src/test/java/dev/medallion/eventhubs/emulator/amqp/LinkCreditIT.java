package dev.medallion.eventhubs.emulator.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.SendOptions;

import dev.medallion.eventhubs.emulator.EventHubsEmulator;

/** A consumer link gets exactly as many events as the credit it grants, no more, then more when it grants more. */
class LinkCreditIT {

    @Test
    void deliversNoMoreThanTheGrantedCredit() throws Exception {
        try (EventHubsEmulator emulator = EventHubsEmulator.builder().hub("credit", 1).build().start();
             EventHubProducerClient producer = new EventHubClientBuilder()
                     .connectionString(emulator.connectionString("credit")).buildProducerClient();
             RawAmqpClient client = new RawAmqpClient(emulator.port())) {
            producer.send(IntStream.range(0, 10).mapToObj(i -> new EventData("e" + i)).toList(),
                    new SendOptions().setPartitionId("0"));

            client.openReceiver("credit/ConsumerGroups/$Default/Partitions/0");
            client.flow(3);
            assertThat(client.pump(Duration.ofSeconds(30), () -> client.received().size() >= 3))
                    .as("3 events; client %s", client.state()).isTrue();
            // Without more credit nothing else may arrive (a slow machine only makes this check weaker).
            client.pump(Duration.ofMillis(500), () -> false);
            assertThat(client.received()).hasSize(3);

            client.flow(4);
            assertThat(client.pump(Duration.ofSeconds(30), () -> client.received().size() >= 7)).isTrue();
            client.pump(Duration.ofMillis(500), () -> false);
            assertThat(client.received()).hasSize(7);
            List<Object> sequenceNumbers = client.received().stream()
                    .map(m -> client.annotation(m, "x-opt-sequence-number")).toList();
            assertThat(sequenceNumbers).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        }
    }
}
