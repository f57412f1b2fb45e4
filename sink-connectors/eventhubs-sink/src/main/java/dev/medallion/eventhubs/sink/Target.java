package dev.medallion.eventhubs.sink;

/**
 * Where in a hub a batch goes: one partition by id, the partition the hub derives from a partition key, or any
 * partition (the hub spreads batches round robin). Events of one target are sent in order.
 */
record Target(Kind kind, String value) {
    enum Kind { PARTITION_ID, PARTITION_KEY, ANY }

    static final Target ANY = new Target(Kind.ANY, null);

    static Target partitionId(String id) {
        return new Target(Kind.PARTITION_ID, id);
    }

    static Target partitionKey(String key) {
        return new Target(Kind.PARTITION_KEY, key);
    }
}
