package io.midreg.sip.transaction;

import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.Flow;

/**
 * Gets responses no client transaction matches: retransmitted 2xx to an INVITE after the
 * transaction ended (a proxy forwards them, RFC 3261 §16.7), or plain strays. Must not block.
 */
@FunctionalInterface
public interface StrayResponseHandler {
    void onStrayResponse(SipResponse response, Flow flow);
}
