package io.midreg.store;

import java.util.ArrayList;
import java.util.List;

/**
 * In-heap index of when each AOR next has something falling due: its earliest binding expiry and
 * its upstream expiry. Rebuilt from the file on open and kept in step by the store's own writes.
 *
 * <p>Layout: striped (so writers on different segments rarely contend), each stripe an
 * open-addressing table over primitive arrays; about 100 bytes of heap per AOR including the key
 * string, no per-update allocation. {@link #dueBefore} scans the stripes linearly: at a million
 * AORs that costs a few milliseconds, which a scheduler polling once a second can afford, and it
 * avoids keeping a second, sorted structure in step with every refresh.
 */
final class ExpiryIndex {

    private static final int STRIPE_BITS = 4;
    private static final int STRIPES = 1 << STRIPE_BITS;

    private final Stripe[] stripes = new Stripe[STRIPES];

    ExpiryIndex(long expectedAors) {
        int perStripe = (int) Math.min(1 << 26, Math.max(16, expectedAors / STRIPES));
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe(perStripe);
        }
    }

    /** Records the due times of {@code aor}; an AOR with nothing due is dropped from the index. */
    void update(String aor, long earliestBindingExpiry, long upstreamExpiry) {
        int h = spread(aor.hashCode());
        Stripe s = stripes[stripeOf(h)];
        if (earliestBindingExpiry == Long.MAX_VALUE && upstreamExpiry == Long.MAX_VALUE) {
            s.remove(aor, h);
        } else {
            s.put(aor, h, earliestBindingExpiry, upstreamExpiry);
        }
    }

    void remove(String aor) {
        int h = spread(aor.hashCode());
        stripes[stripeOf(h)].remove(aor, h);
    }

    /** Up to {@code limit} AORs with a binding or upstream expiry before {@code epochMillis}, in no order. */
    List<DueAor> dueBefore(long epochMillis, int limit) {
        List<DueAor> out = new ArrayList<>();
        for (Stripe s : stripes) {
            if (out.size() >= limit) {
                break;
            }
            s.collectDue(epochMillis, limit, out);
        }
        return out;
    }

    long size() {
        long n = 0;
        for (Stripe s : stripes) {
            n += s.size();
        }
        return n;
    }

    /** Top bits pick the stripe; the low bits, independent of them, pick the slot inside it. */
    private static int stripeOf(int spreadHash) {
        return spreadHash >>> (Integer.SIZE - STRIPE_BITS);
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B9;
    }

    /** One lock, one table. Entries live at stable ids; the table maps hash slots to ids. */
    private static final class Stripe {
        private int[] table;          // slot -> id + 1, 0 = empty
        private int mask;
        private String[] keys;        // by id
        private int[] hashes;         // by id
        private long[] bindingDue;    // by id
        private long[] upstreamDue;   // by id
        private int[] freeIds = new int[16];
        private int freeCount;
        private int nextId;
        private int size;
        private long lowerBound = Long.MAX_VALUE; // no due time in the stripe is earlier

        Stripe(int expected) {
            int slots = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
            table = new int[slots];
            mask = slots - 1;
            int ids = Math.max(16, expected);
            keys = new String[ids];
            hashes = new int[ids];
            bindingDue = new long[ids];
            upstreamDue = new long[ids];
        }

        synchronized int size() {
            return size;
        }

        synchronized void put(String key, int hash, long binding, long upstream) {
            int slot = find(key, hash);
            int id;
            if (slot >= 0) {
                id = table[slot] - 1;
            } else {
                id = allocateId();
                keys[id] = key;
                hashes[id] = hash;
                insertSlot(~slot, id);
            }
            bindingDue[id] = binding;
            upstreamDue[id] = upstream;
            lowerBound = Math.min(lowerBound, Math.min(binding, upstream));
        }

        synchronized void remove(String key, int hash) {
            int slot = find(key, hash);
            if (slot < 0) {
                return;
            }
            int id = table[slot] - 1;
            deleteSlot(slot);
            keys[id] = null;
            if (freeCount == freeIds.length) {
                freeIds = java.util.Arrays.copyOf(freeIds, freeCount * 2);
            }
            freeIds[freeCount++] = id;
            size--;
        }

        synchronized void collectDue(long before, int limit, List<DueAor> out) {
            if (lowerBound >= before) {
                return;
            }
            long newLowerBound = Long.MAX_VALUE;
            boolean complete = true;
            for (int id = 0; id < nextId; id++) {
                if (keys[id] == null) {
                    continue;
                }
                long b = bindingDue[id];
                long u = upstreamDue[id];
                if (b < before || u < before) {
                    if (out.size() >= limit) {
                        complete = false;
                        break;
                    }
                    out.add(new DueAor(keys[id], b, u, b < before, u < before));
                }
                newLowerBound = Math.min(newLowerBound, Math.min(b, u));
            }
            if (complete) {
                lowerBound = newLowerBound;
            }
        }

        /** The slot holding {@code key}, or {@code ~slot} of the empty slot where it would go. */
        private int find(String key, int hash) {
            int slot = hash & mask;
            while (true) {
                int v = table[slot];
                if (v == 0) {
                    return ~slot;
                }
                int id = v - 1;
                if (hashes[id] == hash && keys[id].equals(key)) {
                    return slot;
                }
                slot = (slot + 1) & mask;
            }
        }

        private int allocateId() {
            if (freeCount > 0) {
                return freeIds[--freeCount];
            }
            if (nextId == keys.length) {
                int n = keys.length * 2;
                keys = java.util.Arrays.copyOf(keys, n);
                hashes = java.util.Arrays.copyOf(hashes, n);
                bindingDue = java.util.Arrays.copyOf(bindingDue, n);
                upstreamDue = java.util.Arrays.copyOf(upstreamDue, n);
            }
            return nextId++;
        }

        private void insertSlot(int slot, int id) {
            table[slot] = id + 1;
            size++;
            if (size * 2 > table.length) {
                rehash(table.length * 2);
            }
        }

        private void rehash(int slots) {
            int[] old = table;
            table = new int[slots];
            mask = slots - 1;
            for (int v : old) {
                if (v != 0) {
                    int slot = hashes[v - 1] & mask;
                    while (table[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    table[slot] = v;
                }
            }
        }

        /** Linear-probing delete with backward shift, so lookups never need tombstones. */
        private void deleteSlot(int slot) {
            int hole = slot;
            int j = slot;
            while (true) {
                j = (j + 1) & mask;
                int v = table[j];
                if (v == 0) {
                    break;
                }
                int home = hashes[v - 1] & mask;
                // Move the entry at j into the hole unless its home lies cyclically in (hole, j].
                boolean homeBetween = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
                if (!homeBetween) {
                    table[hole] = v;
                    hole = j;
                }
            }
            table[hole] = 0;
        }
    }
}
