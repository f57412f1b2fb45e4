package dev.medallion.eventhubs.emulator.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.apache.qpid.proton.message.Message;

/**
 * The events of one partition, in memory, in order. Sequence numbers start at 0 and grow by one; offsets are byte
 * positions. When the retained bytes exceed the cap the oldest events are dropped and the begin sequence number moves
 * forward, as Event Hubs does when its retention expires. Thread-safe.
 */
public final class PartitionLog {
    private final String hubName;
    private final String partitionId;
    private final long retentionBytes;

    // events.get(i) has sequence number beginSequenceNumber + (i - head); the prefix before head is garbage.
    private final ArrayList<StoredEvent> events = new ArrayList<>();
    private int head;
    private long beginSequenceNumber;
    private long nextSequenceNumber;
    private long nextOffset;
    private long lastEnqueuedTimeMillis;
    private long retainedBytes;

    public PartitionLog(String hubName, String partitionId, long retentionBytes) {
        if (retentionBytes <= 0) {
            throw new IllegalArgumentException("retentionBytes must be positive, was " + retentionBytes);
        }
        this.hubName = hubName;
        this.partitionId = partitionId;
        this.retentionBytes = retentionBytes;
    }

    public String hubName() {
        return hubName;
    }

    public String partitionId() {
        return partitionId;
    }

    /**
     * Appends an event: assigns its sequence number, offset and enqueued time, stamps them on the message and keeps
     * its encoding.
     *
     * @param sizeHint the size of the message as received, to size the encoding buffer
     */
    public synchronized StoredEvent append(Message message, String partitionKey, long nowMillis, int sizeHint) {
        long sequenceNumber = nextSequenceNumber;
        long offset = nextOffset;
        long enqueued = Math.max(nowMillis, lastEnqueuedTimeMillis);
        byte[] encoded = EventCodec.encodeWithSystemProperties(message, sequenceNumber, offset, enqueued,
                partitionKey, sizeHint);
        StoredEvent event = new StoredEvent(sequenceNumber, offset, enqueued, partitionKey, encoded);
        events.add(event);
        nextSequenceNumber++;
        nextOffset += encoded.length;
        lastEnqueuedTimeMillis = enqueued;
        retainedBytes += encoded.length;
        enforceRetention();
        return event;
    }

    private void enforceRetention() {
        // Always keep the newest event, even if it alone is over the cap.
        while (retainedBytes > retentionBytes && events.size() - head > 1) {
            StoredEvent dropped = events.set(head, null);
            head++;
            retainedBytes -= dropped.size();
            beginSequenceNumber++;
        }
        if (head > 4096 && head > events.size() / 2) {
            events.subList(0, head).clear();
            head = 0;
        }
    }

    /** Up to {@code max} events from {@code fromSequenceNumber} on (from the oldest retained if that is gone). */
    public synchronized List<StoredEvent> read(long fromSequenceNumber, int max) {
        long from = Math.max(fromSequenceNumber, beginSequenceNumber);
        if (from >= nextSequenceNumber || max <= 0) {
            return List.of();
        }
        int start = head + (int) (from - beginSequenceNumber);
        int end = (int) Math.min((long) events.size(), (long) start + max);
        return new ArrayList<>(events.subList(start, end));
    }

    /** The sequence number a reader starting at {@code position} reads first (may be the next one to arrive). */
    public synchronized long resolve(StartPosition position) {
        long resolved = switch (position.kind()) {
            case LATEST -> nextSequenceNumber;
            case EARLIEST -> beginSequenceNumber;
            case SEQUENCE_NUMBER -> position.inclusive() ? position.value() : position.value() + 1;
            case OFFSET -> firstIndexWhere(e -> position.inclusive() ? e.offset() >= position.value()
                    : e.offset() > position.value());
            case ENQUEUED_TIME -> firstIndexWhere(e -> position.inclusive()
                    ? e.enqueuedTimeMillis() >= position.value() : e.enqueuedTimeMillis() > position.value());
        };
        return Math.max(resolved, beginSequenceNumber);
    }

    // Offsets and enqueued times never decrease along the log, so a binary search finds the first match.
    private long firstIndexWhere(Predicate<StoredEvent> matches) {
        int low = head;
        int high = events.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (matches.test(events.get(mid))) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return beginSequenceNumber + (low - head);
    }

    public synchronized PartitionSnapshot snapshot() {
        boolean empty = nextSequenceNumber == beginSequenceNumber;
        StoredEvent last = empty ? null : events.get(events.size() - 1);
        return new PartitionSnapshot(hubName, partitionId, beginSequenceNumber,
                last == null ? -1 : last.sequenceNumber(), last == null ? -1 : last.offset(),
                last == null ? 0 : last.enqueuedTimeMillis(), empty, retainedBytes);
    }

    public synchronized long nextSequenceNumber() {
        return nextSequenceNumber;
    }
}
