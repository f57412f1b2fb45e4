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
import redis.clients.jedis.RedisClient;

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
 * The Redis speed view's consumer when Redis goes away mid-stream (SIGKILL) and comes back on the same port with the
 * same data directory (append-only file, fsync always: the shared view is the only copy of what the replicas
 * consumed, so it is run persistent). While Redis is down the consumer retries the same record, /health says
 * DEGRADED and queries get 503; nothing is skipped and no consumer group commits offsets (the applied positions live
 * in Redis, written in the same script as the counters). Once Redis is back every record counts exactly once.
 */
class RedisOutageIT {
    @RegisterExtension
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void aRedisOutageDelaysButNeitherLosesNorDoublesARecord() throws Exception {
        long currentHour = Instant.now().getEpochSecond() / 3600;
        Path lake = Files.createDirectories(dir.resolve("lake"));
        HourlyMetricsTable table = new HourlyMetricsTable(lake.resolve("gold/hourly_metrics"));
        table.create();
        table.commitHour(currentHour - 2, List.of());         // W = previous hour: everything since is speed
        KAFKA.createTopic("events.clean", 2);
        produce(0, 20);

        Path redisDir = Files.createDirectories(dir.resolve("redis"));
        RedisServerProcess redis = RedisServerProcess.startPersistent(redisDir);
        try {
            Map<String, Object> settings = Map.of(
                    ServingConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                    ServingConfig.LAKEHOUSE_CONFIG, lake.toString(),
                    ServingConfig.PORT_CONFIG, "0",
                    ServingConfig.SPEED_STORE_CONFIG, "redis",
                    ServingConfig.REDIS_URL_CONFIG, redis.url());
            String query = "api/metrics?granularity=1h&from=" + Instant.ofEpochSecond((currentHour - 1) * 3600)
                    + "&to=" + Instant.ofEpochSecond((currentHour + 1) * 3600);
            try (ServingService service = ServingService.start(new ServingConfig(settings))) {
                awaitTotal(service, query, 20);
                Await.until(TIMEOUT, "health UP", () -> "UP".equals(body(get(service, "health")).get("status")
                        .asText()));

                redis.kill();
                produce(20, 15);
                Await.until(TIMEOUT, "health DEGRADED while Redis is down",
                        () -> "DEGRADED".equals(body(get(service, "health")).get("status").asText()));
                assertThat(body(get(service, "health")).at("/checks/speed").asText()).contains("unreachable");
                // The consumer has read the new records and retries the first one against the dead Redis.
                Await.until(TIMEOUT, "the consumer to retry against the dead Redis",
                        () -> storeRetries(service) >= 2);
                HttpResponse<String> during = get(service, query);
                assertThat(during.statusCode()).isEqualTo(503);
                assertThat(body(during).get("error").asText()).contains("speed view").contains("retry");
                assertThat(get(service, "metrics").statusCode()).isEqualTo(200);

                redis = redis.restart();
                awaitTotal(service, query, 35);
                Await.until(TIMEOUT, "health UP again", () -> "UP".equals(body(get(service, "health"))
                        .get("status").asText()));
                produce(35, 5);
                awaitTotal(service, query, 40);
                assertThat(total(body(get(service, query)))).isEqualTo(40);
            }
            // No consumer group exists, so no Kafka offset was committed for anything: the positions the view has
            // applied are the ones in Redis, written by the same script as the counters (offset + 1 = records).
            assertThat(KAFKA.admin().listGroups().all().get()).isEmpty();
            try (RedisClient jedis = RedisClient.create(URI.create(redis.url()))) {
                long applied = 0;
                for (String offset : jedis.hgetAll("medallion:speed:offsets").values()) {
                    applied += Long.parseLong(offset) + 1;
                }
                assertThat(applied).isEqualTo(40);
            }
        } finally {
            redis.close();
        }
    }

    private static double storeRetries(ServingService service) {
        for (String line : service.metrics().scrape().split("\n")) {
            if (line.startsWith("serving_speed_store_retries_total")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
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
        Await.until(TIMEOUT, "the service to serve " + expected + " events",
                () -> total(body(get(service, query))) == expected);
    }

    private static long total(JsonNode response) {
        long sum = 0;
        for (JsonNode b : response.get("buckets")) {
            sum += b.get("event_count").asLong();
        }
        return sum;
    }

    private static JsonNode body(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> get(ServingService service, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUri() + path))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
