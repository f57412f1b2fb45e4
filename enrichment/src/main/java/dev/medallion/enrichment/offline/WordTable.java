package dev.medallion.enrichment.offline;

import java.util.Map;

/**
 * Words mapped to values, looked up straight from a char buffer: the hot loops test every word of every text against
 * a word list, and building a String per word only to hash it was a visible part of their cost. Open addressing with
 * linear probing, at most half full; immutable after construction, so it is safe to share between threads.
 */
final class WordTable<V> {
    private final char[][] keys;
    private final Object[] values;
    private final int mask;

    WordTable(Map<String, V> entries) {
        int capacity = Integer.highestOneBit(Math.max(entries.size(), 2)) * 4;
        this.keys = new char[capacity][];
        this.values = new Object[capacity];
        this.mask = capacity - 1;
        for (Map.Entry<String, V> e : entries.entrySet()) {
            char[] key = e.getKey().toCharArray();
            int slot = hash(key, key.length) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = e.getValue();
        }
    }

    /** The value of the word {@code word[0, length)}, or null. */
    @SuppressWarnings("unchecked")
    V get(char[] word, int length) {
        int slot = hash(word, length) & mask;
        char[] key;
        while ((key = keys[slot]) != null) {
            if (key.length == length && equal(key, word, length)) {
                return (V) values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    private static boolean equal(char[] key, char[] word, int length) {
        for (int i = 0; i < length; i++) {
            if (key[i] != word[i]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(char[] word, int length) {
        int h = 0;
        for (int i = 0; i < length; i++) {
            h = 31 * h + word[i];
        }
        return h ^ (h >>> 16);
    }
}
