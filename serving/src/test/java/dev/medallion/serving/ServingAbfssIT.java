package dev.medallion.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.adls.emulator.AdlsEmulator;
import dev.medallion.adls.emulator.fault.Operation;
import dev.medallion.serving.batch.HourlyMetricsTable;
import dev.medallion.testkit.Await;
import dev.medallion.testkit.KafkaTestCluster;
import io.delta.kernel.defaults.engine.DefaultEngine;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The serving layer with its lakehouse on ADLS Gen2: {@code --lakehouse abfss://...} and the account's
 * {@code hadoop.*} settings, as an operator passes them; the batch view reads gold/hourly_metrics through Delta Kernel
 * and hadoop-azure's ABFS driver from the ADLS emulator and serves its hours, with the boundary from the table's txn.
 */
class ServingAbfssIT {
    @RegisterExtension
    static final KafkaTestCluster KAFKA = new KafkaTestCluster();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long HOUR = Instant.parse("2026-12-03T10:00:00Z").getEpochSecond() / 3600;

    private static AdlsEmulator adls;

    @BeforeAll
    static void startAdls() {
        // Before this JVM's first ABFS request: the driver captures the default TLS context once.
        AdlsEmulator.trustCertificateInThisJvm();
        adls = AdlsEmulator.builder().fileSystem("lakehouse").build().start();
    }

    @AfterAll
    static void stopAdls() {
        adls.close();
    }

    @Test
    void theBatchViewServesHourlyMetricsReadFromAbfss() throws Exception {
        Configuration writer = new Configuration();
        adls.sharedKeySettings().forEach(writer::set);
        HourlyMetricsTable table = new HourlyMetricsTable(adls.uri("lakehouse", "lake/gold/hourly_metrics"),
                DefaultEngine.create(writer), HourlyMetricsTable.SCHEMA);
        table.create();
        table.commitHour(HOUR, List.of(
                new HourlyMetricsTable.Group("purchase", "eu", 1, new long[]{10, 30}, new long[]{5, 5, 5},
                        new long[]{100, 200, 300}, 12.5, 290.0),
                new HourlyMetricsTable.Group("page_view", "us", 0, new long[]{4}, new long[]{2}, new long[]{50},
                        null, 50.0)));
        KAFKA.createTopic("events.clean", 1);
        KAFKA.createTopic("events.dlq", 1);

        Map<String, String> settings = new HashMap<>(Map.of(
                ServingConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ServingConfig.LAKEHOUSE_CONFIG, adls.uri("lakehouse", "lake"),
                ServingConfig.PORT_CONFIG, "0",
                ServingConfig.BATCH_REFRESH_CONFIG, "500"));
        adls.sharedKeySettings().forEach((k, v) -> settings.put("hadoop." + k, v));
        long readsBefore = adls.faults().requests(Operation.READ);
        try (ServingService service = ServingService.start(new ServingConfig(settings))) {
            String query = "api/metrics?granularity=1h&from=" + Instant.ofEpochSecond(HOUR * 3600)
                    + "&to=" + Instant.ofEpochSecond((HOUR + 1) * 3600);
            JsonNode response = Await.untilValue(Duration.ofSeconds(60), "the hour served from batch", () -> {
                JsonNode r = get(service, query);
                return r.get("buckets").size() == 2 ? r : null;
            });
            assertThat(response.at("/boundary/epoch_hour").asLong()).isEqualTo(HOUR + 1);
            Map<String, JsonNode> bySeries = new HashMap<>();
            for (JsonNode bucket : response.get("buckets")) {
                assertThat(bucket.get("source").asText()).isEqualTo("batch");
                bySeries.put(bucket.get("event_type").asText() + "/" + bucket.get("region").asText(), bucket);
            }
            assertThat(bySeries.get("purchase/eu").get("event_count").asLong()).isEqualTo(3);
            assertThat(bySeries.get("purchase/eu").get("late_event_count").asLong()).isEqualTo(1);
            assertThat(bySeries.get("purchase/eu").get("revenue_sum").asDouble()).isEqualTo(12.5);
            assertThat(bySeries.get("purchase/eu").get("p95_response_time_ms").asDouble()).isEqualTo(290.0);
            assertThat(bySeries.get("page_view/us").get("event_count").asLong()).isEqualTo(1);
        }
        assertThat(adls.faults().requests(Operation.READ)).as("the view read the table from the emulator")
                .isGreaterThan(readsBefore);
    }

    private static JsonNode get(ServingService service, String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(service.baseUri() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            return MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
