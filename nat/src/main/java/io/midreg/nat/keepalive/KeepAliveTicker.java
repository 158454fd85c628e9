package io.midreg.nat.keepalive;

import io.midreg.sip.transaction.Cancellable;
import io.midreg.sip.transaction.TimerScheduler;
import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Drives a {@link KeepAliveWheel} in time: one advance per tick, on a {@link TimerScheduler}, with
 * the ticks counted from a clock rather than from the timer's punctuality, so a late timer catches
 * up instead of stretching the interval. A stall longer than a whole interval reports each key
 * once, not once per missed round. Bindings are added, refreshed and removed from any thread;
 * each call holds the lock for O(1), a tick for its slot's keys ({@code due} must only queue).
 */
public final class KeepAliveTicker implements AutoCloseable {
    private final KeepAliveWheel wheel;
    private final long tickNanos;
    private final TimerScheduler timers;
    private final LongSupplier nanoClock;
    private final LongConsumer due;
    private long startNanos;
    private long ticksDone;
    private long ticksSkipped;
    private long keysDue;
    private Cancellable pending;
    private boolean running;

    /**
     * @param timing    interval and tick; the wheel must have {@code timing.slots()} slots
     * @param timers    where the next tick is scheduled
     * @param nanoClock monotonic nanoseconds ({@code System::nanoTime}, or a virtual clock in tests)
     * @param due       told each binding key whose keep-alive is due
     */
    public KeepAliveTicker(KeepAliveWheel wheel, KeepAliveTiming timing, TimerScheduler timers, LongSupplier nanoClock,
                           LongConsumer due) {
        if (wheel.slots() != timing.slots()) {
            throw new IllegalArgumentException("wheel has " + wheel.slots() + " slots, timing asks " + timing.slots());
        }
        this.wheel = wheel;
        this.tickNanos = timing.tick().toNanos();
        this.timers = timers;
        this.nanoClock = nanoClock;
        this.due = due;
    }

    /** Starts ticking: the first tick is one tick from now. */
    public synchronized void start() {
        if (running) return;
        running = true;
        startNanos = nanoClock.getAsLong();
        pending = timers.schedule(this::tick, Duration.ofNanos(tickNanos));
    }

    /** Adds a binding at its round-robin phase (see {@link KeepAliveWheel#add}); false if it is there. */
    public synchronized boolean add(long key) {
        return wheel.add(key);
    }

    /** The binding showed it is alive: its next keep-alive is one whole interval from now. */
    public synchronized void refreshed(long key) {
        wheel.schedule(key, wheel.slots());
    }

    public synchronized boolean remove(long key) {
        return wheel.remove(key);
    }

    public synchronized int size() {
        return wheel.size();
    }

    /** Ticks run, ticks skipped after a stall of more than an interval, keys reported due. */
    public synchronized KeepAliveTickerStats stats() {
        return new KeepAliveTickerStats(ticksDone - ticksSkipped, ticksSkipped, keysDue, wheel.size(), wheel.maxLoad());
    }

    private synchronized void tick() {
        if (!running) return;
        long now = nanoClock.getAsLong();
        long target = (now - startNanos) / tickNanos;
        long behind = target - ticksDone;
        long steps = Math.min(behind, wheel.slots());
        for (long i = 0; i < steps; i++) keysDue += wheel.advance(due);
        ticksSkipped += behind - steps;
        ticksDone = Math.max(ticksDone, target);
        long nextAt = startNanos + (ticksDone + 1) * tickNanos;
        pending = timers.schedule(this::tick, Duration.ofNanos(Math.max(0, nextAt - now)));
    }

    @Override
    public synchronized void close() {
        running = false;
        if (pending != null) pending.cancel();
    }
}
