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

    /**
     * Hostile requests, sent as raw HTTP (java.net.URI refuses some of them): each gets a 4xx whose JSON body says
     * what was wrong, never a 500 or a stack trace, and a bounded body however long the input.
     */
    @Test
    void attackerInputGets4xxWithAClearMessage() throws Exception {
        start(null);
        String range = "from=2026-12-03T12:00:00Z&to=2026-12-03T13:00:00Z";
        String longValue = "a".repeat(1900);   // the query string stays under its 2048-character cap
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("/api/metrics?" + range + "&region=" + longValue, "region");
        cases.put("/api/metrics?" + range + "&region=" + "a".repeat(5000), "too long");
        cases.put("/api/metrics?" + range + "&granularity=1%00m", "granularity must be");
        cases.put("/api/metrics?" + range + "&granularity=", "'granularity' has no value");
        cases.put("/api/metrics?" + range + "&granularity=" + "x".repeat(1900), "granularity must be");
        cases.put("/api/metrics?" + range + "&granularity=1w", "granularity must be");
        cases.put("/api/metrics?" + range + "&granularity=1m&granularity=1h", "more than once");
        cases.put("/api/metrics?" + range + "&region=eu&region=us", "more than once");
        cases.put("/api/metrics?" + range + "&=x", "unknown parameter");
        cases.put("/api/top?" + range + "&dimension=region&n=99999999999999999999", "must be an integer");
        cases.put("/api/top?" + range + "&dimension=region&n=-2147483649", "must be an integer");
        cases.put("/api/top?" + range + "&dimension=region&n=0x10", "must be an integer");
        cases.put("/api/top?" + range + "&dimension=region&n=1e3", "must be an integer");
        cases.put("/api/top?" + range + "&dimension=region&n=" + "9".repeat(1900), "must be an integer");
        // Instant.MAX/MIN: epoch-minute arithmetic near them overflows, so times are bounded to years 1970-9999.
        cases.put("/api/metrics?from=%2B1000000000-12-31T23:00:00Z&to=%2B1000000000-12-31T23:59:59.999999999Z"
                + "&granularity=1h", "'from' must lie between");
        cases.put("/api/metrics?from=-1000000000-01-01T00:00:00Z&to=2026-12-03T13:00:00Z", "'from' must lie between");
        cases.put("/api/metrics?from=2026-12-03T12:00:00Z&to=%2B10000-01-01T00:00:00Z", "'to' must lie between");
        cases.put("/api/metrics?from=+9999999999-01-01T00:00:00Z&to=2026-12-03T13:00:00Z", "send a '+' as %2B");
        cases.put("/api/metrics?from=2026-12-03T12:00:00Z&to=2026-13-03T13:00:00Z", "ISO-8601");
        cases.put("/api/metrics?from=2026-12-03T12:00:00Z&to=99999999999999999999", "ISO-8601");
        cases.put("/api/metrics?from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59Z&granularity=1d",
                "at most 100");
        cases.put("/api/top?from=2026-01-01T00:00:00Z&to=2026-12-03T13:00:00Z&dimension=region", "31 days");
        cases.put("/api/metrics/" + "x".repeat(20_000), "no such path");
        cases.put("/health?verbose=1", "unknown parameter");
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        for (Map.Entry<String, String> c : cases.entrySet()) {
            RawResponse r = raw("GET " + c.getKey() + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            String what = c.getKey().length() > 120 ? c.getKey().substring(0, 120) + "..." : c.getKey();
            soft.assertThat(r.status()).as(what).isBetween(400, 499);
            soft.assertThat(r.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
            soft.assertThat(r.body().length()).as(what).isLessThan(1024);
            soft.assertThat(errorOf(r)).as(what).contains(c.getValue());
        }
        // Escapes java.net.URI refuses never reach the API: the JDK server answers 400 with its own one-line body.
        for (String bad : List.of("%zz", "%", "%E0%A4%A")) {
            RawResponse r = raw("GET /api/metrics?" + range + "&granularity=" + bad + " HTTP/1.1\r\n"
                    + "Host: localhost\r\nConnection: close\r\n\r\n");
            soft.assertThat(r.status()).as(bad).isEqualTo(400);
            soft.assertThat(r.body()).as(bad).contains("Bad Request").doesNotContain("\tat ").hasSizeLessThan(200);
        }
        soft.assertAll();
    }

    @Test
    void aRequestBodyOnGetIsRefusedUnread() throws Exception {
        start(null);
        String path = "/api/metrics?from=2026-12-03T12:00:00Z&to=2026-12-03T13:00:00Z";
        RawResponse small = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(small.status()).isEqualTo(400);
        assertThat(MAPPER.readTree(small.body()).get("error").asText()).contains("takes no body");
        // A client announcing 1 GiB gets its answer without the server waiting for (or reading) the body.
        RawResponse huge = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1073741824\r\n"
                + "\r\n" + "x".repeat(1000));
        assertThat(huge.status()).isEqualTo(400);
        RawResponse chunked = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
        assertThat(chunked.status()).isEqualTo(400);
        assertThat(raw("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").status())
                .isEqualTo(200);
    }

    private record RawResponse(int status, String body) {
    }

    /** The JSON error message, or the raw body when it is not the API's JSON. */
    private static String errorOf(RawResponse r) {
        try {
            return MAPPER.readTree(r.body()).path("error").asText();
        } catch (IOException notJson) {
            return "not JSON: " + r.body();
        }
    }

    /** One request over a plain socket; reads the status line and, from Content-Length, the body. */
    private RawResponse raw(String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
                    socket.getInputStream()));
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            int length = -1;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(header.indexOf(':') + 1).trim());
                }
            }
            byte[] body = length < 0 ? new byte[0] : new byte[length];
            in.readFully(body);
            return new RawResponse(status, new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static String line(java.io.InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("connection closed after '" + b + "'");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
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
