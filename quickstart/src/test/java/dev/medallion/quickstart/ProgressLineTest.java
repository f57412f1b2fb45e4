package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLineTest {

    @Test
    void formatsCountsRateDlqAndLag() {
        Map<String, Long> topics = new LinkedHashMap<>();
        topics.put("events.raw", 11_900L);
        topics.put("metrics.1h", -1L);
        Map<String, Long> tables = new LinkedHashMap<>();
        tables.put("bronze", 11_500L);
        tables.put("silver", 10_900L);
        ProgressLine.Sample previous = new ProgressLine.Sample(10_000, 10_000, Map.of(), Map.of(), 0, 0);
        ProgressLine.Sample now = new ProgressLine.Sample(72_000, 12_345, topics, tables, 300, 160);
        assertThat(ProgressLine.format(now, previous)).isEqualTo("[01:12] published 12,345 (38/s)"
                + " | topics events.raw 11,900 metrics.1h - | tables bronze 11,500 silver 10,900 | dlq 300 | lag 160");
    }

    @Test
    void firstLineHasNoRate() {
        ProgressLine.Sample now = new ProgressLine.Sample(1_500, 0, Map.of(), Map.of(), 0, 0);
        assertThat(ProgressLine.format(now, null)).isEqualTo("[00:01] published 0 | dlq 0 | lag 0");
    }
}
