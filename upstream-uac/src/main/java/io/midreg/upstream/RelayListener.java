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
}
