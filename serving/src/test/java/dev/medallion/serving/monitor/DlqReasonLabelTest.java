package dev.medallion.serving.monitor;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DlqReasonLabelTest {

    private static RecordHeaders headers(String... keyValues) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < keyValues.length; i += 2) {
            h.add(keyValues[i], keyValues[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return h;
    }

    @Test
    void prefersTheRuleThenTheReasonCutAtItsDetail() {
        assertThat(DlqReasonLabel.of(headers("error.stage", "validate", "error.rule", "region-required",
                "error.reason", "missing field: region"))).isEqualTo(new DlqReasonLabel("validate", "region-required"));
        assertThat(DlqReasonLabel.of(headers("error.stage", "source", "error.reason", "Not JSON: line 1")))
                .isEqualTo(new DlqReasonLabel("source", "not_json"));
    }

    @Test
    void fallsBackToConnectsExceptionClassAndStage() {
        assertThat(DlqReasonLabel.of(headers("__connect.errors.exception.class.name",
                "org.apache.kafka.connect.errors.DataException", "__connect.errors.stage", "VALUE_CONVERTER")))
                .isEqualTo(new DlqReasonLabel("value_converter", "dataexception"));
        assertThat(DlqReasonLabel.of(headers())).isEqualTo(new DlqReasonLabel("unknown", "unknown"));
    }

    @Test
    void longReasonsAreCut() {
        assertThat(DlqReasonLabel.of(headers("error.reason", "x".repeat(200))).reason())
                .hasSize(DlqReasonLabel.MAX_REASON_LENGTH);
    }

    @Test
    void distinctReasonsPerTopicAreCapped() {
        ServingMetrics metrics = new ServingMetrics();
        DlqMonitor monitor = new DlqMonitor("127.0.0.1:1", java.util.List.of(), metrics);
        for (int i = 0; i < DlqMonitor.MAX_REASONS + 5; i++) {
            monitor.count("events.dlq", new DlqReasonLabel("s", "r" + i));
        }
        monitor.close();
        assertThat(metrics.scrape()).contains("serving_dlq_records_total{reason=\"other\",stage=\"s\","
                + "topic=\"events.dlq\"} 5.0");
    }
}
