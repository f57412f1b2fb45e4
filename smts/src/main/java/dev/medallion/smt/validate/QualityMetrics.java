package dev.medallion.smt.validate;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

import java.util.LinkedHashMap;

/**
 * Publishes {@link QualityCounters} through Connect's plugin metrics (KIP-877), so they appear in JMX under the
 * worker's {@code kafka.connect:type=plugins} group tagged with connector, task and transform alias. Record-level:
 * {@code records-valid-total}, {@code records-invalid-total}, {@code data-quality-score}; per rule (tag {@code rule}):
 * {@code rule-valid-total}, {@code rule-invalid-total}, {@code rule-quality-score}.
 */
final class QualityMetrics {
    private QualityMetrics() {
    }

    static void register(PluginMetrics metrics, QualityCounters counters) {
        LinkedHashMap<String, String> none = new LinkedHashMap<>();
        add(metrics, metrics.metricName("records-valid-total", "Records that passed every rule.", none),
                (Gauge<Long>) (c, now) -> counters.validRecords());
        add(metrics, metrics.metricName("records-invalid-total", "Records that failed a rule and went to the DLQ.", none),
                (Gauge<Long>) (c, now) -> counters.invalidRecords());
        add(metrics, metrics.metricName("data-quality-score", "Valid records / all records validated (1.0 before any).", none),
                (Gauge<Double>) (c, now) -> counters.qualityScore());
        for (int i = 0; i < counters.rules().size(); i++) {
            int index = i;
            LinkedHashMap<String, String> tags = new LinkedHashMap<>();
            tags.put("rule", counters.rules().get(i).id());
            add(metrics, metrics.metricName("rule-valid-total", "Records that passed this rule.", tags),
                    (Gauge<Long>) (c, now) -> counters.ruleValid(index));
            add(metrics, metrics.metricName("rule-invalid-total", "Records that failed this rule.", tags),
                    (Gauge<Long>) (c, now) -> counters.ruleInvalid(index));
            add(metrics, metrics.metricName("rule-quality-score", "Passed / checked for this rule.", tags),
                    (Gauge<Double>) (c, now) -> counters.ruleQualityScore(index));
        }
    }

    private static void add(PluginMetrics metrics, MetricName name, Gauge<?> gauge) {
        metrics.addMetric(name, gauge);
    }
}
