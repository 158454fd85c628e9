package io.midreg.sip.transaction;

import io.midreg.sip.message.SipResponse;

/**
 * Receives what a client transaction hands up. Exactly one of: a final response (after any
 * provisionals), {@link #onTimeout}, {@link #onCancelledWithoutAnswer} or {@link #onTransportError}; for an INVITE answered with
 * a 2xx, then any further 2xx through {@link #onLater2xx} (RFC 6026 Accepted state). Other
 * response retransmissions are absorbed and never reach the listener. Called from event loops
 * or timer threads, never under the transaction's lock; must not block.
 */
public interface ClientTransactionListener {
    /** A provisional or the final response. For a non-2xx to an INVITE the ACK is already sent. */
    void onResponse(ClientTransaction transaction, SipResponse response);

    /**
     * A 2xx to an INVITE that arrived after the first one, while the transaction is Accepted
     * (RFC 6026, Figure 5 as updated; timer M = 64*T1): a retransmission of that 2xx, or the
     * 2xx of another fork further downstream (another To tag). A proxy forwards each one
     * upstream (RFC 3261 §16.7 step 5: every 2xx to an INVITE is forwarded); a UAC core answers
     * it with its ACK again. The default ignores it.
     */
    default void onLater2xx(ClientTransaction transaction, SipResponse response) {
    }

    /**
     * An INVITE was CANCELled and 64*T1 later still had no final response (RFC 3261 §9.1): the
     * transaction is destroyed and counts as cancelled; for a proxy the branch ended as a 487
     * (§16.10). The default treats it as a time-out.
     */
    default void onCancelledWithoutAnswer(ClientTransaction transaction) {
        onTimeout(transaction);
    }

    /** Timer B or F fired before a final response. */
    void onTimeout(ClientTransaction transaction);

    /** The transport could not send the request (§17.1.4). */
    void onTransportError(ClientTransaction transaction, Throwable cause);
}
