package dev.medallion.delta.sink;

import dev.medallion.delta.sink.commit.DeltaTable;
import dev.medallion.delta.sink.commit.DeltaTable.AppendResult;
import dev.medallion.delta.sink.routing.TableRouter;
import dev.medallion.delta.sink.write.DataFile;
import dev.medallion.delta.sink.write.OpenFileBudget;
import dev.medallion.delta.sink.write.PartitionWriter;
import dev.medallion.delta.sink.write.TableState;
import io.delta.kernel.Snapshot;
import io.delta.kernel.engine.Engine;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The sink's engine, independent of Connect's task lifecycle: routes records to tables, turns them into rows, writes
 * Parquet files per topic partition, and commits them with a Delta txn action per topic partition
 * ({@code <prefix>-<topic>-<partition>} = last offset). On assignment it reads those txn versions back and asks the
 * consumer to resume right after them, so the table (not Kafka's group offsets) decides what was written; it reports
 * to Connect only offsets that are in committed Delta versions. Records that cannot become rows go to the errant
 * record reporter (dead-letter queue) with the reason, or fail the task when there is none.
 */
public final class DeltaSinkWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeltaSinkWriter.class);
    private static final int MAX_COMMIT_FAILURES = 10;

    private final DeltaSinkConfig config;
    private final Engine engine;
    private final Configuration hadoop;
    private final TableRouter router;
    private final ErrantRecordReporter reporter;
    private final Consumer<Map<TopicPartition, Long>> seek;
    private final LongSupplier clock;
    private final String engineInfo;
    private final CompressionCodecName codec;
    private final OpenFileBudget openFiles;
    private final Map<String, TableState> tables = new HashMap<>();
    private final Map<TopicPartition, PartitionWriter> writers = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Map<TopicPartition, List<Future<Void>>> reports = new HashMap<>();
    private final SinkMetrics metrics = new SinkMetrics();
    private long nextFlushAt;
    private long retryNotBefore;
    private int commitFailures;

    /**
     * @param reporter errant record reporter, or null to fail on the first bad record
     * @param seek     asks the consumer to resume partitions at the given offsets ({@code SinkTaskContext.offset})
     * @param clock    milliseconds, for flush scheduling
     */
    public DeltaSinkWriter(DeltaSinkConfig config, Engine engine, Configuration hadoop, ErrantRecordReporter reporter,
                           Consumer<Map<TopicPartition, Long>> seek, LongSupplier clock, String engineInfo) {
        this.config = config;
        this.engine = engine;
        this.hadoop = hadoop;
        this.router = TableRouter.from(config);
        this.reporter = reporter;
        this.seek = seek;
        this.clock = clock;
        this.engineInfo = engineInfo;
        this.codec = CompressionCodecName.valueOf(config.parquetCompression());
        this.openFiles = new OpenFileBudget(config.fileOpenMax());
        this.nextFlushAt = clock.getAsLong() + config.flushIntervalMs();
    }

    public SinkMetrics metrics() {
        return metrics;
    }

    /** The Delta txn application id of a topic partition. */
    public String appId(TopicPartition tp) {
        return config.txnAppIdPrefix() + "-" + tp.topic() + "-" + tp.partition();
    }

    /** Takes over partitions: reads what the tables hold for them and seeks the consumer right after it. */
    public void open(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> resume = new HashMap<>();
        for (TopicPartition tp : partitions) {
            TableState table = table(tp.topic());
            table.refresh();
            writers.put(tp, new PartitionWriter(tp, table, hadoop, codec, config.parquetRowGroupSize(),
                    config.fileTargetSizeBytes(), openFiles));
            Optional<Snapshot> snapshot = table.snapshot();
            Optional<Long> version = snapshot.flatMap(s -> table.table().committedVersion(s, appId(tp)));
            if (version.isPresent()) {
                committed.put(tp, version.get());
                resume.put(tp, version.get() + 1);
            } else {
                committed.remove(tp);
            }
        }
        if (!resume.isEmpty()) {
            log.info("Resuming from the Delta tables' txn versions: {}", resume);
            seek.accept(resume);
        }
    }

    /** Commits what the partitions hold and forgets them (rebalance or shutdown). */
    public void close(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionWriter writer = writers.get(tp);
            if (writer != null) {
                try {
                    commit(writer);
                } catch (RuntimeException e) {
                    log.warn("Could not commit {} while closing it; the next owner re-reads its uncommitted records: {}",
                            tp, e.getMessage());
                    writer.abandon();
                }
            }
            writers.remove(tp);
            committed.remove(tp);
            reports.remove(tp);
        }
    }

    public void put(Collection<SinkRecord> records) {
        PartitionWriter writer = null;
        for (SinkRecord record : records) {
            if (writer == null || !record.topic().equals(writer.topicPartition().topic())
                    || record.kafkaPartition() != writer.topicPartition().partition()) {
                // Batches come in runs of one partition: look the writer up only when the partition changes.
                TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
                writer = writers.get(tp);
                if (writer == null) {
                    open(List.of(tp));   // tolerate callers that skip open(), e.g. a benchmark driving the task directly
                    writer = writers.get(tp);
                }
            }
            TopicPartition tp = writer.topicPartition();
            long offset = record.kafkaOffset();
            Long done = committed.get(tp);
            if ((done != null && offset <= done) || offset <= writer.lastOffset()) {
                metrics.duplicatesSkipped++;   // already in the table or in this commit's files (consumer re-read)
                continue;
            }
            writeOne(writer, record);
            writer.advance(offset);
            // Commit early when a partition holds flush.max.records rows or a file reached file.target.size.bytes.
            if ((writer.rows() >= config.flushMaxRecords() || writer.hasFinishedFiles())
                    && clock.getAsLong() >= retryNotBefore) {
                commitOrDefer(writer);
            }
        }
        flushIfDue();
    }

    private void writeOne(PartitionWriter writer, SinkRecord record) {
        if (record.value() == null) {
            switch (config.tombstones()) {
                case DeltaSinkConfig.TOMBSTONES_SKIP -> metrics.tombstonesSkipped++;
                case DeltaSinkConfig.TOMBSTONES_DLQ -> reject(writer, record, new DataException(
                        "record value is null (tombstone) and " + DeltaSinkConfig.TOMBSTONES_CONFIG + "=dlq"));
                default -> throw new ConnectException("Tombstone at " + where(record) + " and "
                        + DeltaSinkConfig.TOMBSTONES_CONFIG + "=fail; set it to skip or dlq to carry on");
            }
            return;
        }
        Object[] row;
        try {
            row = writer.table().toRow(record.value());
        } catch (DataException e) {
            reject(writer, record, e);
            return;
        }
        try {
            writer.write(row);
            metrics.rowsWritten++;
        } catch (IOException e) {
            throw new ConnectException("Could not write a data file of Delta table " + writer.table().location()
                    + " for " + writer.topicPartition() + ": " + e.getMessage() + ". The task restarts from the"
                    + " table's committed offsets; check the storage.", e);
        }
    }

    private void reject(PartitionWriter writer, SinkRecord record, Exception reason) {
        DataException error = new DataException("Record " + where(record) + " rejected by the Delta sink for table "
                + writer.table().location() + ": " + reason.getMessage(), reason);
        if (reporter == null) {
            throw new ConnectException(error.getMessage() + ". Configure errors.tolerance=all and"
                    + " errors.deadletterqueue.topic.name to route such records to a dead-letter topic.", reason);
        }
        try {
            reports.computeIfAbsent(writer.topicPartition(), k -> new ArrayList<>()).add(reporter.report(record, error));
            metrics.recordsRejected++;
        } catch (RuntimeException e) {
            // errors.tolerance=none: the reporter refuses, which must stop the task rather than lose the record.
            throw new ConnectException(error.getMessage(), e);
        }
    }

    private static String where(SinkRecord record) {
        return record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
    }

    /** Commits every partition when the flush interval has passed. */
    public void flushIfDue() {
        if (clock.getAsLong() >= nextFlushAt) {
            commitAll();
        }
    }

    /** Commits every partition now. */
    public void commitAll() {
        boolean failed = false;
        for (PartitionWriter writer : writers.values()) {
            failed |= !commitOrDefer(writer);
        }
        nextFlushAt = clock.getAsLong() + (failed ? Math.min(1000, config.flushIntervalMs()) : config.flushIntervalMs());
    }

    /** Commits one partition; a transient failure keeps its files for the next attempt. */
    private boolean commitOrDefer(PartitionWriter writer) {
        try {
            commit(writer);
            commitFailures = 0;
            return true;
        } catch (RetriableException e) {
            commitFailures++;
            retryNotBefore = clock.getAsLong() + Math.min(1000, config.flushIntervalMs());
            if (commitFailures >= MAX_COMMIT_FAILURES) {
                throw new ConnectException("Delta commits keep failing (" + commitFailures + " in a row), last for "
                        + writer.topicPartition() + ": " + e.getMessage(), e);
            }
            log.warn("Commit of {} to {} failed, retrying with the next flush: {}", writer.topicPartition(),
                    writer.table().location(), e.getMessage());
            return false;
        }
    }

    private void commit(PartitionWriter writer) {
        if (!writer.hasUncommitted()) {
            return;
        }
        TopicPartition tp = writer.topicPartition();
        TableState table = writer.table();
        List<DataFile> files;
        try {
            files = writer.closeFiles();
        } catch (IOException e) {
            throw new ConnectException("Could not finish data files of " + table.location() + " for " + tp + ": "
                    + e.getMessage(), e);
        }
        awaitReports(tp);
        if (table.layout() == null) {
            // Nothing was ever written for this table (every record was rejected or skipped): no txn to record.
            writer.reset();
            return;
        }
        long started = System.nanoTime();
        AppendResult result = table.table().append(files, appId(tp), writer.firstOffset(), writer.lastOffset());
        switch (result) {
            case COMMITTED -> {
                committed.put(tp, writer.lastOffset());
                metrics.commits++;
                metrics.filesCommitted += files.size();
                metrics.lastCommitNanos = System.nanoTime() - started;
                writer.reset();
            }
            case ALREADY_COMMITTED, OVERLAP -> {
                // The table already holds these offsets: our own earlier attempt whose outcome was unknown, or another
                // writer with our app id (a zombie task of this connector). Keep the table's version and resume after
                // it, so nothing is written twice.
                long first = writer.firstOffset();
                long last = writer.lastOffset();
                writer.abandon();
                table.refresh();
                long version = table.snapshot().flatMap(s -> table.table().committedVersion(s, appId(tp))).orElseThrow();
                committed.put(tp, version);
                if (version != last) {
                    log.warn("Offsets {}..{} of {} were already committed to {} by another writer with app id {} (up to"
                            + " {}); not committing ours, resuming at {}", first, last, tp, table.location(), appId(tp),
                            version, version + 1);
                    seek.accept(Map.of(tp, version + 1));
                }
            }
            default -> throw new IllegalStateException("unknown append result " + result);
        }
    }

    private void awaitReports(TopicPartition tp) {
        List<Future<Void>> pending = reports.remove(tp);
        if (pending == null) {
            return;
        }
        for (Future<Void> future : pending) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetriableException("Interrupted while waiting for dead-letter reports of " + tp, e);
            } catch (ExecutionException e) {
                throw new ConnectException("A rejected record of " + tp + " could not be written to the dead-letter"
                        + " queue: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /** Offsets Connect may commit to Kafka: only those in committed Delta versions. */
    public Map<TopicPartition, OffsetAndMetadata> committedOffsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> entry : committed.entrySet()) {
            if (writers.containsKey(entry.getKey())) {
                offsets.put(entry.getKey(), new OffsetAndMetadata(entry.getValue() + 1));
            }
        }
        return offsets;
    }

    private TableState table(String topic) {
        String location = router.tableFor(topic);
        return tables.computeIfAbsent(location, l -> new TableState(
                new DeltaTable(engine, l, engineInfo, config.checkpointInterval(), config.commitMaxRetries()), config));
    }

    @Override
    public void close() {
        close(new ArrayList<>(writers.keySet()));
    }

    /** Counters of what the sink did, for logs and tests. */
    public static final class SinkMetrics {
        public long rowsWritten;
        public long recordsRejected;
        public long tombstonesSkipped;
        public long duplicatesSkipped;
        public long commits;
        public long filesCommitted;
        public long lastCommitNanos;

        @Override
        public String toString() {
            return "rows=" + rowsWritten + " rejected=" + recordsRejected + " tombstonesSkipped=" + tombstonesSkipped
                    + " duplicatesSkipped=" + duplicatesSkipped + " commits=" + commits + " files=" + filesCommitted;
        }
    }
}
