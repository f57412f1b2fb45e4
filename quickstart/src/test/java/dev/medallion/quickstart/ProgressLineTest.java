package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
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
        ProgressLine.Sample previous = new ProgressLine.Sample(10_000, 10_000, Map.of(), Map.of(), 0, 0, 0,
                PipelineHealth.HEALTHY);
        ProgressLine.Sample now = new ProgressLine.Sample(72_000, 12_345, topics, tables, 300, 160, 1_200,
                PipelineHealth.HEALTHY);
        assertThat(ProgressLine.format(now, previous)).isEqualTo("[01:12] published 12,345 (38/s)"
                + " | topics events.raw 11,900 metrics.1h - | tables bronze 11,500 silver 10,900 | dlq 300"
                + " | lag 1,360 (1,200 in Event Hubs)");
    }

    @Test
    void firstLineHasNoRate() {
        ProgressLine.Sample now = new ProgressLine.Sample(1_500, 0, Map.of(), Map.of(), 0, 0, 0,
                PipelineHealth.HEALTHY);
        assertThat(ProgressLine.format(now, null)).isEqualTo("[00:01] published 0 | dlq 0 | lag 0 (0 in Event Hubs)");
    }

    @Test
    void aStoppedPipelineShowsWhatFailedAndWhyAndTheEventsPilingUpInEventHubs() {
        PipelineHealth health = new PipelineHealth(List.of(
                new PipelineHealth.Problem("eventhubs-source task 0", "FAILED",
                        "org.apache.kafka.common.errors.RecordTooLargeException: The message is 1834112 bytes", true),
                new PipelineHealth.Problem("flink job", "FAILED", "java.lang.NumberFormatException: fast", true)));
        ProgressLine.Sample now = new ProgressLine.Sample(300_000, 300_000, Map.of(), Map.of(), 10, 0, 250_000,
                health);
        assertThat(ProgressLine.format(now, null)).isEqualTo("[05:00] published 300,000 | dlq 10"
                + " | lag 250,000 (250,000 in Event Hubs)"
                + " | FAILED: eventhubs-source task 0 FAILED: org.apache.kafka.common.errors.RecordTooLargeException:"
                + " The message is 1834112 bytes; flink job FAILED: java.lang.NumberFormatException: fast");
    }

    @Test
    void unknownEventHubsBacklogIsSaid() {
        ProgressLine.Sample now = new ProgressLine.Sample(2_000, 5, Map.of(), Map.of(), 0, 3, -1,
                PipelineHealth.HEALTHY);
        assertThat(ProgressLine.format(now, null)).endsWith("| lag 3 (Event Hubs: unknown)");
    }

    @Test
    void theDrainPhaseSaysWhatItWaitsFor() {
        ProgressLine.Sample now = new ProgressLine.Sample(64_000, 60_050, Map.of(), Map.of(), 0, 3, 0,
                PipelineHealth.HEALTHY, "draining: 50 events/s until ...");
        assertThat(ProgressLine.format(now, null)).isEqualTo("[01:04] published 60,050 | dlq 0 | lag 3 (0 in Event Hubs)"
                + " | draining: 50 events/s until ...");
    }
}
