package io.midreg.sip.transaction;

import io.midreg.sip.message.ResponseBuilder;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.Flow;

/**
 * A request received and the responses sent to it (RFC 3261 §17.2). Responses go back on the
 * flow the request came in on; the transaction remembers the last one and replays it to
 * retransmissions of the request. Safe to use from any thread.
 */
public interface ServerTransaction {
    SipRequest request();

    Flow flow();

    TransactionKey key();

    TransactionState state();

    /**
     * A response to this transaction's request, To tag set (the same for every response of the
     * transaction, unless the request already had one); add headers, then pass it to {@link #sendResponse(byte[])}.
     */
    ResponseBuilder newResponse(int status, String reason);

    /** Sends a response with no header beyond the ones copied from the request. */
    void sendResponse(int status, String reason);

    void sendResponse(SipResponse response);

    /**
     * Sends an encoded response. Provisional responses may follow each other; one final
     * response ends the exchange (an INVITE's 2xx may be re-sent while Accepted).
     *
     * @throws IllegalStateException when a final response was already sent
     */
    void sendResponse(byte[] response);

    /**
     * Sends an encoded final response and ends the transaction at once, keeping nothing for
     * retransmissions of the request: for answers the application gives again, the same, from
     * its own state when the request is retransmitted (a registrar answering a refresh from its
     * store, as Kamailio's and OpenSIPS's registrars reply statelessly). Over UDP this spares
     * holding every answered request for timer J. INVITE transactions keep their state machine.
     *
     * @throws IllegalStateException when a final response was already sent
     */
    void sendFinalAndForget(byte[] response);

    /** As {@link #sendFinalAndForget(byte[])}, written straight into the transport's buffer (no copies). */
    void sendFinalAndForget(ResponseBuilder response);
}
