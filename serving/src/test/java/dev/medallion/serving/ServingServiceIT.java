package dev.medallion.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.serving.batch.HourlyMetricsTable;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The serving layer end to end: events.clean in a real Kafka, gold/hourly_metrics written with Delta Kernel as the
 * batch job writes it. The previous hour is first served from speed; when the batch job commits it, W advances and
 * the hour's totals flip to batch unchanged; a late event for that hour is then left to batch (not double counted).
 */
class ServingServiceIT {
    @RegisterExtension
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path lake;

    private record Event(String type, String region, Instant time, boolean late, long latency, long processing,
                         long response, Double revenue) {
        String json() {
            return "{\"event_id\":\"" + type + time.toEpochMilli() + "\",\"event_type\":\"" + type
                    + "\",\"user_id\":\"u\",\"region\":\"" + region + "\",\"event_timestamp\":\"" + time
                    + "\",\"revenue\":" + revenue + ",\"latency_ms\":" + latency + ",\"response_time_ms\":" + response
                    + ",\"processing_time_ms\":" + processing + ",\"text\":null,\"late_arrival\":" + late
                    + ",\"processed_timestamp\":\"" + time + "\"}";
        }
    }

    @Test
    void theBoundaryAdvancesAndTheHourFlipsFromSpeedToBatchUnchanged() throws Exception {
        long currentHour = Instant.now().getEpochSecond() / 3600;
        long previousHour = currentHour - 1;
        HourlyMetricsTable table = new HourlyMetricsTable(lake.resolve("gold/hourly_metrics"));
        table.create();
        table.commitHour(previousHour - 1, List.of());          // W = previous hour: it is not final yet

        List<Event> previous = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean purchase = i % 2 == 0;
            previous.add(new Event(purchase ? "purchase" : "page_view", i % 3 == 0 ? "eu" : "us",
                    Instant.ofEpochSecond(previousHour * 3600 + i * 60L + 5), i % 10 == 0, 10 + i, 5 + i % 4,
                    100 + 7L * i, purchase ? 1.25 * i : null));
        }
        List<Event> current = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            current.add(new Event("purchase", "eu", Instant.ofEpochSecond(currentHour * 3600 + i), false, 1, 1, 1,
                    2.0));
        }
        KAFKA.createTopic("events.clean", 2);
        KAFKA.createTopic("events.dlq", 1);
        produce(previous);
        produce(current);

        ServingConfig config = new ServingConfig(Map.of(
                ServingConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ServingConfig.LAKEHOUSE_CONFIG, lake.toString(),
                ServingConfig.PORT_CONFIG, "0",
                ServingConfig.BATCH_REFRESH_CONFIG, "500"));
        try (ServingService service = ServingService.start(config)) {
            String query = "api/metrics?granularity=1h&from=" + Instant.ofEpochSecond(previousHour * 3600)
                    + "&to=" + Instant.ofEpochSecond((currentHour + 1) * 3600);

            JsonNode fromSpeed = Await.untilValue(TIMEOUT, "both hours served from speed", () -> {
                JsonNode r = get(service, query);
                return total(r, previousHour) == 40 && total(r, currentHour) == 5 ? r : null;
            });
            assertThat(fromSpeed.at("/boundary/time").asText())
                    .isEqualTo(Instant.ofEpochSecond(previousHour * 3600).toString());
            assertThat(sources(fromSpeed, previousHour)).containsOnly("speed");

            table.commitHour(previousHour, groups(previous));    // the batch job finishes the previous hour

            JsonNode fromBatch = Await.untilValue(TIMEOUT, "the boundary to advance to the current hour", () -> {
                JsonNode r = get(service, query);
                return r.at("/boundary/epoch_hour").asLong() == currentHour ? r : null;
            });
            assertThat(fromBatch.at("/boundary/time").asText())
                    .isEqualTo(Instant.ofEpochSecond(currentHour * 3600).toString());
            assertThat(sources(fromBatch, previousHour)).containsOnly("batch");
            assertThat(sources(fromBatch, currentHour)).containsOnly("speed");
            assertThat(total(fromBatch, currentHour)).isEqualTo(5);
            Map<String, JsonNode> before = bySeries(fromSpeed, previousHour);
            Map<String, JsonNode> after = bySeries(fromBatch, previousHour);
            assertThat(after.keySet()).isEqualTo(before.keySet()).hasSize(4);
            for (String series : before.keySet()) {
                JsonNode s = before.get(series);
                JsonNode b = after.get(series);
                assertThat(b.get("event_count").asLong()).as(series).isEqualTo(s.get("event_count").asLong());
                assertThat(b.get("late_event_count").asLong()).as(series).isEqualTo(s.get("late_event_count").asLong());
                assertThat(b.get("avg_latency_ms").asDouble()).as(series).isEqualTo(s.get("avg_latency_ms").asDouble());
                assertThat(b.get("avg_processing_time_ms").asDouble()).as(series)
                        .isEqualTo(s.get("avg_processing_time_ms").asDouble());
                if (s.get("revenue_sum").isNull()) {
                    assertThat(b.get("revenue_sum").isNull()).as(series).isTrue();
                } else {
                    assertThat(b.get("revenue_sum").asDouble()).as(series)
                            .isCloseTo(s.get("revenue_sum").asDouble(), within(1e-9));
                }
                // Batch reports its exact p95; speed reported the digest's estimate of the same values, which on a
                // dozen values interpolates between ranks differently: it lies between the 85th percentile and max.
                long[] responses = previous.stream().filter(e -> series.equals(e.type() + "/" + e.region()))
                        .mapToLong(Event::response).toArray();
                assertThat(b.get("p95_exact").asBoolean()).as(series).isTrue();
                assertThat(b.get("p95_response_time_ms").asDouble()).as(series)
                        .isEqualTo(percentile(responses, 0.95));
                assertThat(s.get("p95_exact").asBoolean()).as(series).isFalse();
                assertThat(s.get("p95_response_time_ms").asDouble()).as(series)
                        .isBetween(percentile(responses, 0.85), percentile(responses, 1.0));
            }

            // The speed view forgets the hour batch now covers.
            Await.until(TIMEOUT, "speed view to evict the previous hour", () -> {
                JsonNode f = get(service, "api/freshness");
                return Instant.parse(f.at("/speed/oldest_minute").asText()).getEpochSecond() >= currentHour * 3600;
            });

            // A late event of the previous hour, then one of the current hour: the late one is batch's business.
            produce(List.of(new Event("purchase", "eu", Instant.ofEpochSecond(previousHour * 3600 + 50 * 60), true,
                    1, 1, 1, 100.0)));
            produce(List.of(new Event("purchase", "eu", Instant.ofEpochSecond(currentHour * 3600 + 9), false, 1, 1,
                    1, 2.0)));
            JsonNode last = Await.untilValue(TIMEOUT, "the sixth event of the current hour", () -> {
                JsonNode r = get(service, query);
                return total(r, currentHour) == 6 ? r : null;
            });
            assertThat(total(last, previousHour)).isEqualTo(40);
            assertThat(getText(service, "metrics"))
                    .contains("serving_speed_records_total{reason=\"none\",result=\"behind_boundary\"} 1.0");

            // Monitoring: a dead-letter record is counted by stage and reason; table commits are exported.
            try (var producer = KAFKA.producer(Map.of())) {
                var record = new org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>("events.dlq",
                        null, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                record.headers().add("error.stage", "validate".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                record.headers().add("error.reason",
                        "missing field: region".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                producer.send(record).get();
            }
            Await.until(TIMEOUT, "the DLQ record to be counted", () -> getText(service, "metrics").contains(
                    "serving_dlq_records_total{reason=\"missing_field\",stage=\"validate\",topic=\"events.dlq\"} 1.0"));
            String exported = Await.untilValue(TIMEOUT, "table commit metrics", () -> {
                String m = getText(service, "metrics");
                return m.contains("serving_table_last_commit_seconds{table=\"gold/hourly_metrics\"}") ? m : null;
            });
            // docs/monitoring.md names only metrics the service exports.
            java.util.regex.Matcher names = java.util.regex.Pattern.compile("serving_[a-z_]+[a-z]")
                    .matcher(java.nio.file.Files.readString(Path.of("..", "docs", "monitoring.md")));
            int checked = 0;
            while (names.find()) {
                if (!names.group().equals("serving_quality_score")) {
                    assertThat(exported).as(names.group()).contains(names.group());
                    checked++;
                }
            }
            assertThat(checked).isGreaterThan(15);
            assertThat(getText(service, "metrics"))
                    .containsPattern("serving_table_version\\{table=\"gold/hourly_metrics\"} [12]\\.0");
        }
    }

    /** What the hourly batch job computes for an hour (wave-spec shape), per (event type, region). */
    private static List<HourlyMetricsTable.Group> groups(List<Event> events) {
        Map<String, List<Event>> bySeries = new LinkedHashMap<>();
        for (Event e : events) {
            bySeries.computeIfAbsent(e.type() + "/" + e.region(), k -> new ArrayList<>()).add(e);
        }
        List<HourlyMetricsTable.Group> groups = new ArrayList<>();
        for (List<Event> g : bySeries.values()) {
            long[] responses = g.stream().mapToLong(Event::response).toArray();
            Double revenue = g.stream().anyMatch(e -> e.revenue() != null)
                    ? g.stream().filter(e -> e.revenue() != null).mapToDouble(Event::revenue).sum() : null;
            groups.add(new HourlyMetricsTable.Group(g.get(0).type(), g.get(0).region(),
                    g.stream().filter(Event::late).count(), g.stream().mapToLong(Event::latency).toArray(),
                    g.stream().mapToLong(Event::processing).toArray(), responses, revenue, percentile(responses, 0.95)));
        }
        return groups;
    }

    /** Spark's percentile(): linear interpolation between the closest ranks. */
    private static double percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = p * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    private static void produce(List<Event> events) {
        KAFKA.produce("events.clean", events.stream().map(e -> Map.entry(e.type(), e.json())).toList());
    }

    private static long total(JsonNode response, long epochHour) {
        long sum = 0;
        for (JsonNode b : response.get("buckets")) {
            if (Instant.parse(b.get("start").asText()).getEpochSecond() == epochHour * 3600) {
                sum += b.get("event_count").asLong();
            }
        }
        return sum;
    }

    private static List<String> sources(JsonNode response, long epochHour) {
        List<String> sources = new ArrayList<>();
        for (JsonNode b : response.get("buckets")) {
            if (Instant.parse(b.get("start").asText()).getEpochSecond() == epochHour * 3600) {
                sources.add(b.get("source").asText());
            }
        }
        return sources;
    }

    private static Map<String, JsonNode> bySeries(JsonNode response, long epochHour) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (JsonNode b : response.get("buckets")) {
            if (Instant.parse(b.get("start").asText()).getEpochSecond() == epochHour * 3600) {
                map.put(b.get("event_type").asText() + "/" + b.get("region").asText(), b);
            }
        }
        return map;
    }

    private static JsonNode get(ServingService service, String path) {
        try {
            return MAPPER.readTree(getText(service, path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String getText(ServingService service, String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(service.baseUri() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + ": HTTP " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
