package dev.medallion.quickstart;

import dev.medallion.generator.EventFactory;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.SendOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-event corpus ({@code src/test/resources/bad-events/cases.txt}) published through the Azure SDK into the
 * emulator, mixed into the load generator's ordinary traffic, through the whole local pipeline: every valid event
 * exactly once in silver, every bad one in a dead-letter topic with a reason header, nothing FAILED, the summary
 * reconciles.
 */
class BadEventCorpusIT {
    private static final List<String> REASON_HEADERS = List.of("error.reason", "__connect.errors.exception.message");

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void everyBadEventEndsInADeadLetterTopicWithAReasonAndNothingStops() throws IOException {
        List<BadEventCorpus.Case> corpus = BadEventCorpus.load();
        int kafkaPort = TestPorts.freePortPair();
        QuickstartOptions options = QuickstartOptions.parse("--no-batch", "--rate", "200", "--duration", "20s",
                "--data-dir", dataDir.toString(), "--project-dir", System.getProperty("medallion.project.dir", ".."),
                "--kafka-port", String.valueOf(kafkaPort), "--connect-port", String.valueOf(TestPorts.freePort()),
                "--eventhubs-port", String.valueOf(TestPorts.freePort()),
                // The default run starts the SQL gateway and the serving layer too (other quickstart ITs switch
                // them off).
                "--gateway-port", String.valueOf(TestPorts.freePort()),
                "--serving-port", String.valueOf(TestPorts.freePort()));
        Map<String, String> silverIds = new LinkedHashMap<>();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Map<String, Integer> deadLetters;
        LocalPipeline.RunResult result;
        try (LocalPipeline pipeline = new LocalPipeline(options, new PrintStream(output, true, StandardCharsets.UTF_8))) {
            pipeline.alsoPublish((connectionString, stats) -> publish(connectionString, stats, corpus, silverIds));
            result = pipeline.run();
            deadLetters = deadLetters("localhost:" + kafkaPort);
        } finally {
            System.out.println(output.toString(StandardCharsets.UTF_8));
        }

        Map<String, Integer> expectedInDlq = corpus.stream().filter(c -> c.expect() == BadEventCorpus.Expect.DLQ)
                .collect(Collectors.toMap(BadEventCorpus.Case::name, c -> 1));
        assertThat(deadLetters).as("each bad case exactly once in a dead-letter topic, with a reason header")
                .isEqualTo(expectedInDlq);

        assertThat(result.health().failed()).as("no connector, task or Flink job FAILED").isFalse();
        assertThat(result.reconciliation().checks())
                .allSatisfy(check -> assertThat(check.ok()).as(check.toString()).isTrue());
        assertThat(result.passed()).isTrue();

        List<String> silver = new DeltaColumnReader().readTable(dataDir.resolve(Topology.SILVER), "event_id");
        silverIds.forEach((name, id) -> assertThat(silver.stream().filter(id::equals).count())
                .as("case %s exactly once in silver", name).isEqualTo(1));
    }

    /** Publishes every case once, one event per send, and counts it where the reconciliation expects it. */
    private static void publish(String connectionString, LoadStats stats, List<BadEventCorpus.Case> corpus,
                                Map<String, String> silverIds) {
        EventHubProducerClient producer = new EventHubClientBuilder().connectionString(connectionString)
                .buildProducerClient();
        try {
            int i = 0;
            for (BadEventCorpus.Case c : corpus) {
                String id = "corpus-" + c.name() + "-" + System.nanoTime();
                long now = System.currentTimeMillis();
                EventData event = new EventData(c.bytes(id, now));
                event.getProperties().putAll(c.properties());
                event.getProperties().put(BadEventCorpus.CASE_PROPERTY, c.name());
                producer.send(List.of(event), new SendOptions().setPartitionId(String.valueOf(i++ % 2)));
                if (c.expect() == BadEventCorpus.Expect.SILVER) {
                    silverIds.put(c.name(), id);
                    stats.published(EventFactory.Kind.VALID, now);
                } else {
                    stats.published(EventFactory.Kind.INVALID, now);
                }
            }
        } finally {
            producer.close();
        }
    }

    /** Case name → copies in the dead-letter topics (read_committed, to the end offsets), each with a reason. */
    private static Map<String, Integer> deadLetters(String bootstrap) {
        Map<String, Integer> found = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "isolation.level", "read_committed", "enable.auto.commit", "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topology.DLQ, Topology.BRONZE_DLQ)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String name = header(record, "." + BadEventCorpus.CASE_PROPERTY);
                    if (name == null) {
                        continue;   // one of the generator's invalid events
                    }
                    String reason = REASON_HEADERS.stream().map(h -> header(record, h)).filter(r -> r != null)
                            .findFirst().orElse(null);
                    assertThat(reason).as("reason header of case %s in %s", name, record.topic()).isNotBlank();
                    found.merge(name, 1, Integer::sum);
                }
            }
        }
        return found;
    }

    /** The value of the last header whose key is {@code name} or ends with {@code name} when it starts with '.'. */
    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        String value = null;
        for (Header h : record.headers()) {
            boolean match = name.startsWith(".") ? h.key().endsWith(name) || h.key().equals(name.substring(1))
                    : h.key().equals(name);
            if (match && h.value() != null) {
                value = new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        return value;
    }
}
