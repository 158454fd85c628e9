package io.midreg.nat.keepalive;

import java.time.Duration;

/**
 * How often a NAT'd binding is pinged and how finely the pings are spread.
 *
 * @param interval time between two keep-alives of one binding (below the NAT's UDP time-out:
 *                 RFC 5626 §4.4.2 assumes about 30 s)
 * @param tick     the wheel's resolution; the interval is split into interval/tick slots
 */
public record KeepAliveTiming(Duration interval, Duration tick) {
    /** Upper bound on slots: a slot array of this many ints is still small. */
    public static final int MAX_SLOTS = 1 << 20;

    public KeepAliveTiming {
        if (tick == null || tick.isNegative() || tick.isZero()) throw new IllegalArgumentException("tick must be positive, got " + tick);
        if (interval == null || interval.compareTo(tick) < 0) {
            throw new IllegalArgumentException("interval must be at least one tick, got " + interval);
        }
        if (interval.toNanos() % tick.toNanos() != 0) {
            throw new IllegalArgumentException("interval " + interval + " must be a whole number of ticks of " + tick);
        }
        if (interval.toNanos() / tick.toNanos() > MAX_SLOTS) {
            throw new IllegalArgumentException("interval/tick must be at most " + MAX_SLOTS + " slots");
        }
    }

    /** Slots of the wheel: ticks per interval. */
    public int slots() {
        return (int) (interval.toNanos() / tick.toNanos());
    }
}
