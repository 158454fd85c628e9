package io.midreg.upstream.pacing;

import java.time.Duration;

/**
 * How fast REGISTERs may go to one upstream target.
 *
 * @param rate          REGISTERs per second, sustained (1..100000)
 * @param burst         REGISTERs that may go at once after a quiet spell (1..100000)
 * @param queueDeadline how long a REGISTER may wait for a token before it is failed
 * @param queueSize     most REGISTERs waiting; beyond that they fail at once
 */
public record PacingSettings(long rate, long burst, Duration queueDeadline, int queueSize) {
    public static final long MAX_RATE = 100_000;

    public PacingSettings {
        if (rate < 1 || rate > MAX_RATE) throw new IllegalArgumentException("rate must be within 1..100000, not " + rate);
        if (burst < 1 || burst > MAX_RATE) throw new IllegalArgumentException("burst must be within 1..100000, not " + burst);
        if (queueDeadline.isNegative() || queueDeadline.isZero()) throw new IllegalArgumentException("queueDeadline must be positive");
        if (queueSize < 0) throw new IllegalArgumentException("queueSize must not be negative");
    }

    /** 200/s, burst 20, 4 s deadline, 10000 waiting. */
    public static PacingSettings defaults() {
        return new PacingSettings(200, defaultBurst(200), Duration.ofSeconds(4), 10_000);
    }

    /**
     * The bucket's size when none is configured: a tenth of a second's worth (at least 1), so
     * that no second ever carries more than 1.1 x rate even after a quiet spell. A bucket as big
     * as the rate would let twice the rate through in the first second of an avalanche.
     */
    public static long defaultBurst(long rate) {
        return Math.max(1, rate / 10);
    }
}
