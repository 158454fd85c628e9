package io.midreg.upstream.health;

import java.time.Duration;

/**
 * How a {@link CircuitBreaker} judges one upstream target.
 *
 * @param failures      consecutive failures (time-out, transport error, 5xx) that open it
 * @param openFor       the first open spell; each spell that ends without the target answering doubles it
 * @param maxOpenFor    the longest open spell
 * @param probeInterval how often an OPTIONS probe goes to an open target; zero: once per open spell, at its end
 */
public record BreakerSettings(int failures, Duration openFor, Duration maxOpenFor, Duration probeInterval) {
    /** A Retry-After longer than this is taken as this: one odd answer must not stop registrations for days. */
    public static final long MAX_RETRY_AFTER_SECONDS = 3600;

    public BreakerSettings {
        if (failures < 1) throw new IllegalArgumentException("failures must be at least 1, not " + failures);
        if (openFor == null || openFor.toMillis() < 1) throw new IllegalArgumentException("openFor must be positive");
        if (maxOpenFor == null || maxOpenFor.compareTo(openFor) < 0) throw new IllegalArgumentException("maxOpenFor must be at least openFor");
        if (probeInterval == null || probeInterval.isNegative()) throw new IllegalArgumentException("probeInterval must not be negative");
    }

    /** 5 failures, 2 s doubling up to 120 s, a probe at the end of each open spell. */
    public static BreakerSettings defaults() {
        return new BreakerSettings(5, Duration.ofSeconds(2), Duration.ofSeconds(120), Duration.ZERO);
    }
}
