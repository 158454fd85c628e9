package io.midreg.testing;

import io.midreg.upstream.health.TargetHealth;
import io.midreg.upstream.health.UpstreamFailure;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test stand-in for the circuit breaker: after {@code threshold} failures in a row the target
 * is out of service for {@code openMillis} (on the system clock); any answer resets the count.
 * Lets the failover ITs take a real failure (Kamailio silent) as the signal, as the breaker will.
 * A test on a fixed clock switches it by hand instead ({@link #switchedByHand()}, {@link #downUntil}).
 */
public final class TripAfterFailures implements TargetHealth {
    private final int threshold;
    private final long openMillis;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger trips = new AtomicInteger();
    private volatile long openUntil;

    public TripAfterFailures(int threshold, long openMillis) {
        this.threshold = threshold;
        this.openMillis = openMillis;
    }

    /** Never trips by itself: out of service only when the test says so ({@link #downUntil}). */
    public static TripAfterFailures switchedByHand() {
        return new TripAfterFailures(Integer.MAX_VALUE, 0);
    }

    /** Out of service until {@code millis} (epoch ms; a time past: in service). */
    public void downUntil(long millis) {
        openUntil = millis;
    }

    /** How often the target was taken out of service. */
    public int trips() {
        return trips.get();
    }

    @Override
    public boolean available(long nowMillis) {
        return nowMillis >= openUntil;
    }

    @Override
    public long availableAgainAt(long nowMillis) {
        return Math.max(nowMillis, openUntil);
    }

    @Override
    public void answered() {
        failures.set(0);
    }

    @Override
    public void failed(UpstreamFailure failure) {
        if (failures.incrementAndGet() >= threshold) {
            failures.set(0);
            openUntil = System.currentTimeMillis() + openMillis;
            trips.incrementAndGet();
        }
    }
}
