package io.midreg.testing;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A scheduler on virtual time for tests: nothing runs until {@link #advanceBy} or
 * {@link #advanceTo} moves the clock, then due tasks run on the calling thread in due-time
 * order (ties in scheduling order). Tasks scheduled while advancing run in the same call when
 * they fall due before its end, so a 32 s timer schedule (RFC 3261 timer B) plays out in
 * microseconds. Knows no product type: a module adapts it to its own timer interface in one line,
 * e.g. {@code (task, delay) -> clock.schedule(task, delay)::cancel}.
 */
public final class VirtualClock {
    /** A task scheduled on the clock; cancelling it before it falls due means it never runs. */
    @FunctionalInterface
    public interface Scheduled {
        void cancel();
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long nowNanos;
    private long sequence;

    private static final class Entry implements Comparable<Entry>, Scheduled {
        final long due;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Entry(long due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /** Runs {@code task} once the clock has moved {@code delay} past now. */
    public synchronized Scheduled schedule(Runnable task, Duration delay) {
        long d = Math.max(0, delay.toNanos());
        Entry e = new Entry(nowNanos + d, sequence++, task);
        queue.add(e);
        return e;
    }

    /** The virtual time elapsed since creation. */
    public synchronized Duration now() {
        return Duration.ofNanos(nowNanos);
    }

    /** Moves the clock forward by {@code d}, running every task due until then. */
    public void advanceBy(Duration d) {
        long target;
        synchronized (this) {
            target = nowNanos + d.toNanos();
        }
        advanceToNanos(target);
    }

    /** Moves the clock to {@code t} (since creation), running every task due until then. */
    public void advanceTo(Duration t) {
        advanceToNanos(t.toNanos());
    }

    /** Runs tasks already due (delay zero) without moving the clock. */
    public void runDue() {
        advanceBy(Duration.ZERO);
    }

    /** Tasks scheduled and neither run nor cancelled. */
    public synchronized int pending() {
        int n = 0;
        for (Entry e : queue) {
            if (!e.cancelled) n++;
        }
        return n;
    }

    private void advanceToNanos(long target) {
        while (true) {
            Entry next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    nowNanos = Math.max(nowNanos, target);
                    return;
                }
                queue.poll();
                nowNanos = Math.max(nowNanos, next.due);
            }
            // run outside the lock: the task may schedule more tasks
            if (!next.cancelled) next.task.run();
        }
    }
}
