package dev.medallion.serving.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The service's Prometheus metrics (Micrometer). Names are listed, with alert rules, in docs/monitoring.md; a renamed
 * metric breaks those rules, so names change only together with that file.
 */
public final class ServingMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Counter speedConsumerFailures;
    private final Counter speedStoreRetries;
    private final Map<String, AtomicDouble> doubleGauges = new ConcurrentHashMap<>();

    public ServingMetrics() {
        speedConsumerFailures = Counter.builder("serving_speed_consumer_failures")
                .description("Times the speed view's consumer stopped on an error").register(registry);
        speedStoreRetries = Counter.builder("serving_speed_store_retries")
                .description("Times the speed view's consumer retried a record its store (Redis) did not take")
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** One events.clean record: added, behind_boundary (batch covers its minute) or skipped (with a reason). */
    public void speedRecord(String result, String reason) {
        counters.computeIfAbsent(result + "/" + reason, k -> Counter.builder("serving_speed_records")
                .description("events.clean records read by the speed view, by result and skip reason")
                .tag("result", result).tag("reason", reason).register(registry)).increment();
    }

    /** One dead-letter record of {@code topic}, labelled by stage and (capped) reason. */
    public void dlqRecord(String topic, String stage, String reason) {
        counters.computeIfAbsent("dlq/" + topic + "/" + stage + "/" + reason, k -> Counter.builder(
                "serving_dlq_records").description("dead-letter records by topic, stage and reason")
                .tag("topic", topic).tag("stage", stage).tag("reason", reason).register(registry)).increment();
    }

    /** The store refused a record (unreachable); the consumer retries it after a back-off. */
    public void speedStoreRetry() {
        speedStoreRetries.increment();
    }

    public void speedConsumerFailed() {
        speedConsumerFailures.increment();
    }

    /** A gauge read from {@code value} at scrape time. */
    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, () -> {
            Number n = value.get();
            return n == null ? Double.NaN : n.doubleValue();
        }).description(description).tags(tags).register(registry);
    }

    /** A gauge set by the caller (one per name and tag set). */
    public void setGauge(String name, String description, double value, String... tags) {
        String key = name + String.join(",", tags);
        doubleGauges.computeIfAbsent(key, k -> {
            AtomicDouble holder = new AtomicDouble();
            Gauge.builder(name, holder, AtomicDouble::get).description(description).tags(tags).register(registry);
            return holder;
        }).set(value);
    }

    public Timer httpTimer(String route, int status) {
        return Timer.builder("serving_http_requests").description("API requests by route and status")
                .tag("route", route).tag("status", Integer.toString(status)).register(registry);
    }

    public void recordHttp(String route, int status, Duration took) {
        httpTimer(route, status).record(took);
    }

    public String scrape() {
        return registry.scrape();
    }

    /** A settable double for gauges. */
    private static final class AtomicDouble {
        private volatile double value = Double.NaN;

        double get() {
            return value;
        }

        void set(double v) {
            value = v;
        }
    }
}
