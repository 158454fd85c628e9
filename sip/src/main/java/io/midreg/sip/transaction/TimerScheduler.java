package io.midreg.sip.transaction;

import java.time.Duration;

/**
 * Runs a task once after a delay. Tasks must be short and must not block; they may run on any
 * thread, concurrently with message handling, so transactions lock around their state.
 */
public interface TimerScheduler {
    Cancellable schedule(Runnable task, Duration delay);
}
