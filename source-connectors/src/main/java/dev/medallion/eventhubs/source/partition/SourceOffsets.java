package dev.medallion.eventhubs.source.partition;

import org.apache.kafka.connect.errors.ConnectException;

import java.util.HashMap;
import java.util.Map;

/**
 * The shape of Connect source partitions and offsets for Event Hubs: partition
 * {@code {namespace, hub, consumerGroup, partition}}, offset {@code {sequenceNumber, offset}}. Resuming uses the
 * sequence number (exclusive), which is exact per partition; the offset is kept for operators and tools.
 */
public final class SourceOffsets {
    public static final String NAMESPACE_KEY = "namespace";
    public static final String HUB_KEY = "hub";
    public static final String CONSUMER_GROUP_KEY = "consumerGroup";
    public static final String PARTITION_KEY = "partition";
    public static final String SEQUENCE_NUMBER_KEY = "sequenceNumber";
    public static final String OFFSET_KEY = "offset";

    private SourceOffsets() {
    }

    /**
     * Connect finds a committed offset by the serialized bytes of its source partition, so the map's iteration order
     * must be the same in every JVM: a HashMap (the type Connect itself deserializes partitions into), never
     * {@code Map.of}, whose order changes with each JVM's random salt and would lose the offsets after a restart.
     */
    public static Map<String, String> sourcePartition(String namespace, String hub, String consumerGroup,
                                                      String partition) {
        HashMap<String, String> map = new HashMap<>();
        map.put(NAMESPACE_KEY, namespace);
        map.put(HUB_KEY, hub);
        map.put(CONSUMER_GROUP_KEY, consumerGroup);
        map.put(PARTITION_KEY, partition);
        return new SourcePartitionMap(map);
    }

    public static Map<String, Object> sourceOffset(long sequenceNumber, String offset) {
        Map<String, Object> map = new HashMap<>(4);
        map.put(SEQUENCE_NUMBER_KEY, sequenceNumber);
        map.put(OFFSET_KEY, offset);
        return map;
    }

    /**
     * Where a partition resumes: right after the committed sequence number, or {@code initial} when nothing was
     * committed. A committed offset Connect cannot have written (hand-edited, wrong type) fails clearly.
     */
    public static StartPosition resumePosition(Map<String, ?> sourcePartition, Map<String, Object> committed,
                                               StartPosition initial) {
        if (committed == null) {
            return initial;
        }
        return StartPosition.after(sequenceNumber(sourcePartition, committed));
    }

    /** Checks an offset an operator submits through {@code PATCH /connectors/{name}/offsets}. */
    public static long sequenceNumber(Map<String, ?> sourcePartition, Map<String, ?> offset) {
        Object value = offset.get(SEQUENCE_NUMBER_KEY);
        if (value instanceof Number number) {
            long sequenceNumber = number.longValue();
            if (sequenceNumber < -1) {
                throw new ConnectException("Committed offset " + offset + " of " + sourcePartition + " has a negative "
                        + SEQUENCE_NUMBER_KEY + "; use -1 to restart the partition from its beginning");
            }
            return sequenceNumber;
        }
        throw new ConnectException("Committed offset " + offset + " of source partition " + sourcePartition
                + " has no numeric '" + SEQUENCE_NUMBER_KEY + "'. Reset it with PATCH /connectors/<name>/offsets"
                + " to {\"" + SEQUENCE_NUMBER_KEY + "\": <last sequence number read>} or delete the offsets.");
    }

    /** Checks a source partition an operator submits; every key must be present. */
    public static void checkPartition(Map<String, ?> sourcePartition) {
        for (String key : new String[] {NAMESPACE_KEY, HUB_KEY, CONSUMER_GROUP_KEY, PARTITION_KEY}) {
            if (!(sourcePartition.get(key) instanceof String)) {
                throw new ConnectException("Source partition " + sourcePartition + " lacks the string key '" + key
                        + "'; expected {" + NAMESPACE_KEY + ", " + HUB_KEY + ", " + CONSUMER_GROUP_KEY + ", "
                        + PARTITION_KEY + "}");
            }
        }
    }
}
