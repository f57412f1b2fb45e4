package dev.medallion.delta.sink;

import dev.medallion.testkit.RecordingSinkTaskContext;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

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
            previous.initialize(new RecordingSinkTaskContext(config, false)
                    .withPluginMetrics(new PluginMetricsImpl(registry, tags)));
            previous.start(config);
            assertThat(registry.metrics().keySet()).anySatisfy(name -> assertThat(name.name()).isEqualTo("rows-written"));

            DeltaSinkTask restarted = new DeltaSinkTask();
            restarted.initialize(new RecordingSinkTaskContext(config, false)
                    .withPluginMetrics(new PluginMetricsImpl(registry, tags)));
            assertThatCode(() -> restarted.start(config)).doesNotThrowAnyException();
            restarted.stop();
            previous.stop();
        }
    }
}
