package dev.medallion.eventhubs.emulator.amqp;

import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import org.apache.qpid.proton.message.Message;

import dev.medallion.eventhubs.emulator.store.EventHub;
import dev.medallion.eventhubs.emulator.store.EventHubNamespace;
import dev.medallion.eventhubs.emulator.store.PartitionLog;
import dev.medallion.eventhubs.emulator.store.PartitionSnapshot;

/**
 * The {@code $management} node: {@code READ} of {@code com.microsoft:eventhub} (name, creation time, partition ids)
 * and {@code com.microsoft:partition} (begin and last sequence numbers, last offset and enqueued time, emptiness).
 * An unknown hub or partition answers 404, which the SDK raises as a not-found error.
 */
final class ManagementProcessor implements RequestProcessor {
    private static final String EVENTHUB_TYPE = "com.microsoft:eventhub";
    private static final String PARTITION_TYPE = "com.microsoft:partition";

    private final EventHubNamespace namespace;

    ManagementProcessor(EventHubNamespace namespace) {
        this.namespace = namespace;
    }

    @Override
    public Message process(Message request) {
        String operation = RequestProcessor.property(request, "operation");
        String type = RequestProcessor.property(request, "type");
        String name = RequestProcessor.property(request, "name");
        if (!"READ".equals(operation)) {
            return RequestProcessor.response(501, "Unsupported $management operation: " + operation, null);
        }
        EventHub hub = namespace.hub(name);
        if (hub == null) {
            return RequestProcessor.response(404, "The messaging entity '" + name + "' could not be found.", null);
        }
        if (EVENTHUB_TYPE.equals(type)) {
            return RequestProcessor.response(200, "OK", hubProperties(hub));
        }
        if (PARTITION_TYPE.equals(type)) {
            String partitionId = RequestProcessor.property(request, "partition");
            PartitionLog partition = hub.partition(partitionId);
            if (partition == null) {
                return RequestProcessor.response(404, "Partition '" + partitionId + "' of event hub '" + hub.name()
                        + "' does not exist; it has partitions " + hub.partitionIds() + ".", null);
            }
            return RequestProcessor.response(200, "OK", partitionProperties(partition.snapshot()));
        }
        return RequestProcessor.response(400, "Unsupported $management entity type: " + type, null);
    }

    private static Map<String, Object> hubProperties(EventHub hub) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", hub.name());
        body.put("type", EVENTHUB_TYPE);
        body.put("created_at", new Date(hub.createdAtMillis()));
        body.put("partition_count", hub.partitionCount());
        body.put("partition_ids", hub.partitionIds().toArray(new String[0]));
        return body;
    }

    private static Map<String, Object> partitionProperties(PartitionSnapshot p) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", p.hubName());
        body.put("type", PARTITION_TYPE);
        body.put("partition", p.partitionId());
        body.put("begin_sequence_number", p.beginSequenceNumber());
        body.put("last_enqueued_sequence_number", p.lastEnqueuedSequenceNumber());
        body.put("last_enqueued_offset", Long.toString(p.lastEnqueuedOffset()));
        body.put("last_enqueued_time_utc", new Date(p.lastEnqueuedTimeMillis()));
        body.put("runtime_info_retrieval_time_utc", new Date(System.currentTimeMillis()));
        body.put("is_partition_empty", p.empty());
        return body;
    }
}
