package io.midreg.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Readings of a counter at a real peer (Kamailio's REGISTERs received, say) every 100 ms while
 * some work runs, and the check that what it counted never exceeded a token bucket's cap
 * between any two readings: how the pacing tests prove "the configured cap is never exceeded".
 */
public final class CounterSamples {
    private static final long EVERY_MILLIS = 100;

    /** One reading, taken between {@code startNanos} and {@code endNanos}. */
    public record Sample(long startNanos, long endNanos, long count) {
    }

    /** Work that returns a result and may throw. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    private final LongSupplier counter;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();

    public CounterSamples(LongSupplier counter) {
        this.counter = counter;
    }

    /**
     * Runs {@code work} while reading the counter every 100 ms: from {@code lead} before it starts
     * (readings before the burst) until {@code tail} after it ends (what was still in flight), at
     * most {@code maxReadings} in all. Returns what the work returned.
     */
    public <T> T during(Duration lead, Duration tail, int maxReadings, Work<T> work) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        long tailNanos = tail.toNanos();
        Thread sampler = new Thread(() -> {
            long stopAt = Long.MAX_VALUE;
            for (int n = 0; n < maxReadings && System.nanoTime() < stopAt; n++) {
                long s = System.nanoTime();
                long c = counter.getAsLong();
                samples.add(new Sample(s, System.nanoTime(), c));
                if (done.get() && stopAt == Long.MAX_VALUE) stopAt = System.nanoTime() + tailNanos;
                try {
                    Thread.sleep(EVERY_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "counter-sampler");
        sampler.start();
        if (!lead.isZero()) Thread.sleep(lead.toMillis());
        try {
            return work.run();
        } finally {
            done.set(true);
            sampler.join(maxReadings * EVERY_MILLIS + tail.toMillis() + 10_000);
        }
    }

    /** The readings so far, in order. */
    public List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    /** How much the counter grew from the first reading to the last. */
    public long growth() {
        return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).count() - samples.get(0).count();
    }

    /**
     * Between any two readings i &lt; j the counter grew by at most burst + rate * (end of j - start
     * of i) + {@code slack}: pass what the sender retransmitted (a datagram that looked lost counts
     * twice at the peer), and one more is allowed for a datagram sent at the edge of a window and
     * read in the next. Requires more than {@code minReadings} readings.
     */
    public void assertCapHeld(long burst, double ratePerSecond, long slack, int minReadings) {
        List<Sample> s = samples();
        assertThat(s.size()).as("counter readings").isGreaterThan(minReadings);
        for (int i = 0; i < s.size(); i++) {
            for (int j = i + 1; j < s.size(); j++) {
                Sample a = s.get(i);
                Sample b = s.get(j);
                double t = (b.endNanos() - a.startNanos()) / 1e9;
                double cap = burst + ratePerSecond * t + slack + 1;
                assertThat((double) (b.count() - a.count())).as("counted between readings %d and %d (%.2f s)", i, j, t).isLessThanOrEqualTo(cap);
            }
        }
    }
}
