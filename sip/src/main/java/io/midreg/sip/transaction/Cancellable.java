package io.midreg.sip.transaction;

/** A scheduled timer that can still be stopped. Cancelling twice, or after it ran, does nothing. */
@FunctionalInterface
public interface Cancellable {
    void cancel();

    /** Cancels {@code timer} when one is set; transactions keep unset timers as null. */
    static void cancel(Cancellable timer) {
        if (timer != null) timer.cancel();
    }
}
