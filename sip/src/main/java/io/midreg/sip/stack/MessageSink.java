package io.midreg.sip.stack;

import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.Flow;

/**
 * Where well-formed messages go once parsed and validated: the transaction layer, or in tests
 * anything that wants them. Called on a transport event loop; must not block.
 */
public interface MessageSink {
    void onRequest(SipRequest request, Flow flow);

    void onResponse(SipResponse response, Flow flow);

    /** A TCP/TLS connection closed (Outbound flows and pending transactions care). */
    default void onFlowClosed(Flow flow) {
    }

    /** A CRLF keep-alive arrived on a flow (RFC 5626). */
    default void onKeepAlive(Flow flow) {
    }
}
