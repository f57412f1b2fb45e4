package dev.medallion.delta.sink;

import dev.medallion.common.PluginVersion;
import dev.medallion.delta.sink.table.DeltaTable;
import dev.medallion.delta.sink.storage.HadoopConfigurationFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connect lifecycle around a {@link DeltaSinkWriter}. Usable without a worker too: give it a plain
 * {@link org.apache.kafka.connect.sink.SinkTaskContext} via {@link #initialize}, then {@code start}, {@code open},
 * {@code put}, {@code preCommit} (benchmarks do this).
 */
public class DeltaSinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(DeltaSinkTask.class);
    private DeltaSinkWriter writer;

    @Override
    public String version() {
        return PluginVersion.of(DeltaSinkTask.class);
    }

    @Override
    public void start(Map<String, String> props) {
        DeltaSinkConfig config = new DeltaSinkConfig(props);
        Configuration hadoop = HadoopConfigurationFactory.create(config);
        ErrantRecordReporter reporter = null;
        try {
            reporter = context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError | UnsupportedOperationException e) {
            log.warn("This Connect runtime has no errant record reporter; bad records will fail the task");
        }
        writer = new DeltaSinkWriter(config, DeltaTable.engine(hadoop), hadoop, reporter, context::offset,
                System::currentTimeMillis, "medallion-delta-sink/" + version());
        registerMetrics();
    }

    /** Exposes the writer's counters as Connect plugin metrics (JMX), when the runtime offers them (KIP-877). */
    private void registerMetrics() {
        PluginMetrics metrics;
        try {
            metrics = context.pluginMetrics();
        } catch (NoSuchMethodError | UnsupportedOperationException e) {
            return;
        }
        if (metrics == null) {
            return;
        }
        SinkMetrics m = writer.metrics();
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        gauge(metrics, tags, "rows-written", "Rows written to data files", m::rowsWritten);
        gauge(metrics, tags, "records-rejected", "Records sent to the dead-letter queue", m::recordsRejected);
        gauge(metrics, tags, "tombstones-skipped", "Null-valued records skipped", m::tombstonesSkipped);
        gauge(metrics, tags, "duplicates-skipped", "Re-delivered records already in the table", m::duplicatesSkipped);
        gauge(metrics, tags, "commits", "Delta commits with data", m::commits);
        gauge(metrics, tags, "files-committed", "Parquet files committed", m::filesCommitted);
        gauge(metrics, tags, "last-commit-ms", "Duration of the last Delta commit", () -> m.lastCommitNanos() / 1_000_000);
    }

    private static void gauge(PluginMetrics metrics, LinkedHashMap<String, String> tags, String name, String doc,
                              java.util.function.LongSupplier value) {
        try {
            metrics.addMetric(metrics.metricName(name, doc, tags), (Gauge<Long>) (config, now) -> value.getAsLong());
        } catch (IllegalArgumentException e) {
            // A restarted task can start before the worker has closed the previous instance's metrics (same connector
            // and task id): a metric is never worth failing the task for.
            log.warn("Metric {} of this task is still registered by its previous instance; not exposed until the next"
                    + " start", name);
        }
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        writer.open(partitions);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        writer.put(records);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        writer.flushIfDue();
        return writer.committedOffsets();
    }

    /** Commits everything buffered now (benchmarks and tests; the worker relies on the flush interval). */
    public void commitNow() {
        writer.commitAll();
    }

    public SinkMetrics metrics() {
        return writer.metrics();
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (writer != null) {
            writer.close(partitions);
        }
    }

    @Override
    public void stop() {
        if (writer != null) {
            log.info("Stopping Delta sink task: {}", writer.metrics());
            writer.close();
            writer = null;
        }
    }
}
