package dev.medallion.eventhubs.source;

import dev.medallion.eventhubs.source.config.EventHubsSourceConfig;
import dev.medallion.eventhubs.source.partition.SourceOffsets;
import dev.medallion.eventhubs.source.partition.StartPosition;
import dev.medallion.eventhubs.source.receive.ErrorClassifier;
import dev.medallion.eventhubs.source.receive.EventHubsClientFactory;
import dev.medallion.eventhubs.source.receive.PartitionReceiver;
import dev.medallion.eventhubs.source.receive.PartitionsReader;
import dev.medallion.eventhubs.source.receive.SdkPartitionReceiver;
import dev.medallion.eventhubs.source.record.EventRecordBuilder;

import dev.medallion.common.Backoff;

import dev.medallion.common.PluginVersion;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Event Hubs partitions the connector assigned to this task. Lifecycle only: on start it looks up the
 * committed Connect offsets and wires an {@link EventHubsPoller}; poll and stop delegate to it.
 */
public class EventHubsSourceTask extends SourceTask {
    /** Up to this long a poll waits to fill a batch (see PartitionsReader); far below the latency target. */
    static final long POLL_LINGER_MS = 5;
    private EventHubsPoller poller;
    private PartitionReceiver receiver;

    @Override
    public String version() {
        return PluginVersion.of(EventHubsSourceTask.class);
    }

    @Override
    public void start(Map<String, String> props) {
        EventHubsSourceConfig config = new EventHubsSourceConfig(props);
        EventRecordBuilder builder = EventRecordBuilder.from(config);
        List<String> partitionIds = config.taskPartitions();
        List<Map<String, String>> sourcePartitions = partitionIds.stream().map(builder::sourcePartition).toList();
        Map<Map<String, String>, Map<String, Object>> committed =
                context.offsetStorageReader().offsets(sourcePartitions);
        Map<String, StartPosition> starts = new LinkedHashMap<>();
        List<String> added = config.taskAddedPartitions();
        for (String partitionId : partitionIds) {
            Map<String, String> sourcePartition = builder.sourcePartition(partitionId);
            // A partition added while the connector ran holds only events enqueued since: all of them are new.
            StartPosition initial = added.contains(partitionId) ? StartPosition.earliest() : config.initialPosition();
            starts.put(partitionId, SourceOffsets.resumePosition(sourcePartition,
                    committed == null ? null : committed.get(sourcePartition), initial));
        }
        receiver = new SdkPartitionReceiver(() -> EventHubsClientFactory.consumer(config), config.operationTimeout());
        PartitionsReader reader = new PartitionsReader(receiver, starts, config.prefetchCount(),
                new ErrorClassifier(config.namespace(), config.hub(), config.consumerGroup()),
                new Backoff(config.reconnectBackoff(), config.reconnectBackoffMax()),
                () -> System.nanoTime() / 1_000_000, POLL_LINGER_MS);
        poller = new EventHubsPoller(reader, builder, config.maxEventsPerPoll(), config.maxWait(),
                context.transactionContext());
        poller.start();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        return poller.poll();
    }

    @Override
    public void stop() {
        try {
            if (poller != null) {
                poller.close();
            }
        } finally {
            if (receiver != null) {
                receiver.close();
            }
        }
    }
}
