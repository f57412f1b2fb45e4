package dev.medallion.eventhubs.source;

import dev.medallion.eventhubs.source.receive.PartitionsReader;
import dev.medallion.eventhubs.source.receive.ReceivedEvent;
import dev.medallion.eventhubs.source.record.EventRecordBuilder;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.TransactionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One task's poll loop step: takes a batch of events from the {@link PartitionsReader}, turns them into records and,
 * when the connector defines transaction boundaries (exactly-once mode with {@code transaction.boundary=connector}),
 * ends the transaction after the batch's last record, so each poll is one Kafka transaction together with its offsets.
 */
final class EventHubsPoller implements AutoCloseable {
    private final PartitionsReader reader;
    private final EventRecordBuilder builder;
    private final int maxEvents;
    private final Duration maxWait;
    private final TransactionContext transactions;

    EventHubsPoller(PartitionsReader reader, EventRecordBuilder builder, int maxEvents, Duration maxWait,
                    TransactionContext transactions) {
        this.reader = reader;
        this.builder = builder;
        this.maxEvents = maxEvents;
        this.maxWait = maxWait;
        this.transactions = transactions;
    }

    void start() {
        reader.start();
    }

    /** Records of the next batch; empty (not null) when nothing arrived within max wait. */
    List<SourceRecord> poll() throws InterruptedException {
        List<ReceivedEvent> events = reader.poll(maxEvents, maxWait);
        if (events.isEmpty()) {
            return List.of();
        }
        List<SourceRecord> records = new ArrayList<>(events.size());
        for (ReceivedEvent event : events) {
            records.add(builder.build(event));
        }
        if (transactions != null) {
            transactions.commitTransaction(records.get(records.size() - 1));
        }
        return records;
    }

    @Override
    public void close() {
        reader.close();
    }
}
