package io.midreg.sip.transaction;

import io.midreg.testing.VirtualClock;

/** The shared virtual clock as the transaction layer's {@link TimerScheduler}, so RFC 3261 timers run on test time. */
final class VirtualTimeScheduler {
    private VirtualTimeScheduler() {
    }

    static TimerScheduler on(VirtualClock clock) {
        return (task, delay) -> clock.schedule(task, delay)::cancel;
    }
}
