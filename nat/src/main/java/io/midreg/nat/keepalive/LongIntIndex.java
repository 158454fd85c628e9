package io.midreg.nat.keepalive;

import java.util.Arrays;

/**
 * A map from long keys to int values on two primitive arrays (open addressing, linear probing,
 * backward-shift deletion), so a million bindings cost no object each. Not thread-safe.
 */
final class LongIntIndex {
    private static final int ABSENT = -1;
    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private int[] values;
    private int size;
    /** Set when the key {@link #EMPTY} is present: it cannot live in the table. */
    private boolean hasEmptyKey;
    private int emptyKeyValue;

    LongIntIndex(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new int[capacity];
    }

    int size() {
        return size;
    }

    /** The value of {@code key}, or -1. */
    int get(long key) {
        if (key == EMPTY) return hasEmptyKey ? emptyKeyValue : ABSENT;
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) { // ends: the table is never full
            long k = keys[i];
            if (k == key) return values[i];
            if (k == EMPTY) return ABSENT;
        }
    }

    /** Maps {@code key} to {@code value} (>= 0), replacing what it had. */
    void put(long key, int value) {
        if (key == EMPTY) {
            if (!hasEmptyKey) size++;
            hasEmptyKey = true;
            emptyKeyValue = value;
            return;
        }
        if ((size + 1) * 2 > keys.length) grow();
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                values[i] = value;
                return;
            }
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
        }
    }

    /** Removes {@code key}; its value, or -1 when it was absent. */
    int remove(long key) {
        if (key == EMPTY) {
            if (!hasEmptyKey) return ABSENT;
            hasEmptyKey = false;
            size--;
            return emptyKeyValue;
        }
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != key) {
            if (keys[i] == EMPTY) return ABSENT;
            i = (i + 1) & mask;
        }
        int removed = values[i];
        // Backward shift: pull later keys of the same probe run into the hole, so lookups never
        // stop early at it (no tombstones to clean up later).
        int hole = i;
        for (int j = (i + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = EMPTY;
        size--;
        return removed;
    }

    /** Bytes held by the arrays. */
    long footprintBytes() {
        return (long) keys.length * (Long.BYTES + Integer.BYTES);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        values = new int[oldValues.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            long k = oldKeys[j];
            if (k == EMPTY) continue;
            int i = slot(k, mask);
            while (keys[i] != EMPTY) i = (i + 1) & mask;
            keys[i] = k;
            values[i] = oldValues[j];
        }
    }

    /** Spreads keys that differ only in their high bits (a binding's id is often sequential or a hash). */
    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
