package io.midreg.upstream.pacing;

/** Runs the pacer's drain later, on one thread that is not a Netty event loop. */
public interface DrainScheduler extends AutoCloseable {
    void schedule(Runnable drain, long delayNanos);

    @Override
    void close();
}
