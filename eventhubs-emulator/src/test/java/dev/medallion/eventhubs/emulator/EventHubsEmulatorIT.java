package dev.medallion.eventhubs.emulator;

import static dev.medallion.eventhubs.emulator.SdkClients.builder;
import static dev.medallion.eventhubs.emulator.SdkClients.read;
import static dev.medallion.eventhubs.emulator.SdkClients.readAvailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.EventHubProperties;
import com.azure.messaging.eventhubs.PartitionProperties;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.models.ReceiveOptions;
import com.azure.messaging.eventhubs.models.SendOptions;

/**
 * The real {@code azure-messaging-eventhubs} SDK against the emulator: publishing (batches, partition keys, explicit
 * partitions), reading back by every kind of position, hub and partition properties, consumer groups, errors. Each
 * test uses its own hub so they do not see each other's events.
 */
class EventHubsEmulatorIT {
    private static EventHubsEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = EventHubsEmulator.builder()
                .hub("batches", 2)
                .hub("keys", 4)
                .hub("positions", 1)
                .hub("properties", 3)
                .hub("groups", 2)
                .consumerGroup("groups", "analytics")
                .hub("lastenqueued", 1)
                .hub("large", 1)
                .build().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static EventHubProducerClient producer(String hub) {
        return builder(emulator.connectionString(hub)).buildProducerClient();
    }

    private static EventHubConsumerClient consumer(String hub, String group) {
        return builder(emulator.connectionString(hub), group).buildConsumerClient();
    }

    private static List<String> bodies(List<PartitionEvent> events) {
        return events.stream().map(e -> e.getData().getBodyAsString()).toList();
    }

    @Test
    void aBatchSentToOnePartitionIsReadBackInOrderWithItsPropertiesAndSystemProperties() {
        try (EventHubProducerClient producer = producer("batches");
             EventHubConsumerClient consumer = consumer("batches", "$Default")) {
            EventDataBatch batch = producer.createBatch(new CreateBatchOptions().setPartitionId("1"));
            for (int i = 0; i < 50; i++) {
                EventData event = new EventData("order-" + i);
                event.getProperties().put("index", i);
                event.getProperties().put("source", "it");
                event.setContentType("text/plain");
                assertThat(batch.tryAdd(event)).isTrue();
            }
            Instant before = Instant.now().minusSeconds(1);
            producer.send(batch);

            List<PartitionEvent> events = read(consumer, "1", 50, EventPosition.earliest());
            assertThat(bodies(events)).containsExactlyElementsOf(
                    IntStream.range(0, 50).mapToObj(i -> "order-" + i).toList());
            for (int i = 0; i < 50; i++) {
                EventData data = events.get(i).getData();
                assertThat(events.get(i).getPartitionContext().getPartitionId()).isEqualTo("1");
                assertThat(data.getSequenceNumber()).isEqualTo(i);
                assertThat(data.getProperties()).containsEntry("index", i).containsEntry("source", "it");
                assertThat(data.getContentType()).isEqualTo("text/plain");
                assertThat(data.getEnqueuedTime()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
                assertThat(data.getPartitionKey()).isNull();
                if (i > 0) {
                    assertThat(Long.parseLong(data.getOffsetString()))
                            .isGreaterThan(Long.parseLong(events.get(i - 1).getData().getOffsetString()));
                }
            }
            assertThat(readAvailable(consumer, "0", 10, EventPosition.earliest(), Duration.ofMillis(500)))
                    .as("nothing went to partition 0").isEmpty();
        }
    }

    @Test
    void eventsWithOnePartitionKeyLandOnOnePartitionAndCarryTheKey() {
        try (EventHubProducerClient producer = producer("keys");
             EventHubConsumerClient consumer = consumer("keys", "$Default")) {
            for (String key : List.of("alice", "bob", "carol", "dave", "erin", "frank")) {
                List<EventData> events = IntStream.range(0, 5).mapToObj(i -> new EventData(key + "-" + i)).toList();
                producer.send(events, new SendOptions().setPartitionKey(key));
            }
            int total = 0;
            for (String partition : producer.getPartitionIds()) {
                long count = producer.getPartitionProperties(partition).getLastEnqueuedSequenceNumber() + 1;
                List<PartitionEvent> events = read(consumer, partition, (int) count, EventPosition.earliest());
                total += events.size();
                for (PartitionEvent e : events) {
                    String key = e.getData().getPartitionKey();
                    assertThat(e.getData().getBodyAsString()).startsWith(key + "-");
                }
                // all five events of a key are on this one partition, in order
                Set<String> keys = events.stream().map(e -> e.getData().getPartitionKey()).collect(Collectors.toSet());
                for (String key : keys) {
                    assertThat(events.stream().filter(e -> key.equals(e.getData().getPartitionKey()))
                            .map(e -> e.getData().getBodyAsString()).toList())
                            .containsExactly(key + "-0", key + "-1", key + "-2", key + "-3", key + "-4");
                }
            }
            assertThat(total).isEqualTo(30);
        }
    }

    @Test
    void readsFromEveryKindOfPosition() {
        try (EventHubProducerClient producer = producer("positions");
             EventHubConsumerClient consumer = consumer("positions", "$Default")) {
            for (int i = 0; i < 10; i++) {
                producer.send(List.of(new EventData("e" + i)), new SendOptions().setPartitionId("0"));
            }
            List<PartitionEvent> all = read(consumer, "0", 10, EventPosition.earliest());
            assertThat(bodies(all)).containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9");

            assertThat(bodies(read(consumer, "0", 4, EventPosition.fromSequenceNumber(5, true))))
                    .containsExactly("e5", "e6", "e7", "e8");
            assertThat(bodies(read(consumer, "0", 4, EventPosition.fromSequenceNumber(5, false))))
                    .containsExactly("e6", "e7", "e8", "e9");
            assertThat(bodies(read(consumer, "0", 2, EventPosition.fromSequenceNumber(5))))
                    .as("fromSequenceNumber(n) is exclusive").containsExactly("e6", "e7");

            String offsetOfE3 = all.get(3).getData().getOffsetString();
            assertThat(bodies(read(consumer, "0", 2, EventPosition.fromOffsetString(offsetOfE3))))
                    .as("offsets are exclusive").containsExactly("e4", "e5");

            Instant e7Time = all.get(7).getData().getEnqueuedTime();
            List<PartitionEvent> fromTime = read(consumer, "0", 1, EventPosition.fromEnqueuedTime(e7Time));
            assertThat(fromTime.get(0).getData().getEnqueuedTime()).isAfter(e7Time);
            Instant beforeAll = all.get(0).getData().getEnqueuedTime().minusMillis(1);
            assertThat(bodies(read(consumer, "0", 1, EventPosition.fromEnqueuedTime(beforeAll))))
                    .containsExactly("e0");

            assertThat(readAvailable(consumer, "0", 10, EventPosition.latest(), Duration.ofSeconds(1)))
                    .as("latest: only events sent after the reader started").isEmpty();
            assertThat(readAvailable(consumer, "0", 10, EventPosition.fromSequenceNumber(9), Duration.ofSeconds(1)))
                    .as("after the last event").isEmpty();
        }
    }

    @Test
    void reportsHubAndPartitionProperties() {
        try (EventHubProducerClient producer = producer("properties")) {
            EventHubProperties hub = producer.getEventHubProperties();
            assertThat(hub.getName()).isEqualTo("properties");
            assertThat(hub.getPartitionIds()).containsExactly("0", "1", "2");
            assertThat(hub.getCreatedAt()).isBefore(Instant.now().plusSeconds(1));

            PartitionProperties empty = producer.getPartitionProperties("2");
            assertThat(empty.getEventHubName()).isEqualTo("properties");
            assertThat(empty.getId()).isEqualTo("2");
            assertThat(empty.isEmpty()).isTrue();
            assertThat(empty.getBeginningSequenceNumber()).isZero();
            assertThat(empty.getLastEnqueuedSequenceNumber()).isEqualTo(-1);

            Instant before = Instant.now().minusSeconds(1);
            producer.send(List.of(new EventData("a"), new EventData("b"), new EventData("c")),
                    new SendOptions().setPartitionId("2"));
            PartitionProperties filled = producer.getPartitionProperties("2");
            assertThat(filled.isEmpty()).isFalse();
            assertThat(filled.getBeginningSequenceNumber()).isZero();
            assertThat(filled.getLastEnqueuedSequenceNumber()).isEqualTo(2);
            assertThat(Long.parseLong(filled.getLastEnqueuedOffset())).isPositive();
            assertThat(filled.getLastEnqueuedTime()).isAfter(before);
        }
    }

    @Test
    void everyConsumerGroupSeesEveryEvent() {
        try (EventHubProducerClient producer = producer("groups");
             EventHubConsumerClient defaultGroup = consumer("groups", "$Default");
             EventHubConsumerClient analytics = consumer("groups", "analytics")) {
            producer.send(List.of(new EventData("x"), new EventData("y")), new SendOptions().setPartitionId("0"));
            assertThat(bodies(read(defaultGroup, "0", 2, EventPosition.earliest()))).containsExactly("x", "y");
            assertThat(bodies(read(analytics, "0", 2, EventPosition.earliest()))).containsExactly("x", "y");
            assertThat(bodies(read(defaultGroup, "0", 2, EventPosition.earliest())))
                    .as("reading does not consume").containsExactly("x", "y");
        }
    }

    @Test
    void anUnknownConsumerGroupIsAClearNotFoundError() {
        try (EventHubConsumerClient unknown = consumer("groups", "nobody")) {
            assertThatThrownBy(() -> readAvailable(unknown, "0", 1, EventPosition.earliest(), Duration.ofSeconds(10)))
                    .satisfies(e -> assertNotFound(e, "nobody"));
        }
    }

    @Test
    void anUnknownHubIsAClearNotFoundError() {
        String cs = emulator.namespaceConnectionString();
        try (EventHubProducerClient producer = builder(cs).eventHubName("nosuchhub").buildProducerClient()) {
            assertThatThrownBy(producer::getEventHubProperties).satisfies(e -> assertNotFound(e, "nosuchhub"));
            assertThatThrownBy(() -> producer.send(List.of(new EventData("lost"))))
                    .satisfies(e -> assertNotFound(e, "nosuchhub"));
        }
        try (EventHubConsumerClient consumer = builder(cs, "$Default").eventHubName("nosuchhub")
                .buildConsumerClient()) {
            assertThatThrownBy(() -> readAvailable(consumer, "0", 1, EventPosition.earliest(), Duration.ofSeconds(10)))
                    .satisfies(e -> assertNotFound(e, "nosuchhub"));
        }
    }

    @Test
    void aFullOneMegabyteBatchOfLargeEventsRoundTrips() {
        try (EventHubProducerClient producer = producer("large");
             EventHubConsumerClient consumer = consumer("large", "$Default")) {
            EventDataBatch batch = producer.createBatch();
            assertThat(batch.getMaxSizeInBytes()).as("the link's max message size").isEqualTo(1024 * 1024);
            int added = 0;
            while (true) {
                byte[] body = new byte[100_000];
                Arrays.fill(body, (byte) ('a' + added));
                if (!batch.tryAdd(new EventData(body))) {
                    break;
                }
                added++;
            }
            assertThat(added).isBetween(9, 10);
            producer.send(batch);
            List<PartitionEvent> events = read(consumer, "0", added, EventPosition.earliest());
            for (int i = 0; i < added; i++) {
                byte[] body = events.get(i).getData().getBody();
                assertThat(body).hasSize(100_000);
                assertThat(body[0]).isEqualTo((byte) ('a' + i));
                assertThat(body[99_999]).isEqualTo((byte) ('a' + i));
            }
        }
    }

    @Test
    void tracksLastEnqueuedEventPropertiesWhenAsked() {
        try (EventHubProducerClient producer = producer("lastenqueued");
             EventHubConsumerClient consumer = builder(emulator.connectionString("lastenqueued"), "$Default")
                     .buildConsumerClient()) {
            producer.send(List.of(new EventData("1"), new EventData("2"), new EventData("3")));
            List<PartitionEvent> events = new ArrayList<>();
            consumer.receiveFromPartition("0", 1, EventPosition.earliest(), Duration.ofSeconds(30),
                    new ReceiveOptions()
                            .setTrackLastEnqueuedEventProperties(true)).forEach(events::add);
            assertThat(events).hasSize(1);
            var last = events.get(0).getLastEnqueuedEventProperties();
            assertThat(last).isNotNull();
            assertThat(last.getSequenceNumber()).isEqualTo(2);
            assertThat(last.getEnqueuedTime()).isNotNull();
        }
    }

    private static void assertNotFound(Throwable thrown, String name) {
        Throwable e = thrown;
        while (e != null && !(e instanceof AmqpException)) {
            e = e.getCause();
        }
        assertThat(e).as("an AmqpException in " + thrown).isNotNull();
        assertThat(((AmqpException) e).getErrorCondition()).isEqualTo(AmqpErrorCondition.NOT_FOUND);
        assertThat(e.getMessage()).contains(name);
    }
}
