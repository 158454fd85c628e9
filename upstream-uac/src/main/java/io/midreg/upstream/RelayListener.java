package io.midreg.upstream;

import io.midreg.sip.message.SipResponse;

/** What became of a REGISTER relayed upstream. Exactly one method is called, once. */
public interface RelayListener {
    /** 2xx: the upstream accepted. */
    void onAccepted(SipResponse response);

    /** 401/407: the upstream wants credentials; relay the challenge to the device. */
    void onChallenged(SipResponse response);

    /** Any other final status (3xx-6xx): the upstream refused; nothing may be committed. */
    void onRefused(SipResponse response);

    /** No final response before timer F, or the transport failed. */
    void onNoAnswer(String why);

    /**
     * Nothing was sent: the target's health refused it (circuit breaker open, or its half-open
     * trial out). {@code retryAfterSeconds} (at least 1): when it expects to take REGISTERs again.
     * Called on the caller's thread, before the relay method returns.
     */
    default void onNotSent(long retryAfterSeconds) {
        onNoAnswer("upstream target unavailable (circuit breaker open)");
    }
}
