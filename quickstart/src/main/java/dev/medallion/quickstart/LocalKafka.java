package dev.medallion.quickstart;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * A single-node KRaft Kafka (combined broker + controller) on fixed localhost ports whose logs live under the data
 * directory, so a second run finds its topics, committed offsets and Connect state again.
 *
 * <p>The first start formats the log directory the way {@code kafka-storage.sh format} does (through the same
 * {@link StorageTool}); later starts skip formatting. The {@code server.properties} it runs with is written next to
 * the logs so it can be inspected.
 */
public final class LocalKafka implements AutoCloseable {
    private final Path logDir;
    private final int port;
    private KafkaRaftServer server;
    private Admin admin;

    public LocalKafka(Path logDir, int port) {
        this.logDir = logDir;
        this.port = port;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public LocalKafka start() {
        try {
            Files.createDirectories(logDir);
            Path config = logDir.resolve("server.properties");
            Properties props = serverProperties();
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "Written by the Medallion quickstart; the broker runs with these settings");
            }
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(config);
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
            awaitReady();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the Kafka log directory " + logDir, e);
        }
    }

    private Properties serverProperties() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@localhost:" + (port + 1));
        props.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + (port + 1));
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Every topic of the pipeline is created explicitly with its partition count; a typo must not make a new one.
        props.put("auto.create.topics.enable", "false");
        return props;
    }

    private void format(Path config) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString()}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IllegalStateException("Formatting the Kafka log directory " + logDir + " failed (exit " + code
                    + "): " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                admin.describeCluster().nodes().get();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Kafka", e);
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka on " + bootstrapServers() + " did not become ready in 60 s;"
                            + " is the port taken by another process?", e.getCause());
                }
            }
        }
    }

    public Admin admin() {
        return admin;
    }

    /** Creates the topics that do not exist yet (a resumed run finds them). */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            partitionsByTopic.forEach((topic, partitions) -> {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, (short) 1));
                }
            });
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topics " + partitionsByTopic.keySet(), e.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }
}
