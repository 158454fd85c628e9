package io.midreg.sip.transaction;

import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.Flow;

/**
 * Gets responses no client transaction matches. Since RFC 6026 an INVITE client transaction
 * stays Accepted for timer M after its first 2xx and hands later 2xx to its listener, so what
 * arrives here is a true stray (late beyond timer M, or never ours); RFC 6026 has a proxy drop
 * such responses instead of forwarding them statelessly as RFC 3261 §16.7 did. Must not block.
 */
@FunctionalInterface
public interface StrayResponseHandler {
    void onStrayResponse(SipResponse response, Flow flow);
}
