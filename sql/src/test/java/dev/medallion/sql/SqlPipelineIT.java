package dev.medallion.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.sql.Events.Event;
import dev.medallion.testkit.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The bundled pipeline on the in-process broker and an embedded MiniCluster: exact window results on a generated
 * data set, lateness against the 1-minute watermark, and the dedupe window.
 */
class SqlPipelineIT {
    @RegisterExtension
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();

    private static final long T0 = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    void windowResultsAreExactOnAGeneratedDataSet() {
        Map<String, String> topics = createTopics("exact", 2);
        Random random = new Random(2026);
        String[] types = {"page_view", "click", "purchase", "search"};
        String[] regions = {"westeurope", "eastus", "japaneast", null};
        List<Event> sent = new ArrayList<>();
        int n = 30_000;
        long span = Duration.ofMinutes(90).toMillis();
        for (int i = 0; i < n; i++) {
            // Mostly increasing event time with up to 30 s of disorder: inside the 1-minute watermark, so nothing is late.
            long eventTime = T0 + i * span / n - random.nextInt(30_000);
            Event event = new Event("e-" + i, types[random.nextInt(types.length)], regions[random.nextInt(regions.length)],
                    eventTime, Math.round(random.nextDouble() * 10_000) / 100.0, 5 + random.nextInt(200),
                    (long) (Math.exp(random.nextGaussian()) * 100), random.nextInt(50));
            sent.add(event);
            if (random.nextInt(20) == 0) {
                sent.add(event); // a retry: same id and time, arrives right after → dropped
            }
            if (random.nextInt(100) == 0) {
                // Same id but another event time: a different event by the (event_id, event_time) key → kept.
                sent.add(new Event(event.eventId(), event.eventType(), event.region(), event.eventTime() + 1_000,
                        event.revenue(), event.latencyMs(), event.responseTimeMs(), event.processingTimeMs()));
            }
        }
        KAFKA.produce(topics.get("topic.raw"), sent.stream().map(Event::record).toList());

        // The answer, computed here without Flink.
        Map<String, Event> distinct = new LinkedHashMap<>();
        sent.forEach(e -> distinct.putIfAbsent(e.eventId() + "@" + e.eventTime(), e));
        assertThat(distinct.size()).isLessThan(sent.size());

        try (SqlJob job = SqlJobRunner.builder().variables(topics)
                .variable("scan.startup.mode", "earliest-offset")
                .variable("scan.bounded.mode", "latest-offset")
                .parallelism(2)
                .start()) {
            String executionPlan = job.plan().substring(job.plan().indexOf("== Optimized Execution Plan =="));
            // One dedupe operator, shared by events.clean and both metrics, emitting insert-only rows.
            assertThat(executionPlan.split("Deduplicate\\(", -1)).hasSize(2);
            assertThat(executionPlan).contains("Deduplicate(keep=[FirstRow], key=[event_id, event_time], order=[PROCTIME], "
                    + "outputInsertOnly=[true])");
            job.await(Duration.ofMinutes(3));
        }

        try (TopicReader clean = new TopicReader(KAFKA.bootstrapServers(), topics.get("topic.clean"));
             TopicReader m1 = new TopicReader(KAFKA.bootstrapServers(), topics.get("topic.metrics.1m"));
             TopicReader m1h = new TopicReader(KAFKA.bootstrapServers(), topics.get("topic.metrics.1h"))) {
            List<JsonNode> cleanRows = clean.awaitCount(distinct.size(), TIMEOUT);
            assertThat(cleanRows.stream().map(r -> r.get("event_id").asText() + "@" + r.get("event_time").asLong()))
                    .containsExactlyInAnyOrderElementsOf(distinct.keySet());

            Map<String, List<Event>> byMinute = distinct.values().stream().collect(Collectors.groupingBy(
                    e -> floor(e.eventTime(), 60_000) + "|" + e.eventType(), TreeMap::new, Collectors.toList()));
            List<JsonNode> minuteRows = m1.awaitCount(byMinute.size(), TIMEOUT);
            assertThat(minuteRows).hasSize(byMinute.size());
            for (JsonNode row : minuteRows) {
                long start = Instant.parse(row.get("window_start").asText()).toEpochMilli();
                assertThat(Instant.parse(row.get("window_end").asText()).toEpochMilli()).isEqualTo(start + 60_000);
                List<Event> group = byMinute.get(start + "|" + row.get("event_type").asText());
                assertThat(group).as("1-minute group of %s", row).isNotNull();
                assertThat(row.get("event_count").asLong()).isEqualTo(group.size());
                assertThat(row.get("avg_processing_time_ms").asDouble()).isCloseTo(
                        group.stream().mapToLong(Event::processingTimeMs).average().orElseThrow(), within(1e-9));
            }

            Map<String, List<Event>> byHour = distinct.values().stream().collect(Collectors.groupingBy(
                    e -> floor(e.eventTime(), 3_600_000) + "|" + e.eventType() + "|" + e.region(),
                    HashMap::new, Collectors.toList()));
            List<JsonNode> hourRows = m1h.awaitCount(byHour.size(), TIMEOUT);
            assertThat(hourRows).hasSize(byHour.size());
            for (JsonNode row : hourRows) {
                long start = Instant.parse(row.get("window_start").asText()).toEpochMilli();
                String region = row.get("region").isNull() ? null : row.get("region").asText();
                List<Event> group = byHour.get(start + "|" + row.get("event_type").asText() + "|" + region);
                assertThat(group).as("1-hour group of %s", row).isNotNull();
                assertThat(row.get("event_count").asLong()).isEqualTo(group.size());
                assertThat(row.get("avg_latency_ms").asDouble()).isCloseTo(
                        group.stream().mapToLong(Event::latencyMs).average().orElseThrow(), within(1e-9));
                assertThat(row.get("revenue_sum").asDouble()).isCloseTo(
                        group.stream().mapToDouble(Event::revenue).sum(), within(1e-6));
                double[] responses = group.stream().mapToDouble(Event::responseTimeMs).sorted().toArray();
                // t-digest is approximate: its p95 must lie between the exact 94th and 96th percentiles.
                assertThat(row.get("p95_response_time_ms").asDouble())
                        .isBetween(exact(responses, 0.94), exact(responses, 0.96));
            }
        }
    }

    @Test
    void lateEventsInsideTheWatermarkAreCountedLaterOnesAreNotAndRetriesAreDropped() {
        // One partition and parallelism 1, so the watermark follows the order the test produces in.
        Map<String, String> topics = createTopics("late", 1);
        String raw = topics.get("topic.raw");
        KAFKA.produce(raw, List.of(
                Events.simple("a1", "click", T0 + 10_000).record(),
                Events.simple("a2", "click", T0 + 50_000).record(),
                Events.simple("b1", "click", T0 + 70_000).record(),
                Events.simple("c1", "click", T0 + 150_000).record()));

        try (SqlJob job = SqlJobRunner.builder().variables(topics)
                .variable("scan.startup.mode", "earliest-offset")
                .parallelism(1)
                .start();
             TopicReader clean = new TopicReader(KAFKA.bootstrapServers(), topics.get("topic.clean"));
             TopicReader m1 = new TopicReader(KAFKA.bootstrapServers(), topics.get("topic.metrics.1m"))) {
            // c1 (2:30) moved the watermark to 1:29.999, which closed the window [0:00, 1:00).
            JsonNode first = m1.awaitRow("window 0:00", row -> windowStart(row) == T0, TIMEOUT);
            assertThat(first.get("event_count").asLong()).isEqualTo(2);

            KAFKA.produce(raw, List.of(
                    Events.simple("late-dropped", "click", T0 + 30_000).record(),  // 2 min behind c1: window closed
                    Events.simple("late-counted", "click", T0 + 105_000).record(), // 45 s behind c1: inside watermark
                    Events.simple("b1", "click", T0 + 70_000).record(),            // a retry of b1: dropped
                    Events.simple("z", "click", T0 + 600_000).record()));          // closes the windows up to 9:00

            JsonNode second = m1.awaitRow("window 1:00", row -> windowStart(row) == T0 + 60_000, TIMEOUT);
            JsonNode third = m1.awaitRow("window 2:00", row -> windowStart(row) == T0 + 120_000, TIMEOUT);
            assertThat(second.get("event_count").asLong()).as("b1 + late-counted, retry dropped").isEqualTo(2);
            assertThat(third.get("event_count").asLong()).isEqualTo(1);
            assertThat(m1.rows().stream().filter(row -> windowStart(row) == T0)).as("window 0:00 emitted once").hasSize(1);

            // Late events still reach events.clean (only the window metrics ignore them); the retry does not.
            clean.awaitRow("z", row -> row.get("event_id").asText().equals("z"), TIMEOUT);
            assertThat(clean.rows().stream().map(row -> row.get("event_id").asText()))
                    .containsExactly("a1", "a2", "b1", "c1", "late-dropped", "late-counted", "z");
        }
    }

    @Test
    void aCopyArrivingAfterTheDedupeWindowIsKeptAgain() throws InterruptedException {
        Map<String, String> topics = createTopics("ttl", 1);
        String raw = topics.get("topic.raw");
        try (SqlJob job = SqlJobRunner.builder().variables(topics)
                .variable("scan.startup.mode", "earliest-offset")
                .variable("dedupe.ttl", "1 s") // the production default is 5 min; the semantics are the same
                .parallelism(1)
                .start();
             TopicReader clean = new TopicReader(KAFKA.bootstrapServers(), topics.get("topic.clean"))) {
            KAFKA.produce(raw, List.of(Events.simple("d1", "click", T0).record(),
                    Events.simple("d1", "click", T0).record()));
            clean.awaitRow("d1", row -> row.get("event_id").asText().equals("d1"), TIMEOUT);

            Thread.sleep(3_000); // longer than the 1 s dedupe window, measured from when d1 was first seen
            KAFKA.produce(raw, List.of(Events.simple("d1", "click", T0).record(),
                    Events.simple("marker", "click", T0).record()));
            clean.awaitRow("marker", row -> row.get("event_id").asText().equals("marker"), TIMEOUT);
            assertThat(clean.rows().stream().map(row -> row.get("event_id").asText()))
                    .containsExactly("d1", "d1", "marker");
        }
    }

    @Test
    void malformedRecordsAreSkippedByDefaultAndTheJobGoesOn() {
        Map<String, String> topics = createTopics("skip", 1);
        KAFKA.produce(topics.get("topic.raw"), List.of(Events.simple("ok", "click", T0).record(),
                Map.entry("fast", "{\"event_id\": \"fast\", \"event_type\": \"click\", \"event_time\": "
                        + (T0 + 500) + ", \"latency_ms\": \"fast\"}"),
                Map.entry("broken", "{\"event_id\": \"broken\""),
                Events.simple("ok2", "click", T0 + 1000).record()));
        try (SqlJob job = SqlJobRunner.builder().variables(topics)
                .variable("scan.startup.mode", "earliest-offset")
                .variable("scan.bounded.mode", "latest-offset")
                .flinkOption("restart-strategy.type", "none")
                .parallelism(1)
                .start()) {
            job.await(TIMEOUT);
        }
        // Flink's json.ignore-parse-errors: a field of the wrong type becomes null, a record that is no JSON is skipped.
        try (TopicReader clean = new TopicReader(KAFKA.bootstrapServers(), topics.get("topic.clean"))) {
            List<JsonNode> rows = clean.awaitCount(3, TIMEOUT);
            assertThat(rows).extracting(row -> row.get("event_id").asText()).containsExactly("ok", "fast", "ok2");
            assertThat(rows.get(1).path("latency_ms").isNull()).as(rows.get(1).toString()).isTrue();
            assertThat(rows.get(1).get("event_time").asLong()).isEqualTo(T0 + 500);
        }
    }

    @Test
    void aMalformedRecordFailsTheJobWithTheParseErrorWhenParseErrorsAreNotIgnored() {
        Map<String, String> topics = createTopics("bad", 1);
        KAFKA.produce(topics.get("topic.raw"), List.of(Events.simple("ok", "click", T0).record(),
                Map.entry("bad", "{\"event_id\": \"bad\", \"event_time\": \"yesterday\"")));
        try (SqlJob job = SqlJobRunner.builder().variables(topics)
                .variable("json.ignore-parse-errors", "false")
                .variable("scan.startup.mode", "earliest-offset")
                .variable("scan.bounded.mode", "latest-offset")
                .flinkOption("restart-strategy.type", "none") // production restarts (and fails again) instead
                .parallelism(1)
                .start()) {
            assertThatThrownBy(() -> job.await(TIMEOUT))
                    .isInstanceOf(SqlJobException.class)
                    .hasMessageContaining("failed")
                    .hasStackTraceContaining("Failed to deserialize JSON")
                    .hasStackTraceContaining("yesterday");
        }
    }

    @Test
    void anEventWithoutEventTimeReachesEventsCleanButNoWindow() {
        Map<String, String> topics = createTopics("notime", 1);
        KAFKA.produce(topics.get("topic.raw"), List.of(Events.simple("ok", "click", T0).record(),
                Map.entry("nt", "{\"event_id\": \"nt\", \"event_type\": \"click\"}"),
                Events.simple("ok2", "click", T0 + 1000).record()));
        try (SqlJob job = SqlJobRunner.builder().variables(topics)
                .variable("scan.startup.mode", "earliest-offset")
                .variable("scan.bounded.mode", "latest-offset")
                .flinkOption("restart-strategy.type", "none")
                .parallelism(1)
                .start()) {
            job.await(TIMEOUT);
        }
        try (TopicReader clean = new TopicReader(KAFKA.bootstrapServers(), topics.get("topic.clean"));
             TopicReader m1 = new TopicReader(KAFKA.bootstrapServers(), topics.get("topic.metrics.1m"))) {
            assertThat(clean.awaitCount(3, TIMEOUT)).extracting(row -> row.get("event_id").asText())
                    .containsExactly("ok", "nt", "ok2");
            assertThat(m1.awaitCount(1, TIMEOUT)).singleElement()
                    .satisfies(row -> assertThat(row.get("event_count").asLong()).isEqualTo(2));
        }
    }

    private static Map<String, String> createTopics(String prefix, int partitions) {
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put("bootstrap.servers", KAFKA.bootstrapServers());
        topics.put("group.id", prefix + "-sql");
        for (String name : List.of("raw", "clean", "metrics.1m", "metrics.1h")) {
            String topic = prefix + "." + name;
            KAFKA.createTopic(topic, partitions);
            topics.put("topic." + name, topic);
        }
        return topics;
    }

    private static long windowStart(JsonNode row) {
        return Instant.parse(row.get("window_start").asText()).toEpochMilli();
    }

    private static long floor(long time, long size) {
        return time - Math.floorMod(time, size);
    }

    private static double exact(double[] sorted, double q) {
        return sorted[(int) Math.ceil(q * sorted.length) - 1];
    }
}
