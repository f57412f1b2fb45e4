package dev.medallion.delta.sink;

import dev.medallion.delta.sink.routing.TableRouter;
import dev.medallion.delta.sink.table.DeltaTable;
import dev.medallion.delta.sink.table.TableState;
import dev.medallion.delta.sink.write.OpenFileBudget;
import dev.medallion.delta.sink.write.PartitionWriter;
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
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The sink's engine, independent of Connect's task lifecycle: routes records to tables, turns them into rows, writes
 * Parquet files per consumed topic partition and table, and commits them with a Delta txn action per consumed topic
 * partition ({@code <prefix>-<topic>-<partition>} = last offset). Offsets, seeks and txn app ids use the partition the
 * consumer read (the record's original topic, partition and offset), while the table is chosen by the record's topic
 * after the connector's transforms, so an SMT that renames topics (RegexRouter, a routing validator) changes where
 * records land, never what is skipped or committed. Records a table already holds (its txn version for the partition)
 * are skipped; Connect is told only offsets below which every record is in a committed Delta version. Records that
 * cannot become rows go to the errant record reporter (dead-letter queue) with the reason, or fail the task when there
 * is none. Commits, their retries and the offsets Connect may commit are the {@link PartitionCommitter}'s job.
 */
public final class DeltaSinkWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeltaSinkWriter.class);

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
    private final Map<TopicPartition, ConsumedPartition> partitions = new HashMap<>();
    /** Seeks not handed to Connect yet: only inside put(), when every known partition is still assigned. */
    private final Map<TopicPartition, Long> pendingSeeks = new HashMap<>();
    private final SinkMetrics metrics = new SinkMetrics();
    private final PartitionCommitter committer;
    private long nextFlushAt;
    /** Counts put() calls; a batch Connect redelivers after a RetriableException keeps its number. */
    private long putCall;
    private boolean redelivery;

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
        this.committer = new PartitionCommitter(config, this::table, this::reread, clock, metrics);
    }

    public SinkMetrics metrics() {
        return metrics;
    }

    /** The Delta txn application id of a consumed topic partition (its original topic, before any SMT). */
    public String appId(TopicPartition tp) {
        return committer.appId(tp);
    }

    /**
     * Takes over partitions. Which tables their records go to is known only when records arrive (an SMT may rename
     * topics, even per record), so each table's txn version is read when the partition's first record for it arrives,
     * and the consumer resumes from Kafka's group offsets, which never run ahead of the tables (see
     * {@link #committedOffsets}); records a table already holds are skipped. Seeking to one table's txn version here
     * would skip records that went to another table and are not committed there yet.
     */
    public void open(Collection<TopicPartition> assigned) {
        for (TopicPartition tp : assigned) {
            ConsumedPartition stale = partitions.put(tp, new ConsumedPartition(tp));
            if (stale != null) {
                stale.writers.values().forEach(PartitionWriter::abandon);
            }
            pendingSeeks.remove(tp);
        }
    }

    /** Commits what the partitions hold and forgets them (rebalance or shutdown). */
    public void close(Collection<TopicPartition> revoked) {
        for (TopicPartition tp : revoked) {
            ConsumedPartition part = partitions.remove(tp);
            pendingSeeks.remove(tp);   // the partition is no longer ours: seeking it would fail the task
            if (part == null) {
                continue;
            }
            for (Map.Entry<String, PartitionWriter> entry : part.writers.entrySet()) {
                try {
                    committer.commit(part, entry.getKey(), entry.getValue(), false);
                } catch (RuntimeException e) {
                    log.warn("Could not commit {} to {} while closing it; the next owner re-reads its uncommitted"
                            + " records: {}", tp, entry.getKey(), e.getMessage());
                    entry.getValue().abandon();
                }
            }
        }
    }

    public void put(Collection<SinkRecord> records) {
        if (!redelivery) {
            putCall++;
        }
        redelivery = false;
        try {
            issueSeeks();
            write(records);
            flushIfDue();
        } catch (RetriableException e) {
            redelivery = true;   // Connect hands this batch to put() again
            throw e;
        } finally {
            issueSeeks();
        }
    }

    private void write(Collection<SinkRecord> records) {
        ConsumedPartition part = null;
        PartitionWriter writer = null;
        String topic = null;
        String location = null;
        for (SinkRecord record : records) {
            TopicPartition tp = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
            if (part == null || !part.topicPartition.equals(tp)) {
                // Batches come in runs of one partition: look it up only when the partition changes.
                part = partitions.get(tp);
                if (part == null) {
                    open(List.of(tp));   // tolerate callers that skip open(), e.g. a benchmark driving the task directly
                    part = partitions.get(tp);
                }
                writer = null;
            }
            long offset = record.originalKafkaOffset();
            if (part.ignoreUntilSeekApplies(offset, putCall)) {
                // Fetched before our seek: the consumer delivers it again from the seek offset. Seek again in case
                // this was a redelivered batch rather than the one that asked for the seek.
                pendingSeeks.put(tp, part.awaitedOffset());
                continue;
            }
            if (writer == null || !record.topic().equals(topic)) {
                topic = record.topic();
                location = router.tableFor(topic);
                writer = writerFor(part, location);
            }
            if (part.holds(location, writer, offset)) {
                metrics.duplicateSkipped();   // already in the table or in this commit's files (consumer re-read)
                part.handled(offset);
                continue;
            }
            writeOne(part, location, writer, record);
            writer.advance(offset);
            part.handled(offset);
            // Commit early when a partition holds flush.max.records rows or a file reached file.target.size.bytes.
            if ((writer.rows() >= config.flushMaxRecords() || writer.hasFinishedFiles()) && committer.mayRetry(part)) {
                committer.commitOrDefer(part, location, writer);
            }
        }
    }

    /** The partition's writer for one table, created with the table's txn version for the partition on first use. */
    private PartitionWriter writerFor(ConsumedPartition part, String location) {
        PartitionWriter writer = part.writers.get(location);
        if (writer == null) {
            TableState table = table(location);
            table.refresh();
            writer = new PartitionWriter(part.topicPartition, location, hadoop, codec, config.parquetRowGroupSize(),
                    config.fileTargetSizeBytes(), openFiles);
            part.writers.put(location, writer);
            String appId = appId(part.topicPartition);
            Optional<Long> version = table.snapshot().flatMap(s -> table.table().committedVersion(s, appId));
            if (version.isPresent()) {
                part.committed.put(location, version.get());
                log.info("{} holds offsets of {} up to {} (txn {}); records up to it are skipped", location,
                        part.topicPartition, version.get(), appId);
            }
        }
        return writer;
    }

    /** Called by the committer when files it dropped held offsets the table lacks: re-read them. */
    private void reread(ConsumedPartition part, long offset) {
        part.seekTo(offset, putCall);
        pendingSeeks.put(part.topicPartition, offset);
    }

    private void issueSeeks() {
        if (pendingSeeks.isEmpty()) {
            return;
        }
        for (Map.Entry<TopicPartition, Long> entry : pendingSeeks.entrySet()) {
            // Records of this put() call (or its redelivery) after the offset were fetched before the seek.
            partitions.get(entry.getKey()).seekTo(entry.getValue(), putCall);
        }
        seek.accept(Map.copyOf(pendingSeeks));
        pendingSeeks.clear();
    }

    private void writeOne(ConsumedPartition part, String location, PartitionWriter writer, SinkRecord record) {
        if (record.value() == null) {
            switch (config.tombstones()) {
                case DeltaSinkConfig.TOMBSTONES_SKIP -> metrics.tombstoneSkipped();
                case DeltaSinkConfig.TOMBSTONES_DLQ -> reject(part, location, record, new DataException(
                        "record value is null (tombstone) and " + DeltaSinkConfig.TOMBSTONES_CONFIG + "=dlq"));
                default -> throw new ConnectException("Tombstone at " + where(record) + " and "
                        + DeltaSinkConfig.TOMBSTONES_CONFIG + "=fail; set it to skip or dlq to carry on");
            }
            return;
        }
        TableState table = table(location);
        Object[] row;
        try {
            row = table.toRow(record.value());
        } catch (DataException e) {
            reject(part, location, record, e);
            return;
        }
        try {
            writer.write(table.layout(), row);
            metrics.rowWritten();
        } catch (IOException e) {
            throw new ConnectException("Could not write a data file of Delta table " + location + " for "
                    + part.topicPartition + ": " + e.getMessage() + ". The task restarts from the table's committed"
                    + " offsets; check the storage.", e);
        }
    }

    private void reject(ConsumedPartition part, String location, SinkRecord record, Exception reason) {
        DataException error = new DataException("Record " + where(record) + " rejected by the Delta sink for table "
                + location + ": " + reason.getMessage(), reason);
        if (reporter == null) {
            throw new ConnectException(error.getMessage() + ". Configure errors.tolerance=all and"
                    + " errors.deadletterqueue.topic.name to route such records to a dead-letter topic.", reason);
        }
        try {
            part.reportsOf(location).add(reporter.report(record, error));
            metrics.recordRejected();
        } catch (RuntimeException e) {
            // errors.tolerance=none: the reporter refuses, which must stop the task rather than lose the record.
            throw new ConnectException(error.getMessage(), e);
        }
    }

    /** Where a record was read, plus the topic an SMT renamed it to. */
    private static String where(SinkRecord record) {
        String read = record.originalTopic() + "-" + record.originalKafkaPartition() + "@" + record.originalKafkaOffset();
        return record.topic().equals(record.originalTopic()) ? read : read + " (topic renamed to " + record.topic() + ")";
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
        for (ConsumedPartition part : partitions.values()) {
            for (Map.Entry<String, PartitionWriter> entry : part.writers.entrySet()) {
                failed |= !committer.commitOrDefer(part, entry.getKey(), entry.getValue());
            }
        }
        nextFlushAt = clock.getAsLong() + (failed ? Math.min(1000, config.flushIntervalMs()) : config.flushIntervalMs());
    }

    /**
     * Offsets Connect may commit to Kafka, per consumed partition: every record below is in a committed Delta version
     * (or was reported to the dead-letter queue and awaited), whichever table it went to.
     */
    public Map<TopicPartition, OffsetAndMetadata> committedOffsets() {
        return PartitionCommitter.committedOffsets(partitions.values());
    }

    private TableState table(String location) {
        return tables.computeIfAbsent(location, l -> new TableState(
                new DeltaTable(engine, l, engineInfo, config.checkpointInterval(), config.commitMaxRetries()), config));
    }

    @Override
    public void close() {
        close(new ArrayList<>(partitions.keySet()));
    }
}
