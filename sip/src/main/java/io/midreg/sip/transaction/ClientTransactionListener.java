package io.midreg.sip.transaction;

import io.midreg.sip.message.SipResponse;

/**
 * Receives what a client transaction hands up. Exactly one of: a final response (after any
 * provisionals), {@link #onTimeout}, or {@link #onTransportError}. Response retransmissions are
 * absorbed and never reach the listener. Called from event loops or timer threads, never under
 * the transaction's lock; must not block.
 */
public interface ClientTransactionListener {
    /** A provisional or the final response. For a non-2xx to an INVITE the ACK is already sent. */
    void onResponse(ClientTransaction transaction, SipResponse response);

    /** Timer B or F fired before a final response. */
    void onTimeout(ClientTransaction transaction);

    /** The transport could not send the request (§17.1.4). */
    void onTransportError(ClientTransaction transaction, Throwable cause);
}
