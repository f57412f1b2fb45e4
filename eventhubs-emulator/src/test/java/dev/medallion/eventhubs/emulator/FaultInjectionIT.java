package dev.medallion.eventhubs.emulator;

import static dev.medallion.eventhubs.emulator.SdkClients.await;
import static dev.medallion.eventhubs.emulator.SdkClients.builder;
import static dev.medallion.eventhubs.emulator.SdkClients.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.models.ReceiveOptions;
import com.azure.messaging.eventhubs.models.SendOptions;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

/** Faults a connector must survive, injected into the emulator while the real SDK uses it. */
class FaultInjectionIT {
    private EventHubsEmulator emulator;

    @BeforeEach
    void start() {
        emulator = EventHubsEmulator.builder().hub("faults", 2).build().start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private static List<EventData> events(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> new EventData(prefix + i)).toList();
    }

    @Test
    void restartKeepsEventsAndThePortAndClientsReconnect() {
        String cs = emulator.connectionString("faults");
        int port = emulator.port();
        try (EventHubProducerClient producer = builder(cs).buildProducerClient()) {
            producer.send(events("before-", 0, 5), new SendOptions().setPartitionId("0"));

            emulator.restart();
            assertThat(emulator.port()).isEqualTo(port);

            // the same producer reconnects on its own
            SdkClients.sendAcrossReconnect(producer, events("after-", 0, 5), new SendOptions().setPartitionId("0"));
            assertThat(SdkClients.callAcrossReconnect(() -> producer.getPartitionProperties("0"))
                    .getLastEnqueuedSequenceNumber()).isEqualTo(9);
        }
        try (EventHubConsumerClient consumer = builder(cs, "$Default").buildConsumerClient()) {
            List<String> bodies = read(consumer, "0", 10, EventPosition.earliest()).stream()
                    .map(e -> e.getData().getBodyAsString()).toList();
            assertThat(bodies).containsExactly("before-0", "before-1", "before-2", "before-3", "before-4",
                    "after-0", "after-1", "after-2", "after-3", "after-4");
        }
    }

    /**
     * With the SDK's v2 receive stack a partition receive ends when its link dies (the EventProcessorClient and
     * our connector then open a new one), so the reader here does what they do: it resubscribes, with the same
     * client, after the last sequence number it saw. The SDK must see a transient AMQP error, and the reader must
     * get every event once, in order.
     */
    @Test
    void aConsumerReconnectsAndContinuesWithoutGapOrDuplicateAfterConnectionsAreDropped() {
        String cs = emulator.connectionString("faults");
        List<Long> received = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> linkErrors = Collections.synchronizedList(new ArrayList<>());
        AtomicLong last = new AtomicLong(-1);
        long droppedBefore = emulator.droppedConnections();
        try (EventHubConsumerAsyncClient consumer = builder(cs, "$Default").buildAsyncConsumerClient()) {
            Flux<PartitionEvent> resuming = Flux.defer(() -> consumer.receiveFromPartition("1",
                            last.get() < 0 ? EventPosition.earliest() : EventPosition.fromSequenceNumber(last.get())))
                    .doOnError(linkErrors::add)
                    .retryWhen(Retry.fixedDelay(100, Duration.ofMillis(200)))
                    .repeatWhen(completions -> completions.delayElements(Duration.ofMillis(200)));
            Disposable subscription = resuming.subscribe(e -> {
                received.add(e.getData().getSequenceNumber());
                last.set(e.getData().getSequenceNumber());
            });
            try {
                publish(cs, events("a", 0, 20));
                await(Duration.ofSeconds(30), "20 events before the drop", () -> received.size() >= 20);

                emulator.dropConnections();
                publish(cs, events("b", 0, 20));
                await(Duration.ofSeconds(60), "40 events after the drop", () -> received.size() >= 40);

                emulator.dropConnections();
                publish(cs, events("c", 0, 10));
                await(Duration.ofSeconds(60), "50 events after the second drop", () -> received.size() >= 50);
            } finally {
                subscription.dispose();
            }
            assertThat(received).containsExactlyElementsOf(LongStream.range(0, 50).boxed().toList());
            assertThat(linkErrors).as("each of the two drops ends the receive with one AMQP error").hasSize(2);
            assertThat(emulator.droppedConnections()).as("the consumer's connection, once per drop")
                    .isEqualTo(droppedBefore + 2);
            Throwable t = linkErrors.get(0);
            while (t != null && !(t instanceof AmqpException)) {
                t = t.getCause();
            }
            assertThat(t).as("an AmqpException in " + linkErrors.get(0)).isInstanceOf(AmqpException.class);
            assertThat(((AmqpException) t).isTransient()).isTrue();
        }
    }

    // A fresh producer per batch keeps the producer out of this test, which is about the reader.
    private static void publish(String connectionString, List<EventData> events) {
        try (EventHubProducerClient producer = builder(connectionString).buildProducerClient()) {
            producer.send(events, new SendOptions().setPartitionId("1"));
        }
    }

    @Test
    void throttlingDetachesAnOpenReceiverWithServerBusy() {
        String cs = emulator.connectionString("faults");
        List<Long> received = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        long turnedAwayBefore;
        try (EventHubConsumerAsyncClient consumer = builder(cs, "$Default").buildAsyncConsumerClient()) {
            publish(cs, events("t", 0, 3));
            turnedAwayBefore = emulator.throttledReceivers();
            Disposable subscription = consumer.receiveFromPartition("1", EventPosition.earliest())
                    .subscribe(e -> received.add(e.getData().getSequenceNumber()), errors::add);
            try {
                await(Duration.ofSeconds(30), "3 events before the throttle", () -> received.size() >= 3);
                emulator.throttle(Duration.ofSeconds(3));
                await(Duration.ofSeconds(30), "the open receiver to end", () -> !errors.isEmpty());
            } finally {
                subscription.dispose();
            }
        }
        Throwable t = errors.get(0);
        while (t != null && !(t instanceof AmqpException)) {
            t = t.getCause();
        }
        assertThat(t).as("an AmqpException in " + errors.get(0)).isInstanceOf(AmqpException.class);
        assertThat(((AmqpException) t).getErrorCondition()).isEqualTo(AmqpErrorCondition.SERVER_BUSY_ERROR);
        assertThat(((AmqpException) t).isTransient()).isTrue();
        assertThat(emulator.throttledReceivers()).as("the one open receiver, detached once; none reattached")
                .isEqualTo(turnedAwayBefore + 1);
    }

    @Test
    void throttlingAnswersServerBusyUntilItEnds() {
        String cs = emulator.connectionString("faults");
        AmqpRetryOptions noRetry = new AmqpRetryOptions().setMaxRetries(0).setTryTimeout(Duration.ofSeconds(20));
        try (EventHubProducerClient impatient = builder(cs).retryOptions(noRetry).buildProducerClient();
             EventHubProducerClient patient = builder(cs).buildProducerClient()) {
            impatient.send(List.of(new EventData("warm-up")), new SendOptions().setPartitionId("0"));

            emulator.throttle(Duration.ofSeconds(3));
            assertThatThrownBy(() -> impatient.send(List.of(new EventData("refused")),
                    new SendOptions().setPartitionId("0")))
                    .satisfies(e -> {
                        Throwable t = e;
                        while (t != null && !(t instanceof AmqpException)) {
                            t = t.getCause();
                        }
                        assertThat(t).isInstanceOf(AmqpException.class);
                        assertThat(((AmqpException) t).getErrorCondition())
                                .isEqualTo(AmqpErrorCondition.SERVER_BUSY_ERROR);
                        assertThat(((AmqpException) t).isTransient()).isTrue();
                    });

            try (EventHubConsumerClient consumer = builder(cs, "$Default").retryOptions(noRetry)
                    .buildConsumerClient()) {
                assertThatThrownBy(() -> SdkClients.readAvailable(consumer, "0", 1, EventPosition.earliest(),
                        Duration.ofSeconds(10)))
                        .satisfies(e -> {
                            Throwable t = e;
                            while (t != null && !(t instanceof AmqpException)) {
                                t = t.getCause();
                            }
                            assertThat(t).as("an AmqpException in " + e).isInstanceOf(AmqpException.class);
                            assertThat(((AmqpException) t).getErrorCondition())
                                    .isEqualTo(AmqpErrorCondition.SERVER_BUSY_ERROR);
                        });
            }

            // a client with retries gets through once the throttle ends
            patient.send(List.of(new EventData("accepted")), new SendOptions().setPartitionId("0"));
        }
        try (EventHubConsumerClient consumer = builder(cs, "$Default").buildConsumerClient()) {
            assertThat(read(consumer, "0", 2, EventPosition.earliest()).stream()
                    .map(e -> e.getData().getBodyAsString()).toList()).containsExactly("warm-up", "accepted");
        }
    }

    /** As on the service, a new reader with an equal or higher owner level pushes the current one out. */
    @ParameterizedTest(name = "owner level {0} then {1}")
    @CsvSource({"1, 2", "1, 1", "0, 0"})
    void anEqualOrHigherOwnerLevelTakesAPartitionOver(long firstLevel, long secondLevel) {
        String cs = emulator.connectionString("faults");
        try (EventHubProducerClient producer = builder(cs).buildProducerClient();
             EventHubConsumerAsyncClient first = builder(cs, "$Default").buildAsyncConsumerClient();
             EventHubConsumerAsyncClient second = builder(cs, "$Default").buildAsyncConsumerClient()) {
            List<Throwable> firstErrors = Collections.synchronizedList(new ArrayList<>());
            List<Long> secondReceived = Collections.synchronizedList(new ArrayList<>());
            Disposable a = first.receiveFromPartition("0", EventPosition.earliest(),
                            new ReceiveOptions().setOwnerLevel(firstLevel))
                    .subscribe(e -> { }, firstErrors::add);
            try {
                producer.send(events("o", 0, 3), new SendOptions().setPartitionId("0"));
                Disposable b = second.receiveFromPartition("0", EventPosition.earliest(),
                                new ReceiveOptions().setOwnerLevel(secondLevel))
                        .subscribe(e -> secondReceived.add(e.getData().getSequenceNumber()));
                try {
                    await(Duration.ofSeconds(30), "the first reader to be pushed out", () -> !firstErrors.isEmpty());
                    await(Duration.ofSeconds(30), "the second reader to read", () -> secondReceived.size() >= 3);
                } finally {
                    b.dispose();
                }
            } finally {
                a.dispose();
            }
            Throwable t = firstErrors.get(0);
            while (t != null && !(t instanceof AmqpException)) {
                t = t.getCause();
            }
            assertThat(t).isInstanceOf(AmqpException.class);
            assertThat(((AmqpException) t).getErrorCondition()).isEqualTo(AmqpErrorCondition.LINK_STOLEN);
        }
    }
}
