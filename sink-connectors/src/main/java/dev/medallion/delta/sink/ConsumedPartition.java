package dev.medallion.delta.sink;

import dev.medallion.delta.sink.write.PartitionWriter;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * What the sink knows about one topic partition as the consumer reads it (its original topic, before any SMT renamed
 * the records): one {@link PartitionWriter} per table its records were routed to, the txn version each of those tables
 * holds for it, how far the records were handled, a seek it is waiting for, and its commit failures in a row. Offsets,
 * seeks and txn app ids belong to this partition, never to a renamed topic: a seek or an offset for a topic the
 * consumer is not assigned would fail the task, and two topics renamed to one would skip each other's records.
 */
final class ConsumedPartition {
    final TopicPartition topicPartition;
    /** By table location, in the order records first went there. */
    final Map<String, PartitionWriter> writers = new LinkedHashMap<>();
    /** Last offset each table holds for this partition (its txn version); absent: none. */
    final Map<String, Long> committed = new HashMap<>();
    /** Dead-letter reports per table location, awaited before the commit that covers their offsets. */
    final Map<String, List<Future<Void>>> reports = new HashMap<>();
    /** The offset after the last record handled (written, rejected, skipped as already in its table); -1: none. */
    private long position = -1;
    /** The first offset handled since the partition was opened: offsets up to it say nothing new. */
    private long firstHandled = -1;
    /** The offset a seek asked for, while records from before the seek may still arrive; -1: no seek pending. */
    private long awaiting = -1;
    /** The {@code put} call that issued the seek (records of that call after the seek offset are stale). */
    private long awaitingSince;
    int commitFailures;
    long retryNotBefore;

    ConsumedPartition(TopicPartition topicPartition) {
        this.topicPartition = topicPartition;
    }

    /**
     * Whether a record at {@code offset}, delivered in {@code put} call {@code call}, must be ignored because a seek is
     * pending: the consumer re-delivers it from the seek offset. Records of the call that issued the seek (or of its
     * redelivery) after that offset were fetched before the seek; the first record at or after it in a later call, or
     * the seek offset itself, is where the consumer resumed (offsets may have gaps: transaction markers, compaction).
     */
    boolean ignoreUntilSeekApplies(long offset, long call) {
        if (awaiting < 0 || offset < awaiting) {
            return false;
        }
        if (offset == awaiting || call != awaitingSince) {
            awaiting = -1;
            return false;
        }
        return true;
    }

    /** Asks the consumer to re-read from {@code offset}: what follows it is not in a table yet. */
    void seekTo(long offset, long call) {
        awaiting = offset;
        awaitingSince = call;
        position = position < 0 ? offset : Math.min(position, offset);
    }

    long awaitedOffset() {
        return awaiting;
    }

    void handled(long offset) {
        if (firstHandled < 0) {
            firstHandled = offset;
        }
        position = Math.max(position, offset + 1);
    }

    /** Whether the record at {@code offset} routed to the table at {@code location} is in it or in its open files. */
    boolean holds(String location, PartitionWriter writer, long offset) {
        Long done = committed.get(location);
        return (done != null && offset <= done) || offset <= writer.lastOffset();
    }

    /**
     * The offset Connect may commit to Kafka: every record before it is in a committed Delta version (or in the
     * dead-letter queue): the first uncommitted offset of any of its tables, else the position. Empty while nothing
     * handled since the partition was opened is in a table yet.
     */
    OffsetAndMetadata safeOffset() {
        long safe = position;
        for (PartitionWriter writer : writers.values()) {
            if (writer.hasUncommitted()) {
                safe = safe < 0 ? writer.firstOffset() : Math.min(safe, writer.firstOffset());
            }
        }
        return safe <= firstHandled ? null : new OffsetAndMetadata(safe);
    }

    List<Future<Void>> reportsOf(String location) {
        return reports.computeIfAbsent(location, k -> new ArrayList<>());
    }
}
