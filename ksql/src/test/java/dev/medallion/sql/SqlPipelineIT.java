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
            assertThat(cleanRows.stream().map(r -> r.get("event_id").asText() + "@" + eventMillis(r)))
                    .containsExactlyInAnyOrderElementsOf(distinct.keySet());
            // Exactly the spec's fields; nothing is late (disorder stays inside the 1-minute watermark).
            for (JsonNode row : cleanRows) {
                assertThat(row.fieldNames()).toIterable().containsExactly("event_id", "event_type", "user_id", "region",
                        "event_timestamp", "revenue", "latency_ms", "response_time_ms", "processing_time_ms", "text",
                        "late_arrival", "processed_timestamp");
                Event sentEvent = distinct.get(row.get("event_id").asText() + "@" + eventMillis(row));
                assertThat(row.get("late_arrival").asBoolean()).as(row.toString()).isFalse();
                assertThat(row.get("event_type").asText()).isEqualTo(sentEvent.eventType());
                assertThat(text(row, "region")).isEqualTo(sentEvent.region());
                assertThat(row.get("revenue").asDouble()).isEqualTo(sentEvent.revenue());
                assertThat(row.get("latency_ms").asLong()).isEqualTo(sentEvent.latencyMs());
                assertThat(row.get("response_time_ms").asLong()).isEqualTo(sentEvent.responseTimeMs());
                assertThat(row.get("processing_time_ms").asLong()).isEqualTo(sentEvent.processingTimeMs());
            }

            assertMetrics(m1, distinct.values(), 60_000);
            assertMetrics(m1h, distinct.values(), 3_600_000);
        }
    }

    /** Every window row of a metrics topic equals the answer computed here, grouped by window, type and region. */
    private static void assertMetrics(TopicReader metrics, java.util.Collection<Event> events, long size) {
        Map<String, List<Event>> groups = events.stream().collect(Collectors.groupingBy(
                e -> floor(e.eventTime(), size) + "|" + e.eventType() + "|" + e.region(),
                HashMap::new, Collectors.toList()));
        List<JsonNode> rows = metrics.awaitCount(groups.size(), TIMEOUT);
        assertThat(rows).hasSize(groups.size());
        for (JsonNode row : rows) {
            assertThat(row.fieldNames()).toIterable().containsExactly("window_start", "window_end", "event_type",
                    "region", "event_count", "avg_latency_ms", "avg_processing_time_ms", "p95_response_time_ms",
                    "revenue_sum");
            long start = windowStart(row);
            assertThat(Instant.parse(row.get("window_end").asText()).toEpochMilli()).isEqualTo(start + size);
            List<Event> group = groups.remove(start + "|" + row.get("event_type").asText() + "|" + text(row, "region"));
            assertThat(group).as("group of %s (or emitted twice)", row).isNotNull();
            assertThat(row.get("event_count").asLong()).isEqualTo(group.size());
            assertThat(row.get("avg_latency_ms").asDouble()).isCloseTo(
                    group.stream().mapToLong(Event::latencyMs).average().orElseThrow(), within(1e-9));
            assertThat(row.get("avg_processing_time_ms").asDouble()).isCloseTo(
                    group.stream().mapToLong(Event::processingTimeMs).average().orElseThrow(), within(1e-9));
            assertThat(row.get("revenue_sum").asDouble()).isCloseTo(
                    group.stream().mapToDouble(Event::revenue).sum(), within(1e-6));
            double[] responses = group.stream().mapToDouble(Event::responseTimeMs).sorted().toArray();
            // t-digest is approximate: its p95 must lie between the exact 94th and 96th percentiles.
            assertThat(row.get("p95_response_time_ms").asDouble())
                    .isBetween(exact(responses, 0.94), exact(responses, 0.96));
        }
        assertThat(groups).as("groups without a row").isEmpty();
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
            assertThat(clean.rows().stream().filter(row -> row.get("late_arrival").asBoolean())
                    .map(row -> row.get("event_id").asText())).containsExactly("late-dropped");
        }
    }

    /**
     * late_arrival flags exactly the events the 1-minute windows drop: at parallelism 1 the projection after the
     * dedupe and the window operator see the same watermark, so for every window, type and region
     * {@code metrics.1m event_count} equals the events.clean rows of that group with {@code late_arrival = false}.
     */
    @Test
    void lateArrivalFlagsExactlyTheEventsTheMinuteWindowsDoNotCount() {
        Map<String, String> topics = createTopics("flag", 1);
        String raw = topics.get("topic.raw");
        List<Event> onTime = new ArrayList<>();
        List<Event> late = new ArrayList<>();
        // Phase 1: windows 0:00, 1:00, 2:00 (several types and regions, a null region), then 4:30 moves the watermark
        // to 3:29.999, which closes those three windows.
        for (int i = 0; i < 36; i++) {
            onTime.add(event("p1-" + i, i % 3 == 0 ? "click" : "purchase", REGIONS[i % REGIONS.length],
                    T0 + i * 5_000L + 123));
        }
        onTime.add(event("p1-close", "search", "eastus", T0 + 270_000));
        KAFKA.produce(raw, onTime.stream().map(Event::record).toList());
        Instant started = Instant.now().minusMillis(1); // processed_timestamp has millisecond precision

        try (SqlJob job = SqlJobRunner.builder().variables(topics)
                .variable("scan.startup.mode", "earliest-offset")
                .parallelism(1)
                .start();
             TopicReader clean = new TopicReader(KAFKA.bootstrapServers(), topics.get("topic.clean"));
             TopicReader m1 = new TopicReader(KAFKA.bootstrapServers(), topics.get("topic.metrics.1m"))) {
            m1.awaitRow("window 2:00", row -> windowStart(row) == T0 + 120_000, TIMEOUT);

            // Phase 2: the watermark is at least 2:59.999, so events of windows 0:00-2:00 are late; events of window
            // 3:00 are not, even 3:20 which is behind the watermark (its window is still open); 5:59.999 then closes
            // the windows up to 4:00 with a watermark of exactly 4:59.999 (Flink fires a window at window_end - 1 ms).
            List<Event> phase2 = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                phase2.add(event("p2-late-" + i, i % 2 == 0 ? "click" : "purchase", REGIONS[i % REGIONS.length],
                        T0 + i * 20_000L + 7));
            }
            late.addAll(phase2);
            List<Event> phase2OnTime = List.of(
                    event("p2-behind-watermark", "click", "westeurope", T0 + 200_000),
                    event("p2-a", "click", null, T0 + 215_000),
                    event("p2-b", "purchase", "eastus", T0 + 239_999),
                    event("p2-c", "search", "eastus", T0 + 285_000),
                    event("p2-close", "click", "westeurope", T0 + 359_999));
            phase2.addAll(phase2OnTime);
            onTime.addAll(phase2OnTime);
            KAFKA.produce(raw, phase2.stream().map(Event::record).toList());
            m1.awaitRow("window 4:00", row -> windowStart(row) == T0 + 240_000, TIMEOUT);

            // Phase 3: late events for windows 3:00 and 4:00 (window 4:00 closed by a watermark exactly at its end
            // - 1 ms), a retry of a late event (dropped by the dedupe, so neither counted nor flagged twice), an event
            // of the open window 5:00, then 20:00 closes window 5:00.
            List<Event> phase3Late = List.of(
                    event("p3-late-a", "click", "westeurope", T0 + 239_999),
                    event("p3-late-b", "search", "eastus", T0 + 250_120),
                    event("p3-late-c", "purchase", null, T0 + 180_000));
            late.addAll(phase3Late);
            List<Event> phase3 = new ArrayList<>(phase3Late);
            phase3.add(late.get(0));
            Event openWindow = event("p3-open-window", "purchase", "eastus", T0 + 300_000);
            phase3.add(openWindow);
            onTime.add(openWindow);
            Event closer = event("p3-close", "click", "westeurope", T0 + 1_200_000);
            phase3.add(closer);
            onTime.add(closer);
            KAFKA.produce(raw, phase3.stream().map(Event::record).toList());
            m1.awaitRow("window 5:00", row -> windowStart(row) == T0 + 300_000, TIMEOUT);

            List<JsonNode> cleanRows = clean.awaitCount(onTime.size() + late.size(), TIMEOUT);
            assertThat(cleanRows).hasSize(onTime.size() + late.size());
            assertThat(cleanRows.stream().filter(row -> row.get("late_arrival").asBoolean())
                    .map(row -> row.get("event_id").asText()))
                    .as("the events made late, and only those").containsExactlyInAnyOrderElementsOf(
                            late.stream().map(Event::eventId).toList());
            assertThat(cleanRows).allSatisfy(row -> assertThat(row.get("late_arrival").isBoolean()).isTrue());
            // Timestamps are ISO-8601 UTC strings; processed_timestamp is the wall clock of the dedupe.
            Instant finished = Instant.now();
            assertThat(cleanRows).allSatisfy(row -> assertThat(Instant.parse(row.get("processed_timestamp").asText()))
                    .isBetween(started, finished));
            Map<String, String> timestamps = cleanRows.stream().collect(Collectors.toMap(
                    row -> row.get("event_id").asText(), row -> row.get("event_timestamp").asText()));
            assertThat(timestamps.get("p1-0")).isEqualTo("2026-11-25T00:00:00.123Z");
            assertThat(timestamps.get("p2-b")).isEqualTo("2026-11-25T00:03:59.999Z");
            assertThat(timestamps.get("p2-behind-watermark")).isEqualTo("2026-11-25T00:03:20Z");
            assertThat(timestamps.get("p3-late-b")).isEqualTo("2026-11-25T00:04:10.12Z");

            // Every closed window: gold count == silver rows of the group with late_arrival = false.
            long openFrom = T0 + 1_200_000; // the window of the closer is still open
            Map<String, Long> onTimeByGroup = cleanRows.stream()
                    .filter(row -> !row.get("late_arrival").asBoolean() && eventMillis(row) < openFrom)
                    .collect(Collectors.groupingBy(SqlPipelineIT::cleanGroup, TreeMap::new, Collectors.counting()));
            Map<String, Long> gold = m1.rows().stream().collect(Collectors.toMap(
                    row -> windowStart(row) + "|" + row.get("event_type").asText() + "|" + text(row, "region"),
                    row -> row.get("event_count").asLong(), (a, b) -> {
                        throw new AssertionError("a window emitted twice");
                    }, TreeMap::new));
            assertThat(gold).isEqualTo(onTimeByGroup);
            // ... and that is also the answer computed from what the test sent, without the late ones.
            Map<String, Long> expected = onTime.stream().filter(e -> e.eventTime() < openFrom)
                    .collect(Collectors.groupingBy(e -> floor(e.eventTime(), 60_000) + "|" + e.eventType() + "|"
                            + e.region(), TreeMap::new, Collectors.counting()));
            assertThat(gold).isEqualTo(expected);
        }
    }

    private static final String[] REGIONS = {"westeurope", "eastus", null};

    private static Event event(String id, String type, String region, long eventTime) {
        return new Event(id, type, region, eventTime, 2.5, 10, 100, 5);
    }

    private static String cleanGroup(JsonNode row) {
        return floor(eventMillis(row), 60_000) + "|" + row.get("event_type").asText() + "|" + text(row, "region");
    }

    private static long eventMillis(JsonNode row) {
        return Instant.parse(row.get("event_timestamp").asText()).toEpochMilli();
    }

    private static String text(JsonNode row, String field) {
        return row.get(field).isNull() ? null : row.get(field).asText();
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
            assertThat(eventMillis(rows.get(1))).isEqualTo(T0 + 500);
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
            List<JsonNode> rows = clean.awaitCount(3, TIMEOUT);
            assertThat(rows).extracting(row -> row.get("event_id").asText()).containsExactly("ok", "nt", "ok2");
            // No event time: no window, so neither on time nor late.
            assertThat(rows.get(1).get("event_timestamp").isNull()).isTrue();
            assertThat(rows.get(1).get("late_arrival").isNull()).isTrue();
            assertThat(rows.get(0).get("late_arrival").asBoolean()).isFalse();
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
