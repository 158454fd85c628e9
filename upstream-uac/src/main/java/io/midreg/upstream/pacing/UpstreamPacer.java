package io.midreg.upstream.pacing;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces the REGISTERs to one upstream target: each needs a token from a {@link TokenBucket}.
 * One that finds no token waits in a queue ordered by deadline, drained on the
 * {@link DrainScheduler}'s thread as tokens come back; one whose deadline passes first, or that
 * finds the queue full, is failed without being sent. Callers on event loops never block: the
 * lock guards a few field updates only, and callbacks run outside it.
 */
public final class UpstreamPacer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UpstreamPacer.class);

    private final LongSupplier nanoTime;
    private final DrainScheduler scheduler;
    private final TokenBucket bucket;
    private final PriorityQueue<Waiting> queue = new PriorityQueue<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private volatile PacingSettings settings;
    private long sequence;
    /** When the next drain is scheduled to run, or Long.MAX_VALUE when none is. */
    private long nextDrainAt = Long.MAX_VALUE;
    private boolean closed;

    private record Waiting(long deadline, long seq, PacedSend send) implements Comparable<Waiting> {
        @Override
        public int compareTo(Waiting o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** What {@link #submit} did. */
    public enum Outcome { SENT, QUEUED, FAILED }

    public UpstreamPacer(PacingSettings settings, LongSupplier nanoTime, DrainScheduler scheduler) {
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.scheduler = scheduler;
        this.bucket = new TokenBucket(settings.rate(), settings.burst(), nanoTime);
    }

    /** A pacer on the system clock with its own drain thread. */
    public static UpstreamPacer start(PacingSettings settings) {
        return new UpstreamPacer(settings, System::nanoTime, new ExecutorDrainScheduler("midreg-upstream-pacer"));
    }

    public PacingSettings settings() {
        return settings;
    }

    /**
     * Takes a token if one is there now and nobody is waiting for one (those waiting come
     * first). Never waits: for decisions made inside a store update.
     */
    public synchronized boolean tryAcquire() {
        if (closed || !queue.isEmpty() || !bucket.tryTake()) return false;
        sent.increment();
        return true;
    }

    /** Sends now with a token, or queues until {@code deadlineNanos} (on this pacer's clock), or fails. */
    public Outcome submit(long deadlineNanos, PacedSend send) {
        Outcome outcome;
        String why = null;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (closed) {
                outcome = Outcome.FAILED;
                why = "midreg is stopping";
            } else if (queue.isEmpty() && bucket.tryTake()) {
                outcome = Outcome.SENT;
            } else if (deadlineNanos - now <= 0) {
                outcome = Outcome.FAILED;
                why = "deadline passed";
            } else if (queue.size() >= settings.queueSize()) {
                outcome = Outcome.FAILED;
                why = "upstream queue full";
            } else {
                queue.add(new Waiting(deadlineNanos, sequence++, send));
                wakeAt(now, Math.min(now + bucket.nanosUntilToken(), queue.peek().deadline()));
                return Outcome.QUEUED;
            }
        }
        if (outcome == Outcome.SENT) {
            sent.increment();
            send.send();
        } else {
            rejected.increment();
            send.fail(why);
        }
        return outcome;
    }

    /** The deadline for a REGISTER arriving now, on this pacer's clock. */
    public long deadlineFromNow() {
        return nanoTime.getAsLong() + settings.queueDeadline().toNanos();
    }

    /** New settings; rate and burst apply at once, waiting REGISTERs stay queued. */
    public void reconfigure(PacingSettings next) {
        synchronized (this) {
            bucket.reconfigure(next.rate(), next.burst());
            settings = next;
            if (!queue.isEmpty()) {
                long now = nanoTime.getAsLong();
                nextDrainAt = Long.MAX_VALUE; // the old wake-up may be far too late for a higher rate
                wakeAt(now, Math.min(now + bucket.nanosUntilToken(), queue.peek().deadline()));
            }
        }
    }

    /** Sends what has a token, fails what is past its deadline, and schedules the next drain. */
    void drain() {
        List<PacedSend> toSend = new ArrayList<>();
        List<PacedSend> expired = new ArrayList<>();
        synchronized (this) {
            long now = nanoTime.getAsLong();
            nextDrainAt = Long.MAX_VALUE;
            while (!queue.isEmpty() && queue.peek().deadline() - now <= 0) expired.add(queue.poll().send());
            while (!queue.isEmpty() && bucket.tryTake()) toSend.add(queue.poll().send());
            if (!queue.isEmpty()) wakeAt(now, Math.min(now + bucket.nanosUntilToken(), queue.peek().deadline()));
        }
        for (PacedSend s : expired) {
            rejected.increment();
            s.fail("no upstream capacity before the deadline");
        }
        for (PacedSend s : toSend) {
            sent.increment();
            try {
                s.send();
            } catch (RuntimeException e) {
                // One failed send must not strand the others drained with it.
                log.warn("paced send failed", e);
            }
        }
    }

    /** Schedules a drain at {@code at} unless one is due earlier already. Under the lock. */
    private void wakeAt(long now, long at) {
        if (closed || nextDrainAt != Long.MAX_VALUE && nextDrainAt - at <= 0) return;
        nextDrainAt = at;
        scheduler.schedule(this::drain, at - now);
    }

    /** REGISTERs waiting for a token. */
    public synchronized int queued() {
        return queue.size();
    }

    /** REGISTERs given a token (sent upstream). */
    public long sent() {
        return sent.sum();
    }

    /** REGISTERs failed without being sent: deadline passed, queue full, or stopping. */
    public long rejected() {
        return rejected.sum();
    }

    /** Fails everything still waiting and stops the drain thread. */
    @Override
    public void close() {
        List<PacedSend> left = new ArrayList<>();
        synchronized (this) {
            if (closed) return;
            closed = true;
            while (!queue.isEmpty()) left.add(queue.poll().send());
        }
        scheduler.close();
        for (PacedSend s : left) {
            rejected.increment();
            s.fail("midreg is stopping");
        }
    }
}
