package io.midreg.nat.keepalive;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * A hashed timing wheel of periodic keep-alives: one slot per tick of the keep-alive interval,
 * every binding (a {@code long} key chosen by the caller) in exactly one slot, its phase. Each
 * {@link #advance} moves to the next slot and reports every key in it; the keys stay there and
 * come round again one interval later. So a binding is pinged once per interval with no timer
 * object of its own, a tick touches only its own slot's keys, and add, remove and reschedule are
 * O(1) (an index from key to entry, and doubly linked lists threaded through int arrays).
 *
 * <p>{@link #add} places bindings round-robin over the slots, so however many arrive at once (all
 * of them after a restart) every tick carries the same share, give or take one: the first round
 * is spread over the interval like every other. Kamailio's nathelper, by contrast, pings every
 * NAT'd contact at each {@code natping_interval}, split only over its ping processes.
 *
 * <p>Not thread-safe: one owner drives it (see {@link KeepAliveTicker}).
 */
public final class KeepAliveWheel {
    private static final int NONE = -1;

    private final int slotCount;
    private final int[] head;
    private final int[] load;
    private final LongIntIndex index;
    private long[] keys;
    private int[] next;
    private int[] prev;
    private int[] slotOf;
    private int free = NONE;
    private int used;
    /** The slot the last advance reported; the next advance reports the one after. */
    private int cursor;
    private long placements;
    private boolean advancing;

    /**
     * @param slots    ticks per keep-alive interval (30 s in ticks of 100 ms: 300)
     * @param expected bindings expected, to size the arrays (they grow beyond it)
     */
    public KeepAliveWheel(int slots, int expected) {
        if (slots < 1) throw new IllegalArgumentException("slots must be >= 1, got " + slots);
        if (expected < 0) throw new IllegalArgumentException("expected must be >= 0, got " + expected);
        this.slotCount = slots;
        this.head = new int[slots];
        Arrays.fill(head, NONE);
        this.load = new int[slots];
        int capacity = Math.max(16, expected);
        this.index = new LongIntIndex(capacity);
        this.keys = new long[capacity];
        this.next = new int[capacity];
        this.prev = new int[capacity];
        this.slotOf = new int[capacity];
    }

    public int slots() {
        return slotCount;
    }

    /** Bindings on the wheel. */
    public int size() {
        return index.size();
    }

    public boolean contains(long key) {
        return index.get(key) != NONE;
    }

    /**
     * Puts {@code key} on the wheel in the next slot of the round-robin, its first keep-alive
     * somewhere in the coming interval. False when it is already there (it keeps its phase).
     */
    public boolean add(long key) {
        checkNotAdvancing();
        if (index.get(key) != NONE) return false;
        int slot = (int) (placements++ % slotCount);
        link(allocate(key), slot);
        return true;
    }

    /**
     * Puts {@code key} on the wheel (or moves it) so that the next advance to report it is the
     * {@code ticks}-th from now, then every interval after: a binding that just showed it is alive
     * (a refresh, an answered ping) needs its next keep-alive only one interval later.
     *
     * @param ticks 1 (the next advance) to {@link #slots()} (a whole interval from now)
     */
    public void schedule(long key, int ticks) {
        checkNotAdvancing();
        if (ticks < 1 || ticks > slotCount) {
            throw new IllegalArgumentException("ticks must be within 1.." + slotCount + ", got " + ticks);
        }
        int slot = (cursor + ticks) % slotCount;
        int entry = index.get(key);
        if (entry == NONE) {
            link(allocate(key), slot);
        } else if (slotOf[entry] != slot) {
            unlink(entry);
            link(entry, slot);
        }
    }

    /** Takes {@code key} off the wheel; false when it was not on it. */
    public boolean remove(long key) {
        checkNotAdvancing();
        int entry = index.remove(key);
        if (entry == NONE) return false;
        unlink(entry);
        slotOf[entry] = NONE;
        next[entry] = free;
        free = entry;
        used--;
        return true;
    }

    /**
     * Moves one tick on and gives {@code due} every key of the slot reached. {@code due} must not
     * change the wheel (it only queues the sending); it may run for thousands of keys, so it is
     * cheap.
     *
     * @return how many keys were due
     */
    public int advance(LongConsumer due) {
        cursor = (cursor + 1) % slotCount;
        advancing = true;
        try {
            int n = 0;
            for (int e = head[cursor]; e != NONE; e = next[e]) {
                due.accept(keys[e]);
                n++;
            }
            return n;
        } finally {
            advancing = false;
        }
    }

    /** Keys in the slot {@code ticks} advances from now (1..slots), for tests and statistics. */
    public int dueIn(int ticks) {
        return load[(cursor + ticks) % slotCount];
    }

    /** The fullest slot's keys: how many keep-alives the busiest tick sends. */
    public int maxLoad() {
        int max = 0;
        for (int l : load) max = Math.max(max, l);
        return max;
    }

    /** Bytes held by the wheel's arrays and index: its memory cost per binding times {@link #size()}, and slack. */
    public long footprintBytes() {
        return (long) keys.length * (Long.BYTES + 3 * Integer.BYTES) + 2L * slotCount * Integer.BYTES + index.footprintBytes();
    }

    private int allocate(long key) {
        int entry;
        if (free != NONE) {
            entry = free;
            free = next[entry];
        } else {
            if (used == keys.length) grow();
            entry = used; // every entry below used is taken: the free list is empty
        }
        used++;
        keys[entry] = key;
        index.put(key, entry);
        return entry;
    }

    private void grow() {
        int capacity = keys.length * 2;
        keys = Arrays.copyOf(keys, capacity);
        next = Arrays.copyOf(next, capacity);
        prev = Arrays.copyOf(prev, capacity);
        slotOf = Arrays.copyOf(slotOf, capacity);
    }

    private void link(int entry, int slot) {
        int first = head[slot];
        next[entry] = first;
        prev[entry] = NONE;
        if (first != NONE) prev[first] = entry;
        head[slot] = entry;
        slotOf[entry] = slot;
        load[slot]++;
    }

    private void unlink(int entry) {
        int slot = slotOf[entry];
        int before = prev[entry];
        int after = next[entry];
        if (before == NONE) head[slot] = after;
        else next[before] = after;
        if (after != NONE) prev[after] = before;
        load[slot]--;
    }

    private void checkNotAdvancing() {
        if (advancing) throw new IllegalStateException("the wheel cannot change while it reports due keys");
    }
}
