package dev.medallion.quickstart;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the quickstart's progress line reads about a stopped pipeline, against a real Connect worker and the Event Hubs
 * emulator: a task that FAILED (with the first line of its trace) and the events piling up in Event Hubs while the
 * source does not read them.
 */
class PipelineHealthIT {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aFailedTaskAndTheEventsWaitingInEventHubsShow() throws Exception {
        try (LocalKafka kafka = new LocalKafka(dir.resolve("kafka"), TestPorts.freePortPair()).start();
             LocalEventHubs hubs = new LocalEventHubs(TestPorts.freePort(), Topology.HUB, 2).start();
             LocalConnect connect = new LocalConnect(kafka.bootstrapServers(), TestPorts.freePort(), pluginDirs(),
                     Files.createDirectories(dir.resolve("schemas"))).start()) {
            kafka.createTopics(Map.of(Topology.RAW, 2));
            ConnectRest rest = new ConnectRest(connect.restUrl());
            rest.awaitUp(WAIT);

            // A real connector whose task fails on start: the file's folder does not exist.
            rest.putConnectorConfig("broken-sink", Map.of(
                    "connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector",
                    "tasks.max", "1",
                    "topics", Topology.RAW,
                    "file", dir.resolve("no-such-folder").resolve("out.txt").toString()));
            rest.putConnectorConfig(Topology.SOURCE_CONNECTOR, sourceConfig(hubs.connectionString()));
            rest.awaitRunning(Topology.SOURCE_CONNECTOR, WAIT);

            PipelineHealth health = await(() -> PipelineHealth.ofConnect(rest.statuses()), PipelineHealth::failed);
            assertThat(health.problems()).hasSize(1);
            PipelineHealth.Problem problem = health.problems().get(0);
            assertThat(problem.component()).isEqualTo("broken-sink task 0");
            assertThat(problem.state()).isEqualTo("FAILED");
            assertThat(problem.reason()).startsWith("org.apache.kafka.connect.errors.ConnectException: ")
                    .contains("out.txt").doesNotContain("\n");
            assertThat(ProgressLine.format(new ProgressLine.Sample(2_000, 0, Map.of(), Map.of(), 0, 0, 0, health),
                    null)).contains(" | FAILED: broken-sink task 0 FAILED: org.apache.kafka.connect.errors");

            try (EventHubsBacklog backlog = new EventHubsBacklog(hubs.connectionString(), rest,
                    Topology.SOURCE_CONNECTOR);
                 EventHubProducerClient producer = new EventHubClientBuilder()
                         .connectionString(hubs.connectionString()).buildProducerClient()) {
                publish(producer, "0", 10);
                publish(producer, "1", 6);
                // The source reads and commits all 16 (exactly-once: the offsets commit with the records).
                await(() -> backlog.waiting().orElse(-1), waiting -> waiting == 0);

                // Stopped, with its offsets forgotten: every event of the hub waits again, and new ones add up.
                rest.resetOffsets(Topology.SOURCE_CONNECTOR, WAIT);
                publish(producer, "1", 7);
                assertThat(await(() -> backlog.waiting().orElse(-1), waiting -> waiting >= 0)).isEqualTo(23);
                assertThat(PipelineHealth.ofConnect(rest.statuses()).problems())
                        .extracting(PipelineHealth.Problem::toString)
                        .contains(Topology.SOURCE_CONNECTOR + " STOPPED");

                rest.resume(Topology.SOURCE_CONNECTOR);
                await(() -> backlog.waiting().orElse(-1), waiting -> waiting == 0);
            }
        }
    }

    private static Map<String, String> sourceConfig(String connectionString) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.medallion.eventhubs.source.EventHubsSourceConnector");
        config.put("tasks.max", "1");
        config.put("eventhubs.connection.string", connectionString);
        config.put("eventhubs.hub", Topology.HUB);
        config.put("eventhubs.consumer.group", "$Default");
        config.put("eventhubs.start.position", "earliest");
        config.put("kafka.topic", Topology.RAW);
        config.put("value.format", "json");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("exactly.once.support", "required");
        config.put("transaction.boundary", "poll");
        return config;
    }

    private static void publish(EventHubProducerClient producer, String partition, int count) {
        EventDataBatch batch = producer.createBatch(new CreateBatchOptions().setPartitionId(partition));
        for (int i = 0; i < count; i++) {
            assertThat(batch.tryAdd(new EventData("{\"event_id\": \"p" + partition + "-" + System.nanoTime()
                    + "\", \"event_type\": \"page_view\", \"event_time\": " + System.currentTimeMillis() + "}")))
                    .isTrue();
        }
        producer.send(batch);
    }

    private static <T> T await(Supplier<T> read, Predicate<T> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T value = read.get();
        while (!condition.test(value)) {
            assertThat(System.nanoTime()).as("condition not met within " + WAIT + "; last value: " + value)
                    .isLessThan(deadline);
            Thread.sleep(200);
            value = read.get();
        }
        return value;
    }

    private static List<Path> pluginDirs() throws IOException {
        Path project = Path.of(System.getProperty("medallion.project.dir", "..")).toAbsolutePath();
        try (Stream<Path> modules = Files.list(project)) {
            List<Path> dirs = modules.map(m -> m.resolve("target").resolve("plugin")).filter(Files::isDirectory)
                    .sorted().toList();
            assertThat(dirs).as("built plugins under " + project + "/*/target/plugin").isNotEmpty();
            return dirs;
        }
    }
}
