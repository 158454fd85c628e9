package io.midreg.sip.transaction;

/** A scheduled timer that can still be stopped. Cancelling twice, or after it ran, does nothing. */
@FunctionalInterface
public interface Cancellable {
    void cancel();
}
