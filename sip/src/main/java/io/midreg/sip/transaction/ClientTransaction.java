package io.midreg.sip.transaction;

import io.midreg.sip.message.SipRequest;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import java.net.InetSocketAddress;

/**
 * A request this element sent and the responses to it (RFC 3261 §17.1): retransmitted over UDP,
 * timed out by timer B or F; responses go to its {@link ClientTransactionListener}.
 */
public interface ClientTransaction {
    /**
     * The request; null once a non-INVITE transaction has delivered its final response, or an
     * INVITE one its first 2xx (Accepted): keep what the response handling needs beforehand.
     */
    SipRequest request();

    TransactionKey key();

    TransactionState state();

    /** The flow the request went out on; null until the transport reported it. */
    Flow flow();

    TransportProtocol protocol();

    InetSocketAddress destination();
}
