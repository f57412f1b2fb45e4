package dev.medallion.delta.sink;

import dev.medallion.testkit.RecordingSinkTaskContext;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * A restarted task can start while the worker still holds the previous instance's plugin metrics (same connector and
 * task tags): seen in DeltaSinkConnectorIT as "A metric named ... rows-written ... already exists" failing the task.
 */
class DeltaSinkTaskRestartMetricsTest {
    @TempDir
    Path dir;

    @Test
    void aTaskStartsWhileItsPreviousInstanceStillHoldsTheSameMetrics() {
        Map<String, String> config = Map.of("tables.root", dir.toUri().toString(), "topics", "events");
        Map<String, String> tags = Map.of("connector", "sink", "task", "0");
        try (Metrics registry = new Metrics()) {
            DeltaSinkTask previous = new DeltaSinkTask();
            previous.initialize(new MetricsContext(config, new PluginMetricsImpl(registry, tags)));
            previous.start(config);
            assertThat(registry.metrics().keySet()).anySatisfy(name -> assertThat(name.name()).isEqualTo("rows-written"));

            DeltaSinkTask restarted = new DeltaSinkTask();
            restarted.initialize(new MetricsContext(config, new PluginMetricsImpl(registry, tags)));
            assertThatCode(() -> restarted.start(config)).doesNotThrowAnyException();
            restarted.stop();
            previous.stop();
        }
    }

    /** The plain test context, with a real plugin metrics registry as a worker hands out. */
    private static final class MetricsContext implements SinkTaskContext {
        private final RecordingSinkTaskContext plain;
        private final PluginMetrics metrics;

        MetricsContext(Map<String, String> config, PluginMetrics metrics) {
            this.plain = new RecordingSinkTaskContext(config, false);
            this.metrics = metrics;
        }

        @Override
        public Map<String, String> configs() {
            return plain.configs();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
            plain.offset(offsets);
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
            plain.offset(tp, offset);
        }

        @Override
        public void timeout(long timeoutMs) {
            plain.timeout(timeoutMs);
        }

        @Override
        public Set<TopicPartition> assignment() {
            return plain.assignment();
        }

        @Override
        public void pause(TopicPartition... partitions) {
            plain.pause(partitions);
        }

        @Override
        public void resume(TopicPartition... partitions) {
            plain.resume(partitions);
        }

        @Override
        public void requestCommit() {
            plain.requestCommit();
        }

        @Override
        public ErrantRecordReporter errantRecordReporter() {
            return null;
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return metrics;
        }
    }
}
