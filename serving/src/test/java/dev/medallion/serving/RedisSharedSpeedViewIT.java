package dev.medallion.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.serving.batch.HourlyMetricsTable;
import dev.medallion.serving.speed.redis.RedisServerProcess;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two serving replicas with speed.store=redis on one Redis: both read every partition of events.clean, both answer
 * the same totals, and no event is counted twice, also when a third replica starts later and replays the topic.
 */
class RedisSharedSpeedViewIT {
    @RegisterExtension
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void replicasShareOneViewWithoutDoubleCounting() throws Exception {
        long currentHour = Instant.now().getEpochSecond() / 3600;
        Path lake = Files.createDirectories(dir.resolve("lake"));
        HourlyMetricsTable table = new HourlyMetricsTable(lake.resolve("gold/hourly_metrics"));
        table.create();
        table.commitHour(currentHour - 2, List.of());         // W = previous hour: everything since is speed
        KAFKA.createTopic("events.clean", 2);
        produce(0, 30);

        try (RedisServerProcess redis = RedisServerProcess.start(Files.createDirectories(dir.resolve("redis")))) {
            Map<String, Object> settings = Map.of(
                    ServingConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                    ServingConfig.LAKEHOUSE_CONFIG, lake.toString(),
                    ServingConfig.PORT_CONFIG, "0",
                    ServingConfig.SPEED_STORE_CONFIG, "redis",
                    ServingConfig.REDIS_URL_CONFIG, redis.url());
            String query = "api/metrics?granularity=1h&from=" + Instant.ofEpochSecond((currentHour - 1) * 3600)
                    + "&to=" + Instant.ofEpochSecond((currentHour + 1) * 3600);
            try (ServingService a = ServingService.start(new ServingConfig(settings));
                 ServingService b = ServingService.start(new ServingConfig(settings))) {
                awaitTotal(a, query, 30);
                awaitTotal(b, query, 30);
                produce(30, 12);
                awaitTotal(a, query, 42);
                awaitTotal(b, query, 42);
                // A third replica replays events.clean from W - 10 min into the same view: nothing is added twice.
                try (ServingService c = ServingService.start(new ServingConfig(settings))) {
                    Await.until(TIMEOUT, "the third replica to catch up",
                            () -> c.metrics().scrape().contains("\nserving_speed_caught_up 1.0"));
                    assertThat(total(get(c, query))).isEqualTo(42);
                    assertThat(total(get(a, query))).isEqualTo(42);
                }
            }
        }
    }

    private static void produce(int first, int count) {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = first; i < first + count; i++) {
            String type = i % 2 == 0 ? "purchase" : "page_view";     // both partitions get records
            Instant t = now.minusSeconds(i % 5);
            records.add(Map.entry(type + i, "{\"event_id\":\"e" + i + "\",\"event_type\":\"" + type
                    + "\",\"user_id\":\"u\",\"region\":\"eu\",\"event_timestamp\":\"" + t + "\",\"revenue\":1.5,"
                    + "\"latency_ms\":3,\"response_time_ms\":" + (100 + i) + ",\"processing_time_ms\":2,"
                    + "\"text\":null,\"late_arrival\":false,\"processed_timestamp\":\"" + t + "\"}"));
        }
        KAFKA.produce("events.clean", records);
    }

    private static void awaitTotal(ServingService service, String query, long expected) {
        Await.until(TIMEOUT, "a replica to serve " + expected + " events", () -> total(get(service, query)) == expected);
    }

    private static long total(JsonNode response) {
        long sum = 0;
        for (JsonNode b : response.get("buckets")) {
            sum += b.get("event_count").asLong();
        }
        return sum;
    }

    private static JsonNode get(ServingService service, String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(service.baseUri() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return MAPPER.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
