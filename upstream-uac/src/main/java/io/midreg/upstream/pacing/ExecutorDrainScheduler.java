package io.midreg.upstream.pacing;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link DrainScheduler} on its own daemon thread. */
public final class ExecutorDrainScheduler implements DrainScheduler {
    private static final Logger log = LoggerFactory.getLogger(ExecutorDrainScheduler.class);

    private final ScheduledExecutorService executor;

    public ExecutorDrainScheduler(String threadName) {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void schedule(Runnable drain, long delayNanos) {
        try {
            executor.schedule(() -> {
                try {
                    drain.run();
                } catch (RuntimeException e) {
                    log.warn("upstream pacer drain failed", e);
                }
            }, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("pacer stopped; drain not scheduled");
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
