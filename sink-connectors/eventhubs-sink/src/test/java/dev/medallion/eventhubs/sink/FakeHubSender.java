package dev.medallion.eventhubs.sink;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpErrorContext;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.EventData;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A hub in memory behind the {@link HubSender} port: batches limited by body bytes, events stored per target in the
 * order the "hub" acknowledged them, scripted failures, and either immediate acknowledgements or ones the test
 * releases, to see what is in flight.
 */
final class FakeHubSender implements HubSender {
    final Map<Target, List<EventData>> stored = new LinkedHashMap<>();
    final Deque<RuntimeException> nextSendFailures = new ArrayDeque<>();
    final Deque<RuntimeException> nextCreateFailures = new ArrayDeque<>();
    final List<PendingSend> pending = new ArrayList<>();
    final int maxBatchBytes;
    final int partitions;
    boolean autoAcknowledge = true;
    int maxConcurrent;
    int sends;

    record PendingSend(FakeBatch batch, CompletableFuture<Void> future) {
    }

    FakeHubSender(int maxBatchBytes, int partitions) {
        this.maxBatchBytes = maxBatchBytes;
        this.partitions = partitions;
    }

    static AmqpException serverBusy() {
        return new AmqpException(true, AmqpErrorCondition.SERVER_BUSY_ERROR, "busy", new AmqpErrorContext("ns"));
    }

    static AmqpException linkLost() {
        return new AmqpException(true, AmqpErrorCondition.LINK_DETACH_FORCED, "detached", new AmqpErrorContext("ns"));
    }

    static AmqpException unauthorized() {
        return new AmqpException(false, AmqpErrorCondition.UNAUTHORIZED_ACCESS, "no", new AmqpErrorContext("ns"));
    }

    @Override
    public int partitionCount(String hub) {
        return partitions;
    }

    @Override
    public Batch createBatch(String hub, Target target) {
        if (!nextCreateFailures.isEmpty()) {
            throw nextCreateFailures.poll();
        }
        return new FakeBatch(target, maxBatchBytes);
    }

    @Override
    public CompletableFuture<Void> send(String hub, Batch batch) {
        sends++;
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (!nextSendFailures.isEmpty()) {
            future.completeExceptionally(nextSendFailures.poll());
            return future;
        }
        if (autoAcknowledge) {
            store((FakeBatch) batch);
            future.complete(null);
        } else {
            pending.add(new PendingSend((FakeBatch) batch, future));
            maxConcurrent = Math.max(maxConcurrent, pending.size());
        }
        return future;
    }

    /** Acknowledges the oldest pending send. */
    void acknowledgeOldest() {
        PendingSend send = pending.remove(0);
        store(send.batch());
        send.future().complete(null);
    }

    private void store(FakeBatch batch) {
        stored.computeIfAbsent(batch.target, t -> new ArrayList<>()).addAll(batch.events);
    }

    List<Long> offsets(Target target) {
        return stored.getOrDefault(target, List.of()).stream()
                .map(e -> (Long) e.getProperties().get(EventMapper.OFFSET_PROPERTY)).toList();
    }

    @Override
    public void close() {
    }

    static final class FakeBatch implements Batch {
        final Target target;
        final int max;
        final List<EventData> events = new ArrayList<>();
        int size;

        FakeBatch(Target target, int max) {
            this.target = target;
            this.max = max;
        }

        @Override
        public boolean tryAdd(EventData event) {
            int length = event.getBody().length;
            if (size + length > max) {
                return false;
            }
            size += length;
            events.add(event);
            return true;
        }

        @Override
        public int count() {
            return events.size();
        }

        @Override
        public int maxSizeInBytes() {
            return max;
        }
    }
}
