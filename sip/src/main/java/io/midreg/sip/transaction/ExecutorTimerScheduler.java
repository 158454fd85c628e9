package io.midreg.sip.transaction;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link TimerScheduler} over a {@link ScheduledExecutorService}, typically a Netty
 * {@code EventLoopGroup} (which is one), so timers fire on the event loops without extra threads.
 */
public final class ExecutorTimerScheduler implements TimerScheduler {
    private final ScheduledExecutorService executor;

    public ExecutorTimerScheduler(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }
}
