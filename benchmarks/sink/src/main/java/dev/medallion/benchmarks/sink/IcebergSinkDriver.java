package dev.medallion.benchmarks.sink;

import dev.medallion.testkit.KafkaTestCluster;
import dev.medallion.testkit.bench.CpuMeter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.connect.IcebergSinkTask;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.runtime.WorkerSinkTaskContext;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Writes the records through Apache Iceberg's Kafka Connect sink ({@link IcebergSinkTask}, Hadoop catalog on local
 * disk) the way a Connect worker drives it. Iceberg coordinates commits through a control topic and elects its
 * commit coordinator from the Connect consumer group, and it reaches into the worker's
 * {@link WorkerSinkTaskContext} for that consumer; so the driver uses an in-process broker (started by the benchmark
 * before any sink is measured, so its start-up is charged to neither side), joins a real consumer to the group
 * {@code connect-<name>} on the records' topic and hands the task a real {@code WorkerSinkTaskContext}
 * around it. Records are then given to {@code put} on the calling thread, and {@code put} keeps being called with
 * no records (as the worker does when a poll returns nothing) until the table holds every record.
 */
final class IcebergSinkDriver {

    static final TableIdentifier TABLE = TableIdentifier.of("bench", "events");

    private final Path warehouse;
    private final Map<String, String> overrides;
    private final KafkaTestCluster kafka;

    IcebergSinkDriver(Path warehouse, Map<String, String> overrides, KafkaTestCluster kafka) {
        this.warehouse = warehouse;
        this.overrides = overrides;
        this.kafka = kafka;
    }

    /** Connector name per records' topic, so the warm-up's group and control topic never meet the measured run's. */
    private static String connector(String topic) {
        return "iceberg-bench-" + topic;
    }

    private static String controlTopic(String topic) {
        return "control-iceberg-" + topic;
    }

    Map<String, String> props(String topic, String bootstrapServers) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("name", connector(topic));
        props.put("topics", topic);
        props.put("task.id", "0");
        props.put("iceberg.coordinator.transactional.suffix", "-txn-bench-0");
        props.put("iceberg.tables", TABLE.toString());
        props.put("iceberg.tables.auto-create-enabled", "true");
        props.put("iceberg.catalog.catalog-impl", HadoopCatalog.class.getName());
        props.put("iceberg.catalog.warehouse", warehouse.toUri().toString());
        props.put("iceberg.control.topic", controlTopic(topic));
        props.put("iceberg.kafka.bootstrap.servers", bootstrapServers);
        // Same codec as the Delta sink's default, so both write the same kind of Parquet (Iceberg's default is zstd).
        props.put("iceberg.tables.auto-create-props.write.parquet.compression-codec", "snappy");
        // Iceberg commits on an interval (default 5 min); 1 s keeps its wait for the final commit short.
        props.put("iceberg.control.commit.interval-ms", "1000");
        props.putAll(overrides);
        return props;
    }

    BenchmarkResult run(List<List<SinkRecord>> batches, long records) {
        SinkRecord first = batches.get(0).get(0);
        TopicPartition tp = new TopicPartition(first.topic(), first.kafkaPartition());
        kafka.createTopic(tp.topic(), 1);
        kafka.createTopic(controlTopic(tp.topic()), 1);
        Map<String, String> props = props(tp.topic(), kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer = groupMember(kafka.bootstrapServers(), tp.topic());
                  HadoopCatalog catalog = new HadoopCatalog(new Configuration(), warehouse.toUri().toString())) {
            IcebergSinkTask task = new IcebergSinkTask();
            task.initialize(new WorkerSinkTaskContext(consumer, null, null));
            task.start(props);
            Set<TopicPartition> assignment = consumer.assignment();

            long cpu0 = CpuMeter.processCpuNanos();
            long thread0 = CpuMeter.currentThreadCpuNanos();
            long t0 = System.nanoTime();
            task.open(assignment);
            for (List<SinkRecord> batch : batches) {
                task.put(batch);
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            long committed = 0;
            while ((committed = committedRecords(catalog)) < records) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Iceberg committed only " + committed + " of " + records
                            + " records within 5 minutes after the last put");
                }
                task.put(List.of());
                sleep(20);
            }
            long wall = System.nanoTime() - t0;
            long cpu = CpuMeter.processCpuNanos() - cpu0;
            long threadCpu = CpuMeter.currentThreadCpuNanos() - thread0;
            task.close(assignment);
            task.stop();

            Table table = catalog.loadTable(TABLE);
            long rows = countRows(table);
            TableFiles files = TableFiles.of(warehouse.resolve("bench").resolve("events"));
            long snapshots = 0;
            for (Snapshot ignored : table.snapshots()) {
                snapshots++;
            }
            String notes = "Iceberg snapshots " + snapshots + ", committed records " + committed + ", spec "
                    + table.spec();
            String sink = "Iceberg (IcebergSinkTask " + org.apache.iceberg.IcebergBuild.version() + ")";
            return new BenchmarkResult(sink, records, wall, cpu, threadCpu, rows, files.bytes(), files.files(),
                    notes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A consumer in the group Connect would use for this connector, assigned the records' topic. */
    private static KafkaConsumer<byte[], byte[]> groupMember(String bootstrapServers, String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "connect-" + connector(topic),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // The records come from memory, so this consumer never polls again; keep it in the group meanwhile.
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(Duration.ofHours(1).toMillis()),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        consumer.subscribe(List.of(topic));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (consumer.assignment().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The benchmark's consumer did not join group connect-" + connector(topic));
            }
            consumer.poll(Duration.ofMillis(100));
        }
        return consumer;
    }

    /** Records in the table's current snapshot (its summary's total-records), 0 before the first commit. */
    private static long committedRecords(HadoopCatalog catalog) {
        try {
            Snapshot snapshot = catalog.loadTable(TABLE).currentSnapshot();
            return snapshot == null ? 0 : Long.parseLong(snapshot.summary().getOrDefault("total-records", "0"));
        } catch (NoSuchTableException e) {
            return 0;
        }
    }

    /** Reads every row back with Iceberg's generic reader. */
    private static long countRows(Table table) throws IOException {
        long rows = 0;
        try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
            for (Record ignored : it) {
                rows++;
            }
        }
        return rows;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
