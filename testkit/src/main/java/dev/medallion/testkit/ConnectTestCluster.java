package dev.medallion.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A Kafka Connect cluster in distributed mode (plus its own KRaft broker) running in this JVM, with this build's plugin
 * folders on {@code plugin.path}. Plugins load through Connect's isolated plugin class loaders, as on a real worker.
 *
 * <p>JUnit 5: {@code @RegisterExtension static ConnectTestCluster connect = ConnectTestCluster.builder().build();}.
 * Uses {@code plugin.discovery=service_load}, so every plugin jar must ship {@code META-INF/services} entries.
 */
public final class ConnectTestCluster implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private final String name;
    private final int workers;
    private final Map<String, String> workerProperties;
    private final Properties brokerProperties;
    private EmbeddedConnectCluster cluster;
    private ConnectRestClient rest;

    private ConnectTestCluster(Builder builder) {
        this.name = builder.name;
        this.workers = builder.workers;
        this.workerProperties = new HashMap<>(builder.workerProperties);
        this.brokerProperties = builder.brokerProperties;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the broker and the workers; returns when the REST API answers. */
    public ConnectTestCluster start() {
        cluster = new EmbeddedConnectCluster.Builder()
                .name(name)
                .numWorkers(workers)
                .numBrokers(1)
                .brokerProps(brokerProperties)
                .workerProps(workerProperties)
                .maskExitProcedures(true)
                .build();
        cluster.start();
        rest = new ConnectRestClient(cluster.endpointForResource(""));
        Await.untilValue(Duration.ofSeconds(60), "Connect REST API of " + name, () -> rest.connectorPlugins(true));
        return this;
    }

    public ConnectRestClient rest() {
        requireStarted();
        return rest;
    }

    /** The underlying cluster, for worker-level operations (add/remove workers, stop brokers). */
    public EmbeddedConnectCluster embedded() {
        return requireStarted();
    }

    public EmbeddedKafkaCluster kafka() {
        return requireStarted().kafka();
    }

    public String bootstrapServers() {
        return kafka().bootstrapServers();
    }

    /** Creates the topic and returns once the broker serves every partition (see {@link PartitionLeaders}). */
    public void createTopic(String topic, int partitions) {
        kafka().createTopic(topic, partitions);
        try (Admin admin = kafka().createAdminClient()) {
            PartitionLeaders.await(admin, topic, partitions, Duration.ofSeconds(30));
        }
    }

    public KafkaProducer<byte[], byte[]> producer(Map<String, Object> overrides) {
        return TestClients.producer(bootstrapServers(), overrides);
    }

    /** Reads {@code topic} from the beginning until {@code expected} records arrived or the timeout passed. */
    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expected, Duration timeout) {
        return TestClients.consume(bootstrapServers(), topic, expected, timeout, Map.of());
    }

    /** Stops every worker and starts the same number again, as after a crash of the whole Connect cluster. */
    public void restartWorkers() {
        EmbeddedConnectCluster connect = requireStarted();
        List<org.apache.kafka.connect.util.clusters.WorkerHandle> before = new ArrayList<>(connect.workers());
        for (int i = 0; i < before.size(); i++) {
            connect.addWorker();
        }
        before.forEach(connect::removeWorker);
        rest = new ConnectRestClient(connect.endpointForResource(""));
    }

    private EmbeddedConnectCluster requireStarted() {
        if (cluster == null) {
            throw new IllegalStateException("The Connect test cluster is not started");
        }
        return cluster;
    }

    @Override
    public void close() {
        if (cluster != null) {
            try {
                cluster.stop();
            } finally {
                cluster = null;
                rest = null;
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

    /** Builds a {@link ConnectTestCluster}; defaults: 1 worker, this build's plugin folders, JSON converters. */
    public static final class Builder {
        private String name = "medallion-connect-it";
        private int workers = 1;
        private final Map<String, String> workerProperties = new HashMap<>();
        private final Properties brokerProperties = new Properties();
        private List<Path> pluginPath;

        private Builder() {
            TestWorkerDefaults.putInto(workerProperties);
            brokerProperties.put("auto.create.topics.enable", "false");
        }

        public Builder name(String clusterName) {
            this.name = clusterName;
            return this;
        }

        public Builder workers(int count) {
            this.workers = count;
            return this;
        }

        /** Plugin folders to install; defaults to {@link PluginPaths#fromBuild()}. */
        public Builder pluginPath(List<Path> folders) {
            this.pluginPath = List.copyOf(folders);
            return this;
        }

        public Builder workerProperty(String key, String value) {
            workerProperties.put(key, value);
            return this;
        }

        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(key, value);
            return this;
        }

        /**
         * Turns on KIP-618 exactly-once support for source connectors on every worker. The single test broker must
         * then host the transaction state log with one replica, or workers wait for it forever.
         */
        public Builder exactlyOnceSource() {
            brokerProperty("transaction.state.log.replication.factor", "1");
            brokerProperty("transaction.state.log.min.isr", "1");
            return workerProperty("exactly.once.source.support", "enabled");
        }

        public ConnectTestCluster build() {
            List<Path> folders = pluginPath != null ? pluginPath : PluginPaths.fromBuild();
            workerProperties.put("plugin.path",
                    folders.stream().map(Path::toString).collect(Collectors.joining(",")));
            return new ConnectTestCluster(this);
        }
    }
}
