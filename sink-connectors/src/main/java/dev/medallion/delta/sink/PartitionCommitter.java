package dev.medallion.delta.sink;

import dev.medallion.delta.sink.table.DeltaTable.AppendResult;
import dev.medallion.delta.sink.table.TableState;
import dev.medallion.delta.sink.write.DataFile;
import dev.medallion.delta.sink.write.PartitionWriter;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Commits what a consumed partition wrote for one table: awaits its dead-letter reports, appends its files with the
 * partition's txn action, and settles what the table holds afterwards (ours, or a zombie's or an earlier attempt's
 * version). A transient failure defers the files to the next flush; a partition whose commits keep failing fails the
 * task. Knows which offsets Connect may commit to Kafka. Routing, rows and files are {@link DeltaSinkWriter}'s job.
 */
final class PartitionCommitter {
    private static final Logger log = LoggerFactory.getLogger(PartitionCommitter.class);

    private final DeltaSinkConfig config;
    private final Function<String, TableState> tables;
    private final BiConsumer<ConsumedPartition, Long> reread;
    private final LongSupplier clock;
    private final SinkMetrics metrics;

    /**
     * @param tables  the sink's state of the table at a location
     * @param reread  asks the consumer to re-read a partition from an offset (the files just dropped held it)
     * @param clock   milliseconds, for the retry delay
     */
    PartitionCommitter(DeltaSinkConfig config, Function<String, TableState> tables,
                       BiConsumer<ConsumedPartition, Long> reread, LongSupplier clock, SinkMetrics metrics) {
        this.config = config;
        this.tables = tables;
        this.reread = reread;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The Delta txn application id of a consumed topic partition (its original topic, before any SMT). */
    String appId(TopicPartition tp) {
        return config.txnAppIdPrefix() + "-" + tp.topic() + "-" + tp.partition();
    }

    /** Whether the partition's last failed commit is far enough back to try again. */
    boolean mayRetry(ConsumedPartition part) {
        return clock.getAsLong() >= part.retryNotBefore;
    }

    /**
     * Commits one partition's files of one table; a transient failure keeps them for the next attempt. Failures are
     * counted per consumed partition: a partition whose commits keep failing fails the task after
     * {@code commit.max.failures} in a row, however well the others do.
     *
     * @return whether the files are committed (or there were none)
     */
    boolean commitOrDefer(ConsumedPartition part, String location, PartitionWriter writer) {
        try {
            commit(part, location, writer, true);
            part.commitFailures = 0;
            return true;
        } catch (RetriableException e) {
            part.commitFailures++;
            part.retryNotBefore = clock.getAsLong() + Math.min(1000, config.flushIntervalMs());
            if (part.commitFailures >= config.commitMaxFailures()) {
                throw new ConnectException("Delta commits of " + part.topicPartition + " keep failing ("
                        + part.commitFailures + " in a row, " + DeltaSinkConfig.COMMIT_MAX_FAILURES_CONFIG + "="
                        + config.commitMaxFailures() + "), last to " + location + ": " + e.getMessage()
                        + ". The task restarts from the table's committed offsets; check the storage.", e);
            }
            log.warn("Commit of {} to {} failed ({} in a row), retrying with the next flush: {}", part.topicPartition,
                    location, part.commitFailures, e.getMessage());
            return false;
        }
    }

    /**
     * @param mayResume whether the consumer may be asked to re-read (not while the partition is being revoked: it
     *                  is no longer ours, and its next owner re-reads from the committed offsets anyway)
     */
    void commit(ConsumedPartition part, String location, PartitionWriter writer, boolean mayResume) {
        if (!writer.hasUncommitted()) {
            return;
        }
        TopicPartition tp = part.topicPartition;
        TableState table = tables.apply(location);
        List<DataFile> files;
        try {
            files = writer.closeFiles();
        } catch (IOException e) {
            throw new ConnectException("Could not finish data files of " + location + " for " + tp + ": "
                    + e.getMessage(), e);
        }
        awaitReports(part, location);
        if (table.layout() == null) {
            // Nothing was ever written for this table (every record was rejected or skipped): no txn to record.
            writer.reset();
            return;
        }
        long started = System.nanoTime();
        AppendResult result = table.table().append(files, appId(tp), writer.firstOffset(), writer.lastOffset());
        switch (result) {
            case COMMITTED -> {
                part.committed.put(location, writer.lastOffset());
                metrics.committed(files.size(), System.nanoTime() - started);
                writer.reset();
            }
            case ALREADY_COMMITTED, OVERLAP -> {
                // The table already holds (some of) these offsets: our own earlier attempt whose outcome was unknown,
                // or another writer with our app id (a zombie task of this connector). Keep the table's version.
                long first = writer.firstOffset();
                long last = writer.lastOffset();
                writer.abandon();
                table.refresh();
                long version = table.snapshot().flatMap(s -> table.table().committedVersion(s, appId(tp))).orElseThrow();
                part.committed.put(location, version);
                if (version < last) {
                    // Offsets version+1..last were only in the files just dropped: re-read them. Records after the
                    // seek offset still arriving before the seek applies are ignored (ConsumedPartition).
                    log.warn("Offsets {}..{} of {} were partly committed to {} by another writer with app id {} (up to"
                            + " {}); not committing ours, re-reading from {}", first, last, tp, location, appId(tp),
                            version, version + 1);
                    if (mayResume) {
                        reread.accept(part, version + 1);
                    }
                } else if (version > last) {
                    // No seek forward: records up to the version are skipped as they come. Jumping there would also
                    // skip records of this partition that went to other tables and are not committed there.
                    log.warn("Offsets {}..{} of {} were already committed to {} by another writer with app id {} (up to"
                            + " {}); not committing ours", first, last, tp, location, appId(tp), version);
                }
            }
            default -> throw new IllegalStateException("unknown append result " + result);
        }
    }

    /** A record's offset is committed only once its dead-letter report is: otherwise a crash could lose it. */
    private void awaitReports(ConsumedPartition part, String location) {
        TopicPartition tp = part.topicPartition;
        List<Future<Void>> pending = part.reports.get(location);
        if (pending == null) {
            return;
        }
        // Forgotten only once all are awaited: a wait cut short defers the commit, and the retry awaits them again.
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
        part.reports.remove(location);
    }

    /**
     * Offsets Connect may commit to Kafka, per consumed partition: every record below is in a committed Delta version
     * (or was reported to the dead-letter queue and awaited), whichever table it went to.
     */
    static Map<TopicPartition, OffsetAndMetadata> committedOffsets(Collection<ConsumedPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumedPartition part : partitions) {
            OffsetAndMetadata safe = part.safeOffset();
            if (safe != null) {
                offsets.put(part.topicPartition, safe);
            }
        }
        return offsets;
    }
}
