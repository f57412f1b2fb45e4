package dev.medallion.benchmarks.source;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.ReceiveOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.Disposable;

/**
 * A second peer: the SDK's async consumer writing every event to Kafka with a plain {@link KafkaProducer} (same
 * producer settings as the connector's, the same four metadata headers as bytes unless the run leaves them out,
 * Kafka partition = Event Hubs partition). Against it the connector's ratio shows what the Connect worker itself
 * costs, apart from the broker and the producer that any Event Hubs-to-Kafka path pays. Rate from the first event received to the last acknowledged.
 */
final class SdkToKafkaPeer {
    private SdkToKafkaPeer() {
    }

    static double rate(String connectionString, int partitions, int total, int prefetch, String bootstrapServers,
                       String topic, String compression, boolean metadataHeaders) throws InterruptedException {
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 524_288,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, compression,
                ProducerConfig.ACKS_CONFIG, "all");
        EventHubConsumerAsyncClient client = new EventHubClientBuilder().connectionString(connectionString)
                .consumerGroup("$Default").prefetchCount(prefetch).buildAsyncConsumerClient();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong first = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        List<Disposable> subscriptions = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int p = 0; p < partitions; p++) {
                int partition = p;
                byte[] partitionId = String.valueOf(p).getBytes(StandardCharsets.UTF_8);
                subscriptions.add(client.receiveFromPartition(String.valueOf(p), EventPosition.earliest(),
                                new ReceiveOptions().setTrackLastEnqueuedEventProperties(false))
                        .subscribe(event -> {
                            first.compareAndSet(0, System.nanoTime());
                            EventData data = event.getData();
                            RecordHeaders headers = new RecordHeaders();
                            if (metadataHeaders) {
                                headers.add("eventhubs.sequence.number",
                                        ascii(Long.toString(data.getSequenceNumber())));
                                headers.add("eventhubs.offset", ascii(data.getOffsetString()));
                                headers.add("eventhubs.enqueued.time",
                                        ascii(Long.toString(data.getEnqueuedTime().toEpochMilli())));
                                headers.add("eventhubs.partition.id", partitionId);
                            }
                            producer.send(new ProducerRecord<>(topic, partition, data.getEnqueuedTime().toEpochMilli(),
                                    null, data.getBody(), headers), (metadata, error) -> {
                                        if (error == null && acknowledged.incrementAndGet() == total) {
                                            done.countDown();
                                        }
                                    });
                        }));
            }
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("SDK + producer wrote only " + acknowledged.get() + " of " + total);
            }
            return (total - 1) / (Math.max(1, System.nanoTime() - first.get()) / 1e9);
        } finally {
            subscriptions.forEach(Disposable::dispose);
            client.close();
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
