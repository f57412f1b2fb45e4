package dev.medallion.serving.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.serving.batch.BatchView;
import dev.medallion.serving.batch.DataQualityReader;
import dev.medallion.serving.batch.HourlyMetricsReader;
import dev.medallion.serving.batch.KernelTableReader;
import dev.medallion.serving.monitor.ServingMetrics;
import dev.medallion.serving.monitor.StageMonitor;
import dev.medallion.serving.query.QueryMerger;
import dev.medallion.serving.query.ServingQueries;
import dev.medallion.serving.speed.CleanEvent;
import dev.medallion.serving.speed.InMemorySpeedView;
import dev.medallion.serving.speed.SpeedRetention;
import io.delta.kernel.defaults.engine.DefaultEngine;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP API on a real JDK server (free port) over real views; no Kafka (stage figures are a fixed sample). */
class ApiServerTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:30:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path lake;

    private ApiServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ApiServer start(String token) throws IOException {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        KernelTableReader reader = new KernelTableReader(DefaultEngine.create(new Configuration()));
        BatchView batch = new BatchView(new HourlyMetricsReader(reader), new DataQualityReader(reader),
                lake.resolve("gold/hourly_metrics").toUri().toString(),
                lake.resolve("gold/data_quality").toUri().toString(), clock);
        InMemorySpeedView speed = new InMemorySpeedView();
        speed.add(new CleanEvent("purchase", "eu", NOW.minusSeconds(120), false, 10L, 5L, 100L, 9.5));
        speed.add(new CleanEvent("purchase", "eu", NOW.minusSeconds(110), true, 30L, 5L, 300L, 0.5));
        speed.add(new CleanEvent("page_view", "us", NOW.minusSeconds(60), false, 20L, 5L, 50L, null));
        SpeedRetention retention = new SpeedRetention(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofHours(24));
        ServingQueries queries = new ServingQueries(batch, speed, retention, new QueryMerger(1000), clock,
                () -> true, () -> true);
        StageMonitor.StageSnapshot stages = new StageMonitor.StageSnapshot(NOW, Map.of("events.raw", 42L),
                Map.of("events.raw", 2.5), Map.of("connect-bronze-sink", 7L));
        server = new ApiServer("127.0.0.1", 0, queries, () -> stages, List.of("events.raw"), List.of("events.dlq"),
                new ServingMetrics(), new TokenAuthenticator(token), 100, () -> true);
        server.start();
        return server;
    }

    private HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> r) throws IOException {
        return MAPPER.readTree(r.body());
    }

    @Test
    void metricsSayTheSourceOfEachBucketAndTheBoundary() throws Exception {
        start(null);
        HttpResponse<String> r = get("/api/metrics?from=2026-12-03T12:00:00Z&to=2026-12-03T12:30:00Z"
                + "&granularity=1m", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.at("/boundary/time").isNull()).isTrue();     // no batch table: all from speed
        assertThat(body.get("buckets")).hasSize(2);
        JsonNode purchase = body.get("buckets").get(0);
        assertThat(purchase.get("start").asText()).isEqualTo("2026-12-03T12:28:00Z");
        assertThat(purchase.get("end").asText()).isEqualTo("2026-12-03T12:29:00Z");
        assertThat(purchase.get("source").asText()).isEqualTo("speed");
        assertThat(purchase.get("event_type").asText()).isEqualTo("purchase");
        assertThat(purchase.get("event_count").asLong()).isEqualTo(2);
        assertThat(purchase.get("late_event_count").asLong()).isEqualTo(1);
        assertThat(purchase.get("avg_latency_ms").asDouble()).isEqualTo(20.0);
        assertThat(purchase.get("revenue_sum").asDouble()).isEqualTo(10.0);
        assertThat(purchase.get("p95_exact").asBoolean()).isFalse();
        assertThat(body.get("truncated").asBoolean()).isFalse();

        JsonNode all = json(get("/api/metrics?from=2026-12-03T12:00:00Z&to=2026-12-03T12:30:00Z&group_by=none",
                null));
        assertThat(all.get("buckets")).singleElement().satisfies(b -> {
            assertThat(b.get("event_count").asLong()).isEqualTo(3);
            assertThat(b.has("event_type")).isFalse();
        });
    }

    @Test
    void invalidInputIs400WithAMessage() throws Exception {
        start(null);
        Map<String, String> cases = Map.of(
                "/api/metrics?from=2026-12-03T12:00:00Z&to=2026-12-03T13:00:00Z&color=red", "unknown parameter 'color'",
                "/api/metrics?from=2026-12-03T12:00:00Z&to=2026-12-03T13:00:00Z&granularity=5m", "granularity must be",
                "/api/metrics?from=2026-12-03T13:00:00Z&to=2026-12-03T12:00:00Z", "'from' must be before 'to'",
                "/api/metrics?from=yesterday&to=2026-12-03T12:00:00Z", "ISO-8601",
                "/api/metrics?to=2026-12-03T12:00:00Z", "'from' is required",
                "/api/metrics?from=2026-12-01T00:00:00Z&to=2026-12-03T00:00:00Z&granularity=1m", "at most 100",
                "/api/top?from=2026-12-03T12:00:00Z&to=2026-12-03T13:00:00Z&dimension=region&n=1000", "between 1 and 100",
                "/api/top?from=2026-12-03T12:00:00Z&to=2026-12-03T13:00:00Z&dimension=user", "dimension must be",
                "/api/metrics?from=2026-12-03T12:00:00Z&to=2026-12-03T13:00:00Z&region=%3Cscript%3E", "region",
                "/api/metrics?from=2026-12-03T12:00:00Z&from=2026-12-03T12:00:00Z&to=2026-12-03T13:00:00Z", "more than once");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = get(c.getKey(), null);
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(json(r).get("error").asText()).as(c.getKey()).contains(c.getValue());
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/metrics")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(get("/api/nothing", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aTokenIsRequiredEverywhereButHealthAndTheDashboardPage() throws Exception {
        start("s3cret-token");
        for (String path : List.of("/api/metrics?from=2026-12-03T12:00:00Z&to=2026-12-03T12:30:00Z", "/api/freshness",
                "/api/stages", "/metrics", "/openapi.json")) {
            HttpResponse<String> denied = get(path, null);
            assertThat(denied.statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "wrong").statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "s3cret-token").statusCode()).as(path).isEqualTo(200);
            assertThat(denied.body()).doesNotContain("s3cret");
        }
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/dashboard", null).statusCode()).isEqualTo(200);
    }

    @Test
    void servesOpenApiHealthFreshnessStagesTopAndPrometheus() throws Exception {
        start(null);
        JsonNode openapi = json(get("/openapi.json", null));
        assertThat(openapi.get("openapi").asText()).startsWith("3.");
        assertThat(openapi.get("paths").fieldNames()).toIterable()
                .contains("/api/metrics", "/api/top", "/api/freshness", "/api/stages", "/health", "/metrics");

        JsonNode health = json(get("/health", null));
        // No batch table at all: batch counts as lagging (nothing final for a day), the service says so.
        assertThat(health.get("status").asText()).isEqualTo("DEGRADED");
        assertThat(health.at("/checks/batch").asText()).contains("batch lags");

        JsonNode freshness = json(get("/api/freshness", null));
        assertThat(freshness.at("/speed/entries").asLong()).isEqualTo(2);
        assertThat(freshness.at("/batch/table_version").asLong()).isEqualTo(-1);

        JsonNode stages = json(get("/api/stages", null));
        assertThat(stages.at("/stages/0/rate_per_second").asDouble()).isEqualTo(2.5);
        assertThat(stages.at("/sink_lag/connect-bronze-sink").asLong()).isEqualTo(7);

        JsonNode top = json(get("/api/top?from=2026-12-03T12:00:00Z&to=2026-12-03T12:30:00Z&dimension=event_type&n=1",
                null));
        assertThat(top.get("items")).singleElement().satisfies(i -> {
            assertThat(i.get("event_type").asText()).isEqualTo("purchase");
            assertThat(i.get("event_count").asLong()).isEqualTo(2);
        });

        String prometheus = get("/metrics", null).body();
        assertThat(prometheus).contains("serving_http_requests_seconds_count{route=\"/api/top\",status=\"200\"} 1");
    }
}
