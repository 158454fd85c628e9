package io.midreg.proxy.dialog;

import io.midreg.sip.transaction.Cancellable;
import io.midreg.sip.transaction.TimerScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls midreg routes, one {@link Dialog} per INVITE that creates a dialog (RFC 3261 §12),
 * kept from the moment the INVITE goes on until a BYE, a final failure, a CANCEL, timer C, or
 * its expiry ends it. It is what {@code midreg calls} shows, what the active-call gauge counts
 * and where media control will learn of calls ({@link DialogListener}); routing itself never
 * reads it (midreg's signed Record-Route says where an in-dialog request goes).
 *
 * <p>Bounded: past {@code maxDialogs} a new call is refused ({@link #create} gives null, the
 * proxy answers 503). Expiry: an answered call with no in-dialog request for
 * {@code confirmedExpiry} (a BYE that never came through midreg), an unanswered one
 * {@code earlyBound} after its INVITE or its last provisional answer (timer C plus the
 * transaction's own end, so only a call whose fork never finished). One sweep on the timer
 * scheduler visits every entry once per {@code sweepPeriod}, in chunks of {@value #CHUNK}, so no
 * run holds the timer thread for long; no per-dialog timer objects.
 *
 * <p>Thread-safe without blocking: a call's legs may be served by different event loops. Every
 * change replaces the immutable value under the map's per-key lock and counts it there;
 * listeners are called afterwards, outside any lock.
 */
public final class DialogTable implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DialogTable.class);
    /** Entries one sweep run visits before it yields the timer thread. */
    static final int CHUNK = 5_000;
    private static final Duration CHUNK_PAUSE = Duration.ofMillis(10);

    private final int maxDialogs;
    private final long confirmedExpiryMillis;
    private final long earlyBoundMillis;
    private final Duration sweepPeriod;
    private final LongSupplier clock;
    private final TimerScheduler timers;
    private final ConcurrentHashMap<DialogKey, Dialog> dialogs = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong[] byState = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    private final LongAdder[] endedBy = new LongAdder[EndReason.values().length];
    private final LongAdder refusedFull = new LongAdder();
    private final AtomicLong serials = new AtomicLong();
    private final List<DialogListener> listeners = new CopyOnWriteArrayList<>();
    /** Where the sweep stopped; touched by the sweep only (one run at a time). */
    private Iterator<Dialog> cursor;
    private volatile Cancellable nextSweep;
    private volatile boolean closed;

    /**
     * @param maxDialogs      most calls at once; a new one beyond is refused
     * @param confirmedExpiry how long an answered call may go without an in-dialog request
     * @param earlyBound      how long an unanswered call may stay after its INVITE or last provisional answer
     * @param sweepPeriod     how often every entry is looked at for expiry
     * @param clock           wall clock, epoch milliseconds
     * @param timers          where the sweep runs (not a Netty event loop)
     */
    public DialogTable(int maxDialogs, Duration confirmedExpiry, Duration earlyBound, Duration sweepPeriod, LongSupplier clock,
                       TimerScheduler timers) {
        if (maxDialogs < 1) throw new IllegalArgumentException("maxDialogs " + maxDialogs);
        this.maxDialogs = maxDialogs;
        this.confirmedExpiryMillis = confirmedExpiry.toMillis();
        this.earlyBoundMillis = earlyBound.toMillis();
        this.sweepPeriod = sweepPeriod;
        this.clock = clock;
        this.timers = timers;
        for (int i = 0; i < endedBy.length; i++) endedBy[i] = new LongAdder();
    }

    /** Starts the expiry sweep. */
    public DialogTable start() {
        schedule(sweepPeriod);
        return this;
    }

    public void addListener(DialogListener listener) {
        listeners.add(listener);
    }

    /**
     * A call whose INVITE goes on now: its entry, in state trying, or null when the table is
     * full (counted; the caller answers 503). A call of the same key still in the table (an
     * INVITE again after a challenge) is replaced and ends as rejected.
     *
     * @param device the binding's key when one device is called (or calls), null for a fork
     */
    public Dialog create(DialogKey key, Direction direction, String aor, String device, String upstream, String callerTag) {
        if (size.incrementAndGet() > maxDialogs) {
            size.decrementAndGet();
            refusedFull.increment();
            return null;
        }
        long now = clock.getAsLong();
        Dialog d = new Dialog(key, serials.incrementAndGet(), direction, DialogState.TRYING, aor, device, upstream, callerTag, null,
                now, 0, now, now + earlyBoundMillis);
        Dialog[] replaced = new Dialog[1];
        dialogs.compute(key, (k, old) -> {
            if (old != null) {
                replaced[0] = old;
                leave(old, EndReason.REJECTED);
            }
            byState[d.state().ordinal()].incrementAndGet();
            return d;
        });
        if (replaced[0] != null) ended(replaced[0], EndReason.REJECTED);
        for (DialogListener l : listeners) call(() -> l.created(d));
        return d;
    }

    /** A provisional answer above 100 of the call {@code created}: early, with the callee's tag when it gave one. */
    public void provisional(Dialog created, String toTag) {
        long now = clock.getAsLong();
        dialogs.computeIfPresent(created.key(), (k, d) -> {
            if (d.serial() != created.serial() || d.state() == DialogState.CONFIRMED) return d;
            move(d.state(), DialogState.EARLY);
            return d.early(toTag, now, Math.max(d.expiresAt(), now + earlyBoundMillis));
        });
    }

    /**
     * A 2xx of the call {@code created} went back to the caller: confirmed (the first 2xx's tag
     * and device stay; later ones of a fork, RFC 6026, change nothing).
     *
     * @param device the key of the binding that answered, or null when not a device
     */
    public void answered(Dialog created, String toTag, String device) {
        long now = clock.getAsLong();
        Dialog[] confirmed = new Dialog[1];
        dialogs.computeIfPresent(created.key(), (k, d) -> {
            if (d.serial() != created.serial() || d.state() == DialogState.CONFIRMED) return d;
            move(d.state(), DialogState.CONFIRMED);
            confirmed[0] = d.confirmed(toTag, device, now, now + confirmedExpiryMillis);
            return confirmed[0];
        });
        if (confirmed[0] != null) for (DialogListener l : listeners) call(() -> l.answered(confirmed[0]));
    }

    /** The INVITE of {@code created} got its final answer and it was not a 2xx: the call ends for {@code reason}. */
    public void unanswered(Dialog created, EndReason reason) {
        Dialog[] gone = new Dialog[1];
        dialogs.computeIfPresent(created.key(), (k, d) -> {
            if (d.serial() != created.serial() || d.state() == DialogState.CONFIRMED) return d;
            gone[0] = d;
            leave(d, reason);
            return null;
        });
        if (gone[0] != null) ended(gone[0], reason);
    }

    /** An in-dialog request of the call passed (re-INVITE, UPDATE, INFO, ACK...): an answered call's expiry starts again. */
    public void touch(DialogKey key) {
        long now = clock.getAsLong();
        dialogs.computeIfPresent(key, (k, d) -> d.touched(now, d.state() == DialogState.CONFIRMED ? now + confirmedExpiryMillis : d.expiresAt()));
    }

    /** A BYE of the call got its final answer (or none): the call is over (RFC 3261 §15.1). */
    public void bye(DialogKey key) {
        end(key, null, EndReason.BYE);
    }

    private void end(DialogKey key, Dialog exactly, EndReason reason) {
        Dialog[] gone = new Dialog[1];
        dialogs.computeIfPresent(key, (k, d) -> {
            if (exactly != null && !d.equals(exactly)) return d;
            gone[0] = d;
            leave(d, reason);
            return null;
        });
        if (gone[0] != null) ended(gone[0], reason);
    }

    /** Under the key's lock: the counts of a call leaving. */
    private void leave(Dialog d, EndReason reason) {
        byState[d.state().ordinal()].decrementAndGet();
        size.decrementAndGet();
        endedBy[reason.ordinal()].increment();
    }

    private void move(DialogState from, DialogState to) {
        byState[from.ordinal()].decrementAndGet();
        byState[to.ordinal()].incrementAndGet();
    }

    private void ended(Dialog d, EndReason reason) {
        for (DialogListener l : listeners) call(() -> l.ended(d, reason));
    }

    private static void call(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            log.warn("dialog listener failed: {}", e.toString());
        }
    }

    /** Every call of this Call-ID (one, or one per leg when a PBX proxied a call between two devices). */
    public List<Dialog> byCallId(String callId) {
        List<Dialog> found = new ArrayList<>(2);
        for (Dialog d : dialogs.values()) {
            if (d.callId().equals(callId)) found.add(d);
        }
        found.sort(Comparator.comparingLong(Dialog::createdAt));
        return found;
    }

    /** A page of calls: those of {@code aor} (all when null), oldest first, at most {@code limit}. */
    public Page list(String aor, int limit) {
        List<Dialog> all = new ArrayList<>();
        for (Dialog d : dialogs.values()) {
            if (aor == null || aor.equals(d.aor())) all.add(d);
        }
        all.sort(Comparator.comparingLong(Dialog::createdAt).thenComparing(Dialog::callId));
        return new Page(all.size(), List.copyOf(all.subList(0, Math.min(limit, all.size()))));
    }

    /** @param total calls that matched; @param dialogs the first of them */
    public record Page(int total, List<Dialog> dialogs) {
    }

    /** Calls in the table now. */
    public int size() {
        return size.get();
    }

    /** Calls in {@code state} now. */
    public long active(DialogState state) {
        return byState[state.ordinal()].get();
    }

    /** Calls that ended for {@code reason} since start. */
    public long ended(EndReason reason) {
        return endedBy[reason.ordinal()].sum();
    }

    /** New calls refused because the table was full. */
    public long refusedFull() {
        return refusedFull.sum();
    }

    public int maxDialogs() {
        return maxDialogs;
    }

    /** One sweep run: up to {@value #CHUNK} entries from where the last stopped; calls past their expiry end as expired. */
    void sweep() {
        if (closed) return;
        try {
            long now = clock.getAsLong();
            if (cursor == null) cursor = dialogs.values().iterator();
            for (int n = 0; n < CHUNK && cursor.hasNext(); n++) {
                Dialog d = cursor.next();
                if (d.expiresAt() <= now) end(d.key(), d, EndReason.EXPIRED);
            }
        } catch (RuntimeException e) {
            log.warn("dialog sweep failed: {}", e.toString());
            cursor = null;
        }
        if (cursor != null && cursor.hasNext()) {
            schedule(CHUNK_PAUSE);
        } else {
            cursor = null;
            schedule(sweepPeriod);
        }
    }

    private void schedule(Duration delay) {
        if (closed) return;
        try {
            nextSweep = timers.schedule(this::sweep, delay);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the scheduler is shutting down: no more sweeps
        }
    }

    /** Stops the sweep; the entries stay readable. */
    @Override
    public void close() {
        closed = true;
        Cancellable.cancel(nextSweep);
    }
}
