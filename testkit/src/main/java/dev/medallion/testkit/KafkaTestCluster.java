package dev.medallion.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A single-node KRaft Kafka (combined broker + controller) running in this JVM, on a random port, for tests.
 *
 * <p>Use it as a JUnit 5 extension ({@code @RegisterExtension static KafkaTestCluster kafka = new KafkaTestCluster();})
 * or as an {@link AutoCloseable} in try-with-resources. Starts in about 2 seconds.
 */
public final class KafkaTestCluster implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private final Map<String, Object> brokerProperties = new HashMap<>();
    private KafkaClusterTestKit cluster;
    private Admin admin;

    public KafkaTestCluster() {
        brokerProperties.put("offsets.topic.replication.factor", "1");
        brokerProperties.put("offsets.topic.num.partitions", "1");
        brokerProperties.put("transaction.state.log.replication.factor", "1");
        brokerProperties.put("transaction.state.log.min.isr", "1");
        brokerProperties.put("group.initial.rebalance.delay.ms", "0");
        brokerProperties.put("auto.create.topics.enable", "false");
    }

    /** Overrides a broker property; call before {@link #start()}. */
    public KafkaTestCluster withBrokerProperty(String key, Object value) {
        brokerProperties.put(key, value);
        return this;
    }

    /** Formats the log directory and starts the broker; returns when it accepts clients. */
    public KafkaTestCluster start() {
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            brokerProperties.forEach(builder::setConfigProp);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the in-process Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return requireStarted().bootstrapServers();
    }

    public Admin admin() {
        requireStarted();
        return admin;
    }

    public void createTopic(String topic, int partitions) {
        try {
            admin().createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not create topic " + topic, e.getCause());
        }
        // A producer that writes before the broker applied the partitions can lose its first batch (PartitionLeaders).
        PartitionLeaders.await(admin(), topic, partitions, Duration.ofSeconds(30));
    }

    /** A producer with byte array key and value serializers; the caller closes it. */
    public KafkaProducer<byte[], byte[]> producer(Map<String, Object> overrides) {
        return TestClients.producer(bootstrapServers(), overrides);
    }

    /** Sends string records (null keys allowed) and waits until all are acknowledged. */
    public void produce(String topic, List<Map.Entry<String, String>> keyValues) {
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Map.Entry<String, String> kv : keyValues) {
                sent.add(producer.send(new ProducerRecord<>(topic, TestClients.utf8(kv.getKey()),
                        TestClients.utf8(kv.getValue()))));
            }
            producer.flush();
            for (Future<RecordMetadata> future : sent) {
                future.get();   // a record the broker refused must fail the test here, not show up as missing later
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not produce to " + topic, e.getCause());
        }
    }

    /** Reads from the beginning of {@code topic} until {@code expected} records arrived or the timeout passed. */
    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expected, Duration timeout) {
        return TestClients.consume(bootstrapServers(), topic, expected, timeout, Map.of());
    }

    private KafkaClusterTestKit requireStarted() {
        if (cluster == null) {
            throw new IllegalStateException("The Kafka test cluster is not started");
        }
        return cluster;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                throw new IllegalStateException("Could not stop the in-process Kafka broker", e);
            } finally {
                cluster = null;
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }
}
