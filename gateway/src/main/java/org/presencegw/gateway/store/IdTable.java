package org.presencegw.gateway.store;

import java.util.Arrays;
import java.util.Objects;
import org.presencegw.sip.store.SubscriptionKey;

/**
 * Subscription key to row id, for every stored subscription: an open-addressing table (linear probing) of a key,
 * its mixed hash and a {@code long} per slot. A {@code HashMap<SubscriptionKey, Long>} spent a node and a boxed id
 * per entry, about 60 bytes; this table about 24 (bench/FINDINGS.md, session 16: memory per subscription). A probe
 * compares the stored hash first and reads a slot's key only when the hashes match, so that walking a run of full
 * slots touches the three arrays and not one key, two strings and their bytes per slot (a new subscription's
 * lookup is a miss that walks a whole run: 11 % of the writer thread's samples at 10,000 SUBSCRIBE/s went to the
 * keys' {@code equals} and the probing; bench/FINDINGS.md, session 34).
 *
 * <p>Not thread-safe: confined to the store's writer thread, like {@link SubscriptionIds}.
 */
final class IdTable {
    /** What {@link #get} returns for a key that is not in the table. */
    static final long ABSENT = -1;

    private static final int INITIAL = 16;

    private SubscriptionKey[] keys = new SubscriptionKey[INITIAL];
    /** {@link #mix} of each slot's key; meaningful only where {@link #keys} holds one. */
    private int[] hashes = new int[INITIAL];
    private long[] ids = new long[INITIAL];
    private int size;

    int size() {
        return size;
    }

    /** {@code key}'s id, or {@link #ABSENT}. */
    long get(SubscriptionKey key) {
        int i = slotOf(key);
        return i < 0 ? ABSENT : ids[i];
    }

    /** Sets {@code key}'s id ({@code id >= 0}). */
    void put(SubscriptionKey key, long id) {
        Objects.requireNonNull(key, "key");
        if (id < 0) {
            throw new IllegalArgumentException("negative id " + id);
        }
        int mask = keys.length - 1;
        int h = mix(key);
        int i = h & mask;
        while (keys[i] != null) {
            if (hashes[i] == h && keys[i].equals(key)) {
                ids[i] = id;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        hashes[i] = h;
        ids[i] = id;
        size++;
        if (size * 4L > keys.length * 3L) {
            resize(keys.length * 2);
        }
    }

    /** Removes {@code key}, if present. */
    void remove(SubscriptionKey key) {
        int i = slotOf(key);
        if (i < 0) {
            return;
        }
        keys[i] = null;
        size--;
        // Backward-shift deletion: move up each later entry of the run that may live in the freed slot, so that
        // a lookup can stop at the first empty slot (no tombstones).
        int mask = keys.length - 1;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (keys[j] == null) {
                return;
            }
            int h = hashes[j] & mask;
            boolean inPlace = i <= j ? i < h && h <= j : i < h || h <= j;
            if (!inPlace) {
                keys[i] = keys[j];
                hashes[i] = hashes[j];
                ids[i] = ids[j];
                keys[j] = null;
                i = j;
            }
        }
    }

    void clear() {
        keys = new SubscriptionKey[INITIAL];
        hashes = new int[INITIAL];
        ids = new long[INITIAL];
        size = 0;
    }

    private int slotOf(SubscriptionKey key) {
        int mask = keys.length - 1;
        int h = mix(key);
        int i = h & mask;
        while (keys[i] != null) {
            if (hashes[i] == h && keys[i].equals(key)) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private void resize(int capacity) {
        SubscriptionKey[] oldKeys = keys;
        int[] oldHashes = hashes;
        long[] oldIds = ids;
        keys = new SubscriptionKey[capacity];
        hashes = new int[capacity];
        ids = new long[capacity];
        int mask = capacity - 1;
        for (int k = 0; k < oldKeys.length; k++) {
            if (oldKeys[k] != null) {
                int i = oldHashes[k] & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[k];
                hashes[i] = oldHashes[k];
                ids[i] = oldIds[k];
            }
        }
    }

    /** The key's hash mixed (Fibonacci hashing), so that similar Call-IDs spread out; its low bits: the home slot. */
    private static int mix(SubscriptionKey key) {
        int x = key.hashCode() * 0x9E3779B9;
        return x ^ (x >>> 16);
    }

    @Override
    public String toString() {
        return "IdTable[size=" + size + ", capacity=" + keys.length + "]";
    }

    /** For tests: the slots in use hold exactly {@link #size} keys. */
    int countSlotsInUse() {
        return (int) Arrays.stream(keys).filter(Objects::nonNull).count();
    }
}
