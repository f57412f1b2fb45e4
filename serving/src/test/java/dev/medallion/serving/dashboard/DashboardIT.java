package dev.medallion.serving.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.serving.api.ApiServer;
import dev.medallion.serving.api.TokenAuthenticator;
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
import dev.medallion.testkit.Await;
import io.delta.kernel.defaults.engine.DefaultEngine;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless browser (Debian's chromium; .ci/run installs it): the page loads without console
 * errors or failed requests, and the figures it shows are the API's for the same range. The service runs with a token,
 * which the page takes from its URL fragment. Skipped only when no chromium binary exists.
 */
class DashboardIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TOKEN = "dashboard-test-token";

    @TempDir
    Path lake;

    @Test
    void thePageLoadsWithoutErrorsAndShowsTheApisNumbers() throws Exception {
        Path chromium = HeadlessChromium.binary().orElse(null);
        Assumptions.assumeTrue(chromium != null, "No chromium binary (/usr/bin/chromium): install Debian's"
                + " 'chromium' package (.ci/run does) to run the dashboard test");

        Clock clock = Clock.systemUTC();
        Instant now = clock.instant();
        InMemorySpeedView speed = new InMemorySpeedView();
        long currentHour = now.getEpochSecond() / 3600;
        for (int i = 0; i < 12; i++) {       // the previous hour
            speed.add(new CleanEvent(i % 2 == 0 ? "purchase" : "page_view", i % 3 == 0 ? "eu" : "us",
                    Instant.ofEpochSecond((currentHour - 1) * 3600 + i * 240L), false, 10L + i, 3L, 100L + 10 * i,
                    i % 2 == 0 ? 2.5 * i : null));
        }
        for (int m = 2; m <= 8; m++) {       // minutes of the last ten
            for (int k = 0; k < m; k++) {
                speed.add(new CleanEvent(k % 2 == 0 ? "click" : "purchase", "eu", now.minusSeconds(m * 60L),
                        false, 5L, 1L, 40L + k, k % 2 == 0 ? null : 1.0));
            }
        }
        KernelTableReader reader = new KernelTableReader(DefaultEngine.create(new Configuration()));
        BatchView batch = new BatchView(new HourlyMetricsReader(reader), new DataQualityReader(reader),
                lake.resolve("gold/hourly_metrics").toUri().toString(),
                lake.resolve("gold/data_quality").toUri().toString(), clock);
        ServingQueries queries = new ServingQueries(batch, speed, new SpeedRetention(Duration.ofHours(1),
                Duration.ofMinutes(5), Duration.ofHours(24)), new QueryMerger(10_000), clock, () -> true, () -> true);
        StageMonitor.StageSnapshot stages = new StageMonitor.StageSnapshot(now,
                Map.of("events.raw", 1200L, "events.clean", 1100L, "events.dlq", 30L),
                Map.of("events.raw", 40.0, "events.clean", 36.5, "events.dlq", 0.75),
                Map.of("connect-bronze-sink", 12L, "connect-silver-sink", 3L));

        try (ApiServer api = new ApiServer("127.0.0.1", 0, queries, () -> stages, List.of("events.raw", "events.clean"),
                List.of("events.dlq"), new ServingMetrics(), new TokenAuthenticator(TOKEN), 2_880, () -> true);
             HeadlessChromium browser = new HeadlessChromium(chromium)) {
            api.start();
            String base = "http://127.0.0.1:" + api.port() + "/";
            browser.navigate(base + "dashboard#token=" + TOKEN);
            Await.until(Duration.ofSeconds(60), "the dashboard to load its data", () ->
                    "true".equals(browser.evaluate("document.body.dataset.loaded || ''").asText()));

            JsonNode page = browser.evaluate("""
                    JSON.parse(JSON.stringify({
                      from: document.getElementById('events-hour').dataset.from,
                      to: document.getElementById('events-hour').dataset.to,
                      events: document.getElementById('events-hour').textContent,
                      p95: document.getElementById('p95-hour').textContent,
                      revenue: document.getElementById('revenue-hour').textContent,
                      dlq: document.getElementById('dlq-rate').textContent,
                      lag: document.getElementById('sink-lag').textContent,
                      status: document.getElementById('status').textContent,
                      stages: [...document.querySelectorAll('#stages tbody tr')].map(r => r.innerText),
                      minutesFrom: document.getElementById('per-minute').dataset.from,
                      minutesTo: document.getElementById('per-minute').dataset.to,
                      minutes: [...document.querySelectorAll('#per-minute tbody tr')]
                                 .map(r => [...r.cells].map(c => c.textContent))
                    }))""");

            JsonNode hour = get(base + "api/metrics?granularity=1d&group_by=none&from=" + page.get("from").asText()
                    + "&to=" + page.get("to").asText());
            JsonNode total = hour.get("buckets").get(0);
            assertThat(total.get("event_count").asLong()).isEqualTo(12 + 35);
            assertThat(page.get("events").asText()).isEqualTo(Long.toString(total.get("event_count").asLong()));
            assertThat(page.get("p95").asText())
                    .isEqualTo(String.format(Locale.ROOT, "%.1f", total.get("p95_response_time_ms").asDouble()));
            assertThat(page.get("revenue").asText())
                    .isEqualTo(String.format(Locale.ROOT, "%.2f", total.get("revenue_sum").asDouble()));
            assertThat(page.get("dlq").asText()).isEqualTo("0.75");
            assertThat(page.get("lag").asText()).isEqualTo("15");
            assertThat(page.get("status").asText()).isEqualTo(get(base + "health").get("status").asText());
            assertThat(page.get("stages").get(0).asText()).contains("events.raw").contains("40.0").contains("1200");

            JsonNode minutes = get(base + "api/metrics?granularity=1m&from=" + page.get("minutesFrom").asText()
                    + "&to=" + page.get("minutesTo").asText());
            List<String> expected = new ArrayList<>();
            for (JsonNode b : minutes.get("buckets")) {
                expected.add(b.get("start").asText().substring(11, 16) + "|" + b.get("event_type").asText() + "|"
                        + b.get("region").asText() + "|" + b.get("event_count").asLong() + "|"
                        + b.get("source").asText());
            }
            List<String> shown = new ArrayList<>();
            for (JsonNode row : page.get("minutes")) {
                List<String> cells = new ArrayList<>();
                row.forEach(c -> cells.add(c.asText()));
                shown.add(String.join("|", cells));
            }
            assertThat(expected).isNotEmpty();
            assertThat(shown).isEqualTo(expected);
            assertThat(browser.errors()).isEmpty();
        }
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return MAPPER.readTree(r.body());
    }
}
