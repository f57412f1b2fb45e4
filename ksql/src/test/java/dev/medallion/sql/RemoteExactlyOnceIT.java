package dev.medallion.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.sql.Events.Event;
import dev.medallion.testkit.KafkaTestCluster;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --remote}: the runner submits the pipeline through the REST endpoint of a separately started Flink cluster,
 * with exactly-once (transactional) Kafka sinks, the RocksDB state backend and durable checkpoints.
 */
class RemoteExactlyOnceIT {
    @RegisterExtension
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();

    private static MiniCluster flink;

    @BeforeAll
    static void startFlinkCluster() throws Exception {
        // parent-first: this "remote" cluster shares the test's class path, so the jars the runner ships (connector,
        // kafka-clients, UDFs) must not load a second copy of classes the cluster already has.
        Configuration conf = Configuration.fromMap(Map.of("rest.port", "0", "rest.bind-port", "0",
                "classloader.resolve-order", "parent-first"));
        flink = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf).setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build());
        flink.start();
    }

    @AfterAll
    static void stopFlinkCluster() throws Exception {
        if (flink != null) {
            flink.close();
        }
    }

    @Test
    void remoteSubmissionWithExactlyOnceSinksAndRocksDb(@TempDir Path checkpoints) throws Exception {
        for (String topic : List.of("r.raw", "r.clean", "r.m1", "r.m1h")) {
            KAFKA.createTopic(topic, 2);
        }
        long t0 = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            events.add(Events.simple("r-" + i, i % 2 == 0 ? "click" : "purchase", t0 + i * 100L));
        }
        events.addAll(events.subList(0, 100)); // retries
        KAFKA.produce("r.raw", events.stream().map(Event::record).toList());

        URI rest = flink.getRestAddress().get();
        String jobId;
        try (SqlJob job = SqlJobRunner.builder()
                .remote(rest.getHost() + ":" + rest.getPort())
                .bootstrapServers(KAFKA.bootstrapServers())
                .variables(Map.of("topic.raw", "r.raw", "topic.clean", "r.clean", "topic.metrics.1m", "r.m1",
                        "topic.metrics.1h", "r.m1h", "scan.startup.mode", "earliest-offset",
                        "scan.bounded.mode", "latest-offset", "sink.transactional-id-prefix", "remote-it"))
                .exactlyOnce(true)
                .stateBackend("rocksdb")
                .checkpointDir(checkpoints.toUri().toString())
                .checkpointInterval(Duration.ofSeconds(1))
                .parallelism(2)
                .start()) {
            jobId = job.jobId().toString();
            job.await(Duration.ofMinutes(3));
        }

        // read_committed readers see each event once: the transactions were committed on checkpoints.
        try (TopicReader clean = new TopicReader(KAFKA.bootstrapServers(), "r.clean");
             TopicReader m1 = new TopicReader(KAFKA.bootstrapServers(), "r.m1")) {
            List<JsonNode> cleanRows = clean.awaitCount(2_000, Duration.ofMinutes(1));
            assertThat(cleanRows).hasSize(2_000);
            assertThat(cleanRows).noneMatch(row -> row.get("late_arrival").asBoolean()); // sent in event-time order
            // 2 000 events 100 ms apart = 200 s: windows 10:00, 10:01, 10:02, 10:03 for two types, one region.
            List<JsonNode> minutes = m1.awaitCount(8, Duration.ofMinutes(1));
            assertThat(minutes).hasSize(8);
            Map<String, Long> counts = new TreeMap<>();
            minutes.forEach(row -> counts.put(row.get("window_start").asText() + " " + row.get("event_type").asText()
                    + " " + row.get("region").asText(), row.get("event_count").asLong()));
            Map<String, Long> expected = new TreeMap<>();
            for (Event event : events.subList(0, 2_000)) {
                expected.merge(Instant.ofEpochMilli(event.eventTime() - event.eventTime() % 60_000) + " "
                        + event.eventType() + " " + event.region(), 1L, Long::sum);
            }
            assertThat(counts).isEqualTo(expected);
        }
        // Checkpoints went to the configured durable storage (Flink removes the chk-N folders when the job ends).
        assertThat(checkpoints.resolve(jobId)).isDirectory();
    }
}
