package dev.medallion.eventhubs.source.receive;

import dev.medallion.eventhubs.source.partition.StartPosition;

import dev.medallion.common.Backoff;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Reads a task's Event Hubs partitions into one buffer that {@link #poll} drains in batches. Each partition has one
 * receive link with bounded credit (the prefetch count), so the buffer never holds more than that per partition. When a
 * link fails with a transient error it is reopened after a backoff right after the last event it buffered, so per
 * partition nothing is skipped or repeated; a fatal error (credentials refused, hub missing) surfaces from poll as a
 * ConnectException that fails the task.
 *
 * <p>Threads: links deliver on the client's threads into a concurrent queue; everything else runs on the task thread.
 */
public final class PartitionsReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionsReader.class);
    /** Consecutive failures of one partition after which the client itself is replaced. */
    static final int RECOVER_AFTER_FAILURES = 3;
    /** How often a lingering poll looks at the buffer. */
    private static final long LINGER_CHECK_NANOS = 250_000;

    private final PartitionReceiver receiver;
    private final ErrorClassifier classifier;
    private final Backoff backoff;
    private final int credit;
    private final LongSupplier clock;
    private final long lingerMillis;
    private final Map<String, PartitionState> partitions = new LinkedHashMap<>();
    private final LinkedBlockingQueue<Delivery> buffer = new LinkedBlockingQueue<>();
    private final List<Delivery> drained = new ArrayList<>();
    private final Map<LinkListener, long[]> consumedPerLink = new IdentityHashMap<>();
    private volatile boolean closed;

    /**
     * @param starts where each partition starts (resume position or the configured start), in the order to open
     * @param clock  milliseconds, monotonic; injectable so tests control backoff
     */
    public PartitionsReader(PartitionReceiver receiver, Map<String, StartPosition> starts, int credit,
                     ErrorClassifier classifier, Backoff backoff, LongSupplier clock) {
        this(receiver, starts, credit, classifier, backoff, clock, 0);
    }

    /**
     * @param lingerMillis how long a poll that found fewer events than a batch waits for more (never beyond the
     *                     poll's own max wait); 0 returns whatever is buffered at once
     */
    public PartitionsReader(PartitionReceiver receiver, Map<String, StartPosition> starts, int credit,
                     ErrorClassifier classifier, Backoff backoff, LongSupplier clock, long lingerMillis) {
        this.lingerMillis = lingerMillis;
        this.receiver = receiver;
        this.classifier = classifier;
        this.backoff = backoff;
        this.credit = credit;
        this.clock = clock;
        starts.forEach((partition, start) -> partitions.put(partition, new PartitionState(partition, start)));
    }

    /** Opens every partition's link. */
    public void start() {
        for (PartitionState state : partitions.values()) {
            open(state);
        }
    }

    /**
     * Returns up to {@code maxEvents} buffered events, waiting at most {@code maxWait} for the first one; reopens
     * links whose backoff elapsed and throws for a fatal link error. Per partition, events come in sequence order.
     */
    public List<ReceivedEvent> poll(int maxEvents, Duration maxWait) throws InterruptedException {
        handleLinkFailures();
        long waitMillis = Math.min(maxWait.toMillis(), millisUntilNextReconnect());
        drained.clear();
        Delivery first = buffer.poll(Math.max(0, waitMillis), TimeUnit.MILLISECONDS);
        if (first == null) {
            handleLinkFailures();
            return List.of();
        }
        drained.add(first);
        buffer.drainTo(drained, maxEvents - 1);
        lingerForABatch(maxEvents, Math.min(lingerMillis, waitMillis));
        List<ReceivedEvent> events = new ArrayList<>(drained.size());
        consumedPerLink.clear();
        for (Delivery delivery : drained) {
            events.add(delivery.event);
            consumedPerLink.computeIfAbsent(delivery.link, l -> new long[1])[0]++;
        }
        // Credit returns to the link that delivered: a replaced link's events do not inflate the new link's credit.
        consumedPerLink.forEach((link, count) -> link.consumed(count[0]));
        drained.clear();
        return events;
    }

    /**
     * Links deliver one event at a time, so a task that keeps up would otherwise wake per event and hand the worker
     * batches of a few records, paying the per-poll costs (credit round trip to each link, the worker's batch
     * bookkeeping, one transaction per poll in exactly-once mode) every few events. Like the producer's linger.ms,
     * a short batch waits up to {@code lingerMillis} for more events, checking the buffer's size without waking per
     * event. The target is half of what the links may still deliver before this poll returns their credit.
     */
    private void lingerForABatch(int maxEvents, long lingerMillis) {
        int target = (int) Math.min(maxEvents, Math.max(1L, (long) credit * partitions.size() / 2));
        if (lingerMillis <= 0 || drained.size() >= target) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lingerMillis);
        long left;
        while (drained.size() + buffer.size() < target && (left = deadline - System.nanoTime()) > 0
                && !closed) {
            LockSupport.parkNanos(Math.min(left, LINGER_CHECK_NANOS));
        }
        buffer.drainTo(drained, maxEvents - drained.size());
    }

    /** Partitions this reader reads. */
    List<String> partitionIds() {
        return List.copyOf(partitions.keySet());
    }

    private void open(PartitionState state) {
        StartPosition position = state.lastBuffered >= 0 ? StartPosition.after(state.lastBuffered) : state.start;
        LinkListener listener = new LinkListener(state);
        state.listener = listener;
        state.failure = null;
        state.reconnectAt = -1;
        LOG.info("Opening Event Hubs partition {} from {}", state.partitionId, position);
        try {
            listener.attach(receiver.open(state.partitionId, position, credit, listener));
        } catch (RuntimeException e) {
            listener.onError(e);
        }
    }

    private void handleLinkFailures() {
        long now = clock.getAsLong();
        for (PartitionState state : partitions.values()) {
            Throwable failure = state.failure;
            if (failure != null && state.reconnectAt < 0) {
                ErrorClassifier.Verdict verdict = classifier.classify(failure);
                if (!verdict.retriable()) {
                    throw new ConnectException(verdict.explanation() + " [partition " + state.partitionId + "]",
                            failure);
                }
                state.failures++;
                if (state.failures % RECOVER_AFTER_FAILURES == 0) {
                    receiver.recover();
                }
                long delay = backoff.delayMillis(state.failures);
                state.reconnectAt = now + delay;
                LOG.warn("{} [partition {}]; reopening in {} ms (attempt {})", verdict.explanation(),
                        state.partitionId, delay, state.failures);
            }
            if (state.reconnectAt >= 0 && now >= state.reconnectAt && !closed) {
                open(state);
            }
        }
    }

    private long millisUntilNextReconnect() {
        long now = clock.getAsLong();
        long next = Long.MAX_VALUE;
        for (PartitionState state : partitions.values()) {
            if (state.reconnectAt >= 0) {
                next = Math.min(next, Math.max(0, state.reconnectAt - now));
            }
        }
        return next;
    }

    @Override
    public void close() {
        closed = true;
        for (PartitionState state : partitions.values()) {
            LinkListener listener = state.listener;
            if (listener != null && listener.link != null) {
                try {
                    listener.link.cancel();
                } catch (RuntimeException e) {
                    LOG.debug("Cancelling the link of partition {} failed", state.partitionId, e);
                }
            }
        }
        buffer.clear();
    }

    /** Per-partition state; {@code lastBuffered} is written by link threads, the rest by the task thread. */
    private static final class PartitionState {
        final String partitionId;
        final StartPosition start;
        volatile long lastBuffered = -1;
        volatile Throwable failure;
        volatile LinkListener listener;
        long reconnectAt = -1;
        volatile int failures;

        PartitionState(String partitionId, StartPosition start) {
            this.partitionId = partitionId;
            this.start = start;
        }
    }

    /** One event with the link that delivered it, so its credit goes back to that link. */
    private record Delivery(LinkListener link, ReceivedEvent event) {
    }

    /** Listener of one link; ignores everything once its partition moved on to a newer link. */
    private final class LinkListener implements PartitionReceiver.Listener {
        private final PartitionState state;
        volatile PartitionReceiver.Link link;
        // Credit returned before open() handed us the link (a redelivery racing the open); given back on attach.
        private long earlyCredit;

        LinkListener(PartitionState state) {
            this.state = state;
        }

        synchronized void attach(PartitionReceiver.Link opened) {
            link = opened;
            if (earlyCredit > 0 && current()) {
                opened.request(earlyCredit);
            }
            earlyCredit = 0;
        }

        private boolean current() {
            return state.listener == this && !closed;
        }

        @Override
        public void onEvent(ReceivedEvent event) {
            if (!current()) {
                return;
            }
            if (event.sequenceNumber() <= state.lastBuffered) {
                // A redelivery of an event we already hold (a link that resumed on its own); keeping it would duplicate.
                consumed(1);
                return;
            }
            state.lastBuffered = event.sequenceNumber();
            if (state.failures > 0) {
                state.failures = 0;
            }
            buffer.add(new Delivery(this, event));
        }

        @Override
        public void onError(Throwable error) {
            if (current()) {
                state.failure = error;
            }
        }

        @Override
        public void onComplete() {
            if (current()) {
                state.failure = new IllegalStateException("the receive link of partition " + state.partitionId
                        + " closed");
            }
        }

        void consumed(long events) {
            PartitionReceiver.Link l = link;
            if (l == null) {
                synchronized (this) {
                    if (link == null) {
                        earlyCredit += events;
                        return;
                    }
                    l = link;
                }
            }
            if (current()) {
                l.request(events);
            }
        }
    }
}
