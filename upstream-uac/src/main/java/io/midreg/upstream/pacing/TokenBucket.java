package io.midreg.upstream.pacing;

import java.util.function.LongSupplier;

/**
 * A token bucket with a hard cap: over any window of t seconds it grants at most
 * {@code burst + rate * t} tokens. Credit is kept in integer units (one token = one billion
 * units, one unit per nanosecond at one token per second) so no rounding ever grants extra.
 * Not thread-safe: {@link UpstreamPacer} holds its lock around every call.
 */
public final class TokenBucket {
    private static final long UNITS_PER_TOKEN = 1_000_000_000L;

    private final LongSupplier nanoTime;
    private long rate;
    private long burst;
    /** Credit in units; never above {@code burst * UNITS_PER_TOKEN}. */
    private long credit;
    private long lastNanos;

    /** Starts full (burst tokens). */
    public TokenBucket(long ratePerSecond, long burst, LongSupplier nanoTime) {
        check(ratePerSecond, burst);
        this.nanoTime = nanoTime;
        this.rate = ratePerSecond;
        this.burst = burst;
        this.credit = burst * UNITS_PER_TOKEN;
        this.lastNanos = nanoTime.getAsLong();
    }

    private static void check(long rate, long burst) {
        if (rate < 1 || burst < 1) throw new IllegalArgumentException("rate and burst must be at least 1, not " + rate + " and " + burst);
    }

    /** Takes one token if there is one now. */
    public boolean tryTake() {
        refill();
        if (credit < UNITS_PER_TOKEN) return false;
        credit -= UNITS_PER_TOKEN;
        return true;
    }

    /** Nanoseconds until a token is there (0 if one is there now). */
    public long nanosUntilToken() {
        refill();
        long missing = UNITS_PER_TOKEN - credit;
        return missing <= 0 ? 0 : (missing + rate - 1) / rate;
    }

    /** New rate and burst from now on; the credit saved so far is kept, cut to the new burst. */
    public void reconfigure(long ratePerSecond, long newBurst) {
        check(ratePerSecond, newBurst);
        refill();
        rate = ratePerSecond;
        burst = newBurst;
        credit = Math.min(credit, burst * UNITS_PER_TOKEN);
    }

    public long rate() {
        return rate;
    }

    public long burst() {
        return burst;
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        long elapsed = now - lastNanos;
        if (elapsed <= 0) return;
        lastNanos = now;
        long cap = burst * UNITS_PER_TOKEN;
        // Bound elapsed before multiplying: a long idle period only fills the bucket.
        long fill = elapsed >= cap / rate + 1 ? cap : elapsed * rate;
        credit = Math.min(cap, credit + fill);
    }
}
