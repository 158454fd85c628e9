package io.midreg.sip.transaction;

import io.midreg.sip.message.SipRequest;
import io.midreg.sip.transport.Flow;

/**
 * The application above the server side of the layer (the RFC 3261 "TU"). Called from event
 * loops: implementations must not block, and should answer or hand the work off quickly.
 */
public interface ServerTransactionUser {
    /** A new request (never a retransmission, never an ACK, never a CANCEL). */
    void onNewRequest(ServerTransaction transaction);

    /**
     * A CANCEL (in its own transaction) and the INVITE transaction it cancels, or null when none
     * matches (RFC 3261 §9.2). The default acts as a UAS: 481 without a match, otherwise 200 to
     * the CANCEL and 487 to the INVITE if it has no final response yet. A proxy overrides this.
     */
    default void onCancel(ServerTransaction cancel, ServerTransaction invite) {
        if (invite == null) {
            cancel.sendResponse(481, "Call/Transaction Does Not Exist");
            return;
        }
        cancel.sendResponse(200, "OK");
        if (invite.state() == TransactionState.PROCEEDING) {
            try {
                invite.sendResponse(487, "Request Terminated");
            } catch (IllegalStateException raced) {
                // the final response won the race; nothing left to cancel
            }
        }
    }

    /** An ACK no INVITE server transaction absorbed: the ACK for a 2xx, end to end (§13.2.2.4). */
    default void onStrayAck(SipRequest ack, Flow flow) {
    }

    /** Timer H fired: the ACK for a non-2xx final response never came (§17.2.1). */
    default void onTimeout(ServerTransaction transaction) {
    }
}
