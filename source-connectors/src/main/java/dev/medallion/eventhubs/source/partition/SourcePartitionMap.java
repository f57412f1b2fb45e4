package dev.medallion.eventhubs.source.partition;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * An immutable Connect source partition whose hash code is computed once. The worker hashes every record's source
 * partition (to track its offset until the producer acknowledges it), and a plain map's hash walks all its entries each
 * time; one instance is shared by all records of a partition. Iteration order, equality and serialization are those of
 * the {@link HashMap} it wraps, which is what Connect deserializes committed partitions into.
 */
final class SourcePartitionMap extends AbstractMap<String, String> {
    private final Map<String, String> entries;
    private final int hash;

    SourcePartitionMap(HashMap<String, String> entries) {
        this.entries = Collections.unmodifiableMap(entries);
        this.hash = entries.hashCode();
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return entries.entrySet();
    }

    @Override
    public String get(Object key) {
        return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
