package dev.medallion.smt.anomaly;

import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class FlagAnomalyTest {
    private static SourceRecord record(String device, double latency) {
        return new SourceRecord(Map.of(), Map.of(), "metrics", null, null, Map.of("device", device, "latency", latency));
    }

    private static boolean flag(SourceRecord r) {
        return (Boolean) r.headers().lastWithName("anomaly.flag").value();
    }

    @Test
    void flagsASpikeAgainstItsOwnKeysHistoryOnly() {
        FlagAnomaly<SourceRecord> flagger = new FlagAnomaly<>();
        flagger.configure(Map.of("field", "latency", "key.field", "device", "alpha", "0.1", "zscore.threshold", "4",
                "warmup.count", "20", "output.field", "is_anomaly"));
        Random random = new Random(7);
        int falseAlarms = 0;
        for (int i = 0; i < 500; i++) {
            falseAlarms += flag(flagger.apply(record("a", 100 + random.nextGaussian() * 5))) ? 1 : 0;
            flagger.apply(record("b", 1000 + random.nextGaussian() * 50));
        }
        SourceRecord spike = flagger.apply(record("a", 180));
        SourceRecord normalForB = flagger.apply(record("b", 1020));

        assertThat(falseAlarms).as("Gaussian noise rarely exceeds 4 sigma").isLessThanOrEqualTo(3);
        assertThat(flag(spike)).isTrue();
        assertThat((Double) spike.headers().lastWithName("anomaly.zscore").value()).isGreaterThan(4);
        assertThat(((Map<?, ?>) spike.value()).get("is_anomaly")).isEqualTo(true);
        assertThat(flag(normalForB)).as("180 would be tiny for device b").isFalse();
    }

    @Test
    void staysQuietDuringWarmUpAndSkipsNonNumericValues() {
        FlagAnomaly<SourceRecord> flagger = new FlagAnomaly<>();
        flagger.configure(Map.of("field", "latency", "warmup.count", "10"));
        flagger.apply(record("a", 1));
        flagger.apply(record("a", 2));
        assertThat(flag(flagger.apply(record("a", 1000)))).isFalse();
        SourceRecord text = new SourceRecord(Map.of(), Map.of(), "metrics", null, null, Map.of("latency", "n/a"));
        assertThat(flagger.apply(text)).isSameAs(text);
    }

    @Test
    void stateIsBoundedByMaxKeys() {
        FlagAnomaly<SourceRecord> flagger = new FlagAnomaly<>();
        flagger.configure(Map.of("field", "latency", "key.field", "device", "max.keys", "100"));
        for (int i = 0; i < 10_000; i++) {
            flagger.apply(record("device-" + i, i));
        }
        assertThat(flagger.keys()).isEqualTo(100);
    }
}
