package dev.medallion.testkit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Connect test cluster with a classpath connector (FileStreamSource): REST, validation, worker restarts. */
class ConnectTestClusterIT {
    @TempDir
    static Path dir;
    static ConnectTestCluster connect;

    @BeforeAll
    static void start() throws Exception {
        Path emptyPluginFolder = Files.createDirectories(dir.resolve("plugins"));
        connect = ConnectTestCluster.builder().pluginPath(List.of(emptyPluginFolder)).build().start();
    }

    @AfterAll
    static void stop() {
        connect.close();
    }

    @Test
    void runsAConnectorAndResumesAfterAllWorkersRestart() throws Exception {
        Path input = dir.resolve("numbers.txt");
        Files.write(input, IntStream.range(0, 100).mapToObj(Integer::toString).toList(), StandardCharsets.UTF_8);
        connect.createTopic("numbers", 1);
        connect.rest().putConnectorConfig("numbers", Map.of(
                "connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
                "tasks.max", "1", "file", input.toString(), "topic", "numbers"));
        connect.rest().awaitRunning("numbers", 1, Duration.ofSeconds(60));
        assertThat(connect.consume("numbers", 100, Duration.ofSeconds(30))).hasSize(100);
        // Wait until the worker committed the source offsets, so a restart resumes instead of re-reading.
        Await.until(Duration.ofSeconds(30), "committed source offsets",
                () -> connect.rest().connectorOffsets("numbers").path("offsets").size() > 0);

        connect.restartWorkers();
        Files.write(input, IntStream.range(100, 150).mapToObj(Integer::toString).toList(), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        connect.rest().awaitRunning("numbers", 1, Duration.ofSeconds(90));

        List<ConsumerRecord<byte[], byte[]>> records = connect.consume("numbers", 150, Duration.ofSeconds(60));
        assertThat(records).extracting(r -> TestClients.utf8(r.value()))
                .containsExactlyElementsOf(IntStream.range(0, 150).mapToObj(i -> "\"" + i + "\"").toList());
    }

    /**
     * A producer writing right after createTopic must not meet a partition the broker does not lead yet: an idempotent
     * producer whose first batch is refused (NOT_LEADER_OR_FOLLOWER) while its next ones are taken stalls on
     * OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout and loses that batch (EventHubsSinkIT in a CI run). A
     * producer without retries shows the refusal at once: every send must succeed.
     */
    @Test
    void createTopicReturnsOnceTheBrokerLeadsEveryPartition() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = connect.producer(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.RETRIES_CONFIG, 0,
                ProducerConfig.LINGER_MS_CONFIG, 0))) {
            for (int t = 0; t < 10; t++) {
                String topic = "fresh-" + t;
                connect.createTopic(topic, 8);
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (int p = 0; p < 8; p++) {
                    sent.add(producer.send(new ProducerRecord<>(topic, p, null, TestClients.utf8("v" + p))));
                }
                for (Future<RecordMetadata> future : sent) {
                    try {
                        future.get();
                    } catch (ExecutionException e) {
                        throw new AssertionError("a write right after createTopic(" + topic + ") was refused", e);
                    }
                }
            }
        }
    }

    @Test
    void reportsInvalidConfigsThroughValidateAndRejectsUnknownPlugins() {
        var validation = connect.rest().validateConfig("FileStreamSourceConnector", Map.of(
                "connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
                "tasks.max", "1", "topic", "t", "batch.size", "-1"));
        assertThat(validation.path("error_count").asInt()).isPositive();

        assertThatThrownBy(() -> connect.rest().putConnectorConfig("bogus", Map.of(
                "connector.class", "com.example.DoesNotExist", "tasks.max", "1")))
                .isInstanceOf(ConnectRestClient.ConnectRestException.class)
                .hasMessageContaining("DoesNotExist");
    }
}
