package dev.medallion.benchmarks.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.serving.ServingConfig;
import dev.medallion.serving.ServingService;
import dev.medallion.testkit.KafkaTestCluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Step 2 (this module's class path): an in-process Kafka gets events-clean.jsonl as {@code events.clean}; the real
 * {@code ServingService} reads it into its speed view and {@code gold/hourly_metrics} into its batch view. Once the
 * API's 24-hour answer holds every event of the plan (exact count), the same request (24 hours at 1m, by event type
 * and region) is timed: a warm-up, N requests one after the other (p50, p99, requests/s), then N requests from 4
 * concurrent clients (requests/s). The figures go to serving-api.properties for step 3.
 *
 * <p>Usage: {@code ServingApiBenchmark <dir> <repetitions>}
 */
public final class ServingApiBenchmark {
    private static final int WARM_UP = 20;
    private static final int CLIENTS = 4;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ServingApiBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
        int repetitions = Integer.parseInt(args[1]);
        BenchmarkPlan plan = BenchmarkPlan.read(dir);
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("events-clean.jsonl"))) {
            JsonNode event = MAPPER.readTree(line);
            records.add(Map.entry(event.get("event_type").asText() + "/" + event.get("region").asText(), line));
        }
        try (KafkaTestCluster kafka = new KafkaTestCluster().start()) {
            kafka.createTopic("events.clean", 2);
            kafka.produce("events.clean", records);
            Map<String, Object> settings = Map.of(
                    ServingConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ServingConfig.LAKEHOUSE_CONFIG, dir.toString(),
                    ServingConfig.PORT_CONFIG, "0");
            try (ServingService service = ServingService.start(new ServingConfig(settings))) {
                URI query = URI.create(service.baseUri() + "api/metrics?granularity=1m&from=" + plan.from()
                        + "&to=" + plan.to());
                HttpClient http = HttpClient.newHttpClient();
                JsonNode answer = awaitComplete(http, query, plan);
                long buckets = answer.get("buckets").size();
                System.out.printf(Locale.ROOT, "API ready: %,d events in %,d buckets (boundary %s); %s%n",
                        plan.totalEvents(), buckets, answer.at("/boundary/time").asText(), query);
                for (int i = 0; i < WARM_UP; i++) {
                    get(http, query);
                }
                long[] nanos = new long[repetitions];
                for (int i = 0; i < repetitions; i++) {
                    long t0 = System.nanoTime();
                    get(http, query);
                    nanos[i] = System.nanoTime() - t0;
                }
                double concurrent = concurrentRate(http, query, repetitions);
                Timings t = Timings.of("serving API (HTTP, JSON)", nanos, concurrent, plan.totalEvents(), buckets);
                t.write(dir.resolve("serving-api.properties"));
                System.out.println(Timings.header());
                System.out.println(t.row());
            }
        }
    }

    private static JsonNode awaitComplete(HttpClient http, URI query, BenchmarkPlan plan) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            JsonNode body = MAPPER.readTree(get(http, query));
            long total = 0;
            for (JsonNode b : body.path("buckets")) {
                total += b.get("event_count").asLong();
            }
            if (total == plan.totalEvents()) {
                return body;
            }
            seen = total;
            Thread.sleep(500);   // polling the service while its speed view fills; not part of any timing
        }
        throw new IllegalStateException("the API answered " + seen + " events, the plan holds "
                + plan.totalEvents());
    }

    private static double concurrentRate(HttpClient http, URI query, int repetitions) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int c = 0; c < CLIENTS; c++) {
                int share = repetitions / CLIENTS + (c < repetitions % CLIENTS ? 1 : 0);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        get(http, query);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return repetitions / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String get(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
