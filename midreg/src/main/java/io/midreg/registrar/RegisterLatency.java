package io.midreg.registrar;

import java.util.concurrent.atomic.LongAdder;

/**
 * REGISTER handling time in fixed buckets, for the latency histogram on /metrics. Recording
 * costs a short bucket scan and two LongAdder increments, no allocation; the admin side turns
 * {@link #snapshot} into the exposition format at scrape time.
 */
public final class RegisterLatency {
    /** Upper bounds of the buckets, in seconds (the last, +Inf, is implicit). */
    public static final double[] BOUNDS_SECONDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
            1, 2.5, 5, 10};
    private static final long[] BOUNDS_NANOS = new long[BOUNDS_SECONDS.length];

    static {
        for (int i = 0; i < BOUNDS_SECONDS.length; i++) BOUNDS_NANOS[i] = Math.round(BOUNDS_SECONDS[i] * 1e9);
    }

    /** Which way a REGISTER went: answered from the store, or relayed until the upstream's final answer. */
    public enum Outcome {
        ABSORBED, FORWARDED
    }

    private final Series absorbed = new Series();
    private final Series forwarded = new Series();

    void record(Outcome outcome, long nanos) {
        (outcome == Outcome.ABSORBED ? absorbed : forwarded).record(nanos);
    }

    public Snapshot snapshot(Outcome outcome) {
        return (outcome == Outcome.ABSORBED ? absorbed : forwarded).snapshot();
    }

    /**
     * @param bucketCounts non-cumulative counts per bucket; the last is above the highest bound
     * @param sumSeconds   total handling time
     */
    public record Snapshot(long[] bucketCounts, double sumSeconds) {
        public long count() {
            long n = 0;
            for (long c : bucketCounts) n += c;
            return n;
        }
    }

    private static final class Series {
        private final LongAdder[] buckets = new LongAdder[BOUNDS_NANOS.length + 1];
        private final LongAdder sumNanos = new LongAdder();

        Series() {
            for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
        }

        void record(long nanos) {
            int i = 0;
            while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) i++;
            buckets[i].increment();
            sumNanos.add(nanos);
        }

        Snapshot snapshot() {
            long[] counts = new long[buckets.length];
            for (int i = 0; i < counts.length; i++) counts[i] = buckets[i].sum();
            return new Snapshot(counts, sumNanos.sum() / 1e9);
        }
    }
}
