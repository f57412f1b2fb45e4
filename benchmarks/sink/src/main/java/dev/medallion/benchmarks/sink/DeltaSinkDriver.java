package dev.medallion.benchmarks.sink;

import dev.medallion.delta.sink.DeltaSinkTask;
import dev.medallion.sparkreader.DeltaTableSnapshot;
import dev.medallion.sparkreader.SparkDeltaReader;
import dev.medallion.testkit.RecordingSinkTaskContext;
import dev.medallion.testkit.bench.CpuMeter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Writes the records through {@link DeltaSinkTask} on the calling thread, the way a worker drives it ({@code open},
 * {@code put} per poll, {@code preCommit} on the offset-commit cadence), then commits what is buffered and reads the
 * table back with Spark + delta-spark.
 */
final class DeltaSinkDriver {

    static final String CONNECTOR = "delta-bench";

    private final Path root;
    private final Map<String, String> overrides;

    DeltaSinkDriver(Path root, Map<String, String> overrides) {
        this.root = root;
        this.overrides = overrides;
    }

    Map<String, String> props(String topic) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("name", CONNECTOR);
        props.put("topics", topic);
        props.put("tables.root", root.toUri().toString());
        props.putAll(overrides);
        return props;
    }

    BenchmarkResult run(List<List<SinkRecord>> batches, long records) {
        SinkRecord first = batches.get(0).get(0);
        TopicPartition tp = new TopicPartition(first.topic(), first.kafkaPartition());
        Map<String, String> props = props(tp.topic());
        DeltaSinkTask task = new DeltaSinkTask();
        task.initialize(new RecordingSinkTaskContext(props, Set.of(tp), false));
        task.start(props);

        long cpu0 = CpuMeter.processCpuNanos();
        long thread0 = CpuMeter.currentThreadCpuNanos();
        long t0 = System.nanoTime();
        task.open(List.of(tp));
        long lastOffset = -1;
        long nextPreCommit = t0 + 60_000_000_000L;   // Connect's offset.flush.interval.ms default
        for (List<SinkRecord> batch : batches) {
            task.put(batch);
            lastOffset = batch.get(batch.size() - 1).kafkaOffset();
            if (System.nanoTime() >= nextPreCommit) {
                task.preCommit(Map.of(tp, new OffsetAndMetadata(lastOffset + 1)));
                nextPreCommit += 60_000_000_000L;
            }
        }
        task.commitNow();
        long wall = System.nanoTime() - t0;
        long cpu = CpuMeter.processCpuNanos() - cpu0;
        long threadCpu = CpuMeter.currentThreadCpuNanos() - thread0;

        Map<TopicPartition, OffsetAndMetadata> committed =
                task.preCommit(Map.of(tp, new OffsetAndMetadata(lastOffset + 1)));
        String metrics = String.valueOf(task.metrics());
        task.close(List.of(tp));
        task.stop();
        OffsetAndMetadata reported = committed.get(tp);
        if (reported == null || reported.offset() != lastOffset + 1) {
            throw new IllegalStateException("preCommit reported " + committed + " after committing everything;"
                    + " expected "
                    + tp + "=" + (lastOffset + 1));
        }

        Path table = root.resolve(tp.topic());
        DeltaTableSnapshot snapshot = SparkDeltaReader.readWithoutRows(table);
        TableFiles files = TableFiles.of(table);
        String notes = "Delta version " + snapshot.version() + ", txn " + snapshot.transactions() + ", partitions "
                + snapshot.partitionColumns() + ", sink metrics " + metrics;
        return new BenchmarkResult("Delta (DeltaSinkTask)", records, wall, cpu, threadCpu, snapshot.rowCount(),
                files.bytes(), files.files(), notes);
    }
}
