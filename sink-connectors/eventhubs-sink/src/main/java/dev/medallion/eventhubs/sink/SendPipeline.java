package dev.medallion.eventhubs.sink;

import dev.medallion.common.Backoff;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Sends events in batches through a {@link HubSender}, keeping order and never losing one. Events go into lanes, one
 * per Kafka partition and target (partition key, hub partition, or any); a lane has at most one batch in flight, and a
 * failed batch is sent again, whole and before anything after it, so a lane's events reach the hub in order. Many lanes
 * send at once, up to a cap. An event larger than an empty batch goes to the dead-letter queue with the reason. The
 * {@link DeliveryTracker} learns of every acknowledgement, so Connect commits only what the hub has.
 *
 * <p>Single-threaded: only the task thread calls it; SDK threads only post completions to a queue.
 */
final class SendPipeline {
    private static final Logger log = LoggerFactory.getLogger(SendPipeline.class);
    private static final long MAX_WAIT_MS = 100;

    /** Where records that cannot be sent go: Connect's errant record reporter. */
    interface DeadLetters {
        void report(SinkRecord record, UnsendableRecordException reason);
    }

    private record LaneKey(TopicPartition partition, String hub, Target target) {
    }

    private static final class Lane {
        final LaneKey key;
        final ArrayDeque<OutgoingEvent> queued = new ArrayDeque<>();
        List<OutgoingEvent> inFlight;
        List<OutgoingEvent> retry;
        int failures;
        long firstFailureAt;
        long nextAttemptAt;

        Lane(LaneKey key) {
            this.key = key;
        }

        boolean idle() {
            return queued.isEmpty() && inFlight == null && retry == null;
        }
    }

    private record Completion(Lane lane, List<OutgoingEvent> events, Throwable error) {
    }

    private final HubSender sender;
    private final DeliveryTracker tracker;
    private final DeadLetters deadLetters;
    private final SendErrorClassifier classifier;
    private final Backoff backoff;
    private final int maxInFlight;
    private final long sendTimeoutMillis;
    private final LongSupplier clock;
    private final Map<LaneKey, Lane> lanes = new LinkedHashMap<>();
    private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private int inFlight;
    private long batchesSent;

    SendPipeline(HubSender sender, DeliveryTracker tracker, DeadLetters deadLetters, SendErrorClassifier classifier,
                 Backoff backoff, int maxInFlight, Duration sendTimeout, LongSupplier clock) {
        this.sender = sender;
        this.tracker = tracker;
        this.deadLetters = deadLetters;
        this.classifier = classifier;
        this.backoff = backoff;
        this.maxInFlight = maxInFlight;
        this.sendTimeoutMillis = sendTimeout.toMillis();
        this.clock = clock;
    }

    void add(OutgoingEvent event) {
        SinkRecord record = event.record();
        TopicPartition partition = new TopicPartition(record.topic(), record.kafkaPartition());
        tracker.started(partition, record.kafkaOffset());
        lanes.computeIfAbsent(new LaneKey(partition, event.hub(), event.target()), Lane::new).queued.add(event);
    }

    /** Handles the acknowledgements that arrived and starts the sends that may start; never waits. */
    void pump() {
        handleCompletions();
        startSends();
        // Sends can fail at once (a closed client): surface that now rather than on the next call.
        handleCompletions();
    }

    private void handleCompletions() {
        Completion completion;
        while ((completion = completions.poll()) != null) {
            handle(completion);
        }
    }

    /**
     * Pumps until at most {@code maxPending} records are unacknowledged or {@code maxWait} passed; answers whether the
     * count is down. Throws when a send failed for good.
     */
    boolean awaitPendingAtMost(int maxPending, Duration maxWait) {
        long deadline = clock.getAsLong() + maxWait.toMillis();
        pump();
        while (tracker.pendingCount() > maxPending && clock.getAsLong() < deadline) {
            waitForCompletion(Math.min(MAX_WAIT_MS, Math.max(1, deadline - clock.getAsLong())));
            pump();
        }
        return tracker.pendingCount() <= maxPending;
    }

    int pendingCount() {
        return tracker.pendingCount();
    }

    /** Pumps until every record is acknowledged or the timeout passed; answers whether all were. */
    boolean drain(Duration timeout) {
        long deadline = clock.getAsLong() + timeout.toMillis();
        pump();
        while (tracker.pendingCount() > 0 && clock.getAsLong() < deadline) {
            waitForCompletion(Math.min(MAX_WAIT_MS, Math.max(1, deadline - clock.getAsLong())));
            pump();
        }
        return tracker.pendingCount() == 0;
    }

    /** Drops the lanes of partitions this task no longer owns; Connect redelivers their records to the new owner. */
    void forget(Collection<TopicPartition> partitions) {
        Iterator<Lane> it = lanes.values().iterator();
        while (it.hasNext()) {
            Lane lane = it.next();
            if (partitions.contains(lane.key.partition())) {
                // An in-flight batch still completes; its completion finds no lane and is ignored (a duplicate at
                // worst, never a loss: the offsets were not committed).
                it.remove();
            }
        }
        tracker.forget(partitions);
    }

    long batchesSent() {
        return batchesSent;
    }

    private void waitForCompletion(long maxMillis) {
        try {
            Completion completion = completions.poll(maxMillis, TimeUnit.MILLISECONDS);
            if (completion != null) {
                handle(completion);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while waiting for Event Hubs to acknowledge batches", e);
        }
    }

    private void handle(Completion completion) {
        inFlight--;
        Lane lane = completion.lane();
        if (lanes.get(lane.key) != lane) {
            return;
        }
        lane.inFlight = null;
        if (completion.error() == null) {
            for (OutgoingEvent event : completion.events()) {
                tracker.done(new TopicPartition(event.record().topic(), event.record().kafkaPartition()),
                        event.record().kafkaOffset());
            }
            lane.failures = 0;
            if (lane.idle()) {
                lanes.remove(lane.key);
            }
            return;
        }
        failed(lane, completion.events(), completion.error());
    }

    private void failed(Lane lane, List<OutgoingEvent> events, Throwable error) {
        String hub = lane.key.hub();
        SendErrorClassifier.Verdict verdict = classifier.classify(hub, error);
        TopicPartition partition = lane.key.partition();
        if (!verdict.retriable()) {
            throw new ConnectException(verdict.explanation() + " (records of " + partition + " from offset "
                    + events.get(0).record().kafkaOffset() + " are not committed and are sent again after a"
                    + " restart)");
        }
        long now = clock.getAsLong();
        if (lane.failures == 0) {
            lane.firstFailureAt = now;
        }
        lane.failures++;
        if (now - lane.firstFailureAt > sendTimeoutMillis) {
            throw new ConnectException("Gave up sending " + events.size() + " events of " + partition + " from offset "
                    + events.get(0).record().kafkaOffset() + " to hub " + hub + " after " + lane.failures
                    + " attempts in " + (now - lane.firstFailureAt) + " ms (eventhubs.send.timeout.ms): "
                    + verdict.explanation() + ". Nothing was committed past them; restart the task once the hub"
                    + " is reachable.");
        }
        lane.retry = events;
        lane.nextAttemptAt = now + backoff.delayMillis(lane.failures);
        log.warn("{}; attempt {} for {} events of {} from offset {}, next in {} ms", verdict.explanation(),
                lane.failures, events.size(), partition, events.get(0).record().kafkaOffset(),
                lane.nextAttemptAt - now);
    }

    private void startSends() {
        if (inFlight >= maxInFlight) {
            return;
        }
        long now = clock.getAsLong();
        for (Lane lane : new ArrayList<>(lanes.values())) {
            if (inFlight >= maxInFlight) {
                return;
            }
            if (lane.inFlight != null) {
                continue;
            }
            if (lane.retry != null ? now >= lane.nextAttemptAt : !lane.queued.isEmpty()) {
                send(lane);
            }
            if (lane.idle()) {
                lanes.remove(lane.key);
            }
        }
    }

    private void send(Lane lane) {
        HubSender.Batch batch;
        try {
            batch = sender.createBatch(lane.key.hub(), lane.key.target());
        } catch (RuntimeException e) {
            List<OutgoingEvent> events = lane.retry != null ? lane.retry : List.of(lane.queued.peek());
            if (lane.retry == null) {
                lane.queued.poll();
            }
            failed(lane, events, e);
            return;
        }
        List<OutgoingEvent> events = new ArrayList<>();
        if (lane.retry != null) {
            // The same events again, first: a new batch from the same events fits as the first one did.
            List<OutgoingEvent> retry = lane.retry;
            lane.retry = null;
            for (int i = 0; i < retry.size(); i++) {
                if (!batch.tryAdd(retry.get(i).event())) {
                    // The hub's limit shrank: the rest goes back to the front, still in order.
                    for (int j = retry.size() - 1; j >= i; j--) {
                        lane.queued.addFirst(retry.get(j));
                    }
                    break;
                }
                events.add(retry.get(i));
            }
        }
        while (!lane.queued.isEmpty()) {
            OutgoingEvent next = lane.queued.peek();
            if (batch.tryAdd(next.event())) {
                events.add(lane.queued.poll());
            } else if (events.isEmpty()) {
                lane.queued.poll();
                deadLetter(next, batch);
            } else {
                break;
            }
        }
        if (events.isEmpty()) {
            return;
        }
        inFlight++;
        batchesSent++;
        lane.inFlight = events;
        sender.send(lane.key.hub(), batch).whenComplete((ok, error) -> completions.add(
                new Completion(lane, events, error)));
    }

    private void deadLetter(OutgoingEvent event, HubSender.Batch emptyBatch) {
        SinkRecord record = event.record();
        int body = event.event().getBody().length;
        UnsendableRecordException reason = new UnsendableRecordException("event of " + body + " body bytes (plus"
                + " properties) is larger than hub " + event.hub() + " accepts in one batch ("
                + emptyBatch.maxSizeInBytes() + " bytes)");
        deadLetters.report(record, reason);
        tracker.done(new TopicPartition(record.topic(), record.kafkaPartition()), record.kafkaOffset());
    }
}
