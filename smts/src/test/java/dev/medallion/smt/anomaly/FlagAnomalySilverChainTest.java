package dev.medallion.smt.anomaly;

import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The silver sink's chain as the spec ships it: three FlagAnomaly instances (latency_ms, response_time_ms, revenue;
 * key.field=event_type) over the schemaless values JsonConverter makes of events.clean, where revenue exists for
 * purchases only and numbers arrive as Long or Double.
 */
class FlagAnomalySilverChainTest {
    private static final String[] MEASURES = {"latency_ms", "response_time_ms", "revenue"};
    private final List<FlagAnomaly<SinkRecord>> chain = new ArrayList<>();
    private final JsonConverter json = new JsonConverter();
    private long offset;

    @BeforeEach
    void configureTheChain() {
        json.configure(Map.of("schemas.enable", "false"), false);
        for (String measure : MEASURES) {
            FlagAnomaly<SinkRecord> t = new FlagAnomaly<>();
            t.configure(Map.of("field", measure, "key.field", "event_type", "output.field", outputField(measure)));
            chain.add(t);
        }
    }

    private static String outputField(String measure) {
        return measure.replace("_ms", "") + "_anomaly";
    }

    /** A record as the silver sink gets it: the JSON text through JsonConverter, then the chain. */
    private Map<String, Object> silver(String jsonText) {
        Object value = json.toConnectData("events.clean", jsonText.getBytes(StandardCharsets.UTF_8)).value();
        SinkRecord record = new SinkRecord("events.clean", 0, null, null, null, value, offset++);
        for (FlagAnomaly<SinkRecord> t : chain) {
            record = t.apply(record);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) record.value();
        return out;
    }

    private static String event(String type, long latency, long responseTime, String revenue) {
        return String.format(Locale.ROOT, "{\"event_id\":\"e-%s-%d\",\"event_type\":\"%s\",\"latency_ms\":%d,"
                + "\"response_time_ms\":%d%s,\"text\":\"ok\"}", type, latency, type, latency, responseTime,
                revenue == null ? "" : ",\"revenue\":" + revenue);
    }

    private void warmUp(Random random) {
        for (int i = 0; i < 200; i++) {
            for (String type : new String[] {"page_view", "click", "purchase"}) {
                long latency = 100 + Math.round(random.nextGaussian() * 10);
                long responseTime = 250 + Math.round(random.nextGaussian() * 20);
                // Revenue as a JSON integer sometimes (JsonConverter: Long) and as a decimal otherwise (Double).
                String revenue = type.equals("purchase")
                        ? (i % 3 == 0 ? Long.toString(50 + i % 5) : String.format(Locale.ROOT, "%.2f", 50 + random.nextGaussian() * 5))
                        : null;
                silver(event(type, latency, responseTime, revenue));
            }
        }
    }

    @Test
    void eachInstanceWritesItsOwnFlagAndAMissingMeasureLeavesItsFlagAbsent() {
        warmUp(new Random(11));

        Map<String, Object> normalView = silver(event("page_view", 101, 251, null));
        Map<String, Object> latencySpike = silver(event("page_view", 900, 249, null));
        Map<String, Object> revenueSpike = silver(event("purchase", 99, 252, "5000.0"));
        Map<String, Object> normalPurchase = silver(event("purchase", 98, 247, "51"));
        Map<String, Object> nullRevenue = silver("{\"event_type\":\"click\",\"latency_ms\":100,\"response_time_ms\":250,"
                + "\"revenue\":null}");

        assertThat(normalView).containsEntry("latency_anomaly", false).containsEntry("response_time_anomaly", false)
                .doesNotContainKey("revenue_anomaly");
        assertThat(latencySpike).containsEntry("latency_anomaly", true).containsEntry("response_time_anomaly", false)
                .doesNotContainKey("revenue_anomaly");
        assertThat(revenueSpike).containsEntry("latency_anomaly", false).containsEntry("response_time_anomaly", false)
                .containsEntry("revenue_anomaly", true);
        assertThat(normalPurchase).containsEntry("revenue_anomaly", false);
        assertThat(nullRevenue.get("revenue_anomaly")).isNull();
        assertThat(nullRevenue).containsEntry("latency_anomaly", false);
        assertThat(latencySpike.get("event_id")).isEqualTo("e-page_view-900");
    }

    @Test
    void aFlagTheEventBroughtAlongIsNotPassedOffAsOurs() {
        warmUp(new Random(12));
        // events.clean is written by the SQL job, but a value may still carry the name: the flag must be ours.
        Map<String, Object> forged = silver("{\"event_type\":\"click\",\"latency_ms\":100,\"response_time_ms\":250,"
                + "\"revenue_anomaly\":true}");
        assertThat(forged.get("revenue_anomaly")).isNull();
    }

    @Test
    void anAbsurdValueDoesNotBlindTheKeyForGood() {
        warmUp(new Random(13));
        Map<String, Object> absurd = silver(event("click", Long.MAX_VALUE, 250, null));
        assertThat(absurd).containsEntry("latency_anomaly", true);
        Random random = new Random(14);
        for (int i = 0; i < 50; i++) {
            silver(event("click", 100 + Math.round(random.nextGaussian() * 10), 250, null));
        }
        assertThat(silver(event("click", 900, 250, null))).as("the next spike is still seen")
                .containsEntry("latency_anomaly", true);
        assertThat(silver(event("click", 101, 250, null))).containsEntry("latency_anomaly", false);
    }

    @Test
    void nonNumericAndHostileMeasuresNeverThrow() {
        warmUp(new Random(15));
        for (String bad : new String[] {"\"12.5\"", "\"abc\"", "true", "[1,2]", "{\"x\":1}", "1e308", "-1e308",
                "123456789012345678901234567890"}) {
            Map<String, Object> out = silver("{\"event_type\":\"purchase\",\"latency_ms\":100,\"response_time_ms\":250,"
                    + "\"revenue\":" + bad + "}");
            assertThat(out).containsEntry("latency_anomaly", false);
        }
        assertThat(silver(event("purchase", 100, 250, "52.0"))).containsEntry("revenue_anomaly", false);
    }
}
