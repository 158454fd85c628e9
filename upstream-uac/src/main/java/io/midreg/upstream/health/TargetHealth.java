package io.midreg.upstream.health;

/**
 * Whether one upstream target should be sent REGISTERs now, learned from how it answered the
 * ones before. Every REGISTER sent to the target reports its outcome here exactly once: an
 * answer of any kind but 5xx is {@link #answered()}; silence, a transport error or a 5xx is
 * {@link #failed(UpstreamFailure)}. Thread-safe; called from event loops, so never blocks.
 */
public interface TargetHealth {
    /** Whether REGISTERs may go to the target at {@code nowMillis} (epoch ms). */
    boolean available(long nowMillis);

    /**
     * When the target is expected to take REGISTERs again (epoch ms): {@code nowMillis} or
     * earlier when it is available, else the end of its Retry-After or of the breaker's open spell.
     */
    long availableAgainAt(long nowMillis);

    /** The target answered (anything but 5xx: 2xx, 3xx, 4xx including challenges, 6xx). */
    void answered();

    /** The target did not answer, could not be reached, or answered 5xx. */
    void failed(UpstreamFailure failure);

    /**
     * Asks to send one REGISTER to the target now: {@link #available} for most, but a breaker
     * that is half-open lets only its one trial through. The REGISTER's outcome must then be
     * reported ({@link #answered()} or {@link #failed}).
     */
    default boolean tryAcquire(long nowMillis) {
        return available(nowMillis);
    }
}
