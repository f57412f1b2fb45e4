package dev.medallion.eventhubs.source.receive;

import dev.medallion.eventhubs.source.partition.StartPosition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link PartitionReceiver} for unit tests of the reading logic: each open() returns a link the test drives by hand
 * (deliver events, fail, complete), honouring credit like a real link does.
 */
public final class FakePartitionReceiver implements PartitionReceiver {
    final List<FakeLink> opened = new CopyOnWriteArrayList<>();
    RuntimeException openFailure;
    List<String> partitionIds = List.of("0", "1");
    boolean closed;
    int recovered;

    @Override
    public void recover() {
        recovered++;
    }

    @Override
    public List<String> partitionIds() {
        return partitionIds;
    }

    @Override
    public Link open(String partitionId, StartPosition position, int initialCredit, Listener listener) {
        if (openFailure != null) {
            RuntimeException failure = openFailure;
            openFailure = null;
            throw failure;
        }
        FakeLink link = new FakeLink(partitionId, position, initialCredit, listener);
        opened.add(link);
        return link;
    }

    List<FakeLink> links(String partitionId) {
        return opened.stream().filter(l -> l.partitionId.equals(partitionId)).toList();
    }

    public FakeLink last(String partitionId) {
        List<FakeLink> links = links(partitionId);
        return links.get(links.size() - 1);
    }

    @Override
    public void close() {
        closed = true;
    }

    static ReceivedEvent event(String partitionId, long sequenceNumber) {
        return new ReceivedEvent(partitionId, sequenceNumber, String.valueOf(sequenceNumber * 100), 1_000 + sequenceNumber,
                "key-" + sequenceNumber, ("body-" + sequenceNumber).getBytes(), Map.of());
    }

    /** A link whose deliveries the test triggers; refuses to deliver beyond its credit. */
    public static final class FakeLink implements Link {
        final String partitionId;
        final StartPosition position;
        final Listener listener;
        long credit;
        boolean cancelled;
        final List<Long> delivered = new ArrayList<>();

        FakeLink(String partitionId, StartPosition position, long credit, Listener listener) {
            this.partitionId = partitionId;
            this.position = position;
            this.credit = credit;
            this.listener = listener;
        }

        /** Delivers events with the given sequence numbers while credit lasts; returns how many went out. */
        public int deliver(long... sequenceNumbers) {
            int sent = 0;
            for (long seq : sequenceNumbers) {
                if (credit <= 0 || cancelled) {
                    break;
                }
                credit--;
                delivered.add(seq);
                listener.onEvent(event(partitionId, seq));
                sent++;
            }
            return sent;
        }

        void fail(Throwable error) {
            listener.onError(error);
        }

        @Override
        public synchronized void request(long events) {
            credit += events;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
