package dev.medallion.benchmarks.eventhubs.sink;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerAsyncClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import reactor.core.publisher.Mono;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The design's bridge without Connect: a Kafka consumer loop that, per poll, turns records into events with the same
 * properties the connector sets (headers, kafka.topic/partition/offset), fills one {@link EventDataBatch} after another
 * per Kafka partition (hub partition = Kafka partition modulo the hub's count, as the connector's kafka_partition
 * routing) and sends them with the SDK's async producer, all partitions at once, waiting for the acknowledgements
 * before the next poll (so offsets could be committed after them, like the connector).
 */
final class SdkProducerPeer implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final EventHubProducerAsyncClient producer;
    private final String topic;

    SdkProducerPeer(String bootstrapServers, String topic, String connectionString) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        this.producer = new EventHubClientBuilder().connectionString(connectionString).buildAsyncProducerClient();
    }

    /**
     * Sends every record of the topic, from the beginning, until {@code events} were acknowledged; answers the CPU
     * nanoseconds of the loop thread (read by the thread itself at its end, as a thread that ended has none to read).
     */
    long run(int events) throws InterruptedException {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        AtomicLong loopCpuNanos = new AtomicLong();
        Thread loop = new Thread(() -> {
            try {
                loop(events);
            } catch (RuntimeException e) {
                failure.set(e);
            } finally {
                loopCpuNanos.set(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
            }
        }, "sdk-peer");
        loop.start();
        loop.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return loopCpuNanos.get();
    }

    private void loop(int events) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        int hubPartitions = producer.getPartitionIds().collectList().block().size();
        long sent = 0;
        while (sent < events) {
            List<Mono<Void>> sends = new ArrayList<>();
            var records = consumer.poll(Duration.ofMillis(200));
            for (TopicPartition partition : records.partitions()) {
                CreateBatchOptions options = new CreateBatchOptions()
                        .setPartitionId(String.valueOf(partition.partition() % hubPartitions));
                EventDataBatch batch = producer.createBatch(options).block();
                for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                    EventData event = event(record);
                    if (!batch.tryAdd(event)) {
                        sends.add(producer.send(batch));
                        batch = producer.createBatch(options).block();
                        batch.tryAdd(event);
                    }
                }
                sends.add(producer.send(batch));
            }
            Mono.when(sends).block();
            sent += records.count();
        }
    }

    private static EventData event(ConsumerRecord<byte[], byte[]> record) {
        EventData event = new EventData(record.value());
        Map<String, Object> properties = event.getProperties();
        for (Header header : record.headers()) {
            properties.put(header.key(), new String(header.value(), java.nio.charset.StandardCharsets.UTF_8));
        }
        properties.put("kafka.topic", record.topic());
        properties.put("kafka.partition", record.partition());
        properties.put("kafka.offset", record.offset());
        return event;
    }

    @Override
    public void close() {
        consumer.close();
        producer.close();
    }
}
