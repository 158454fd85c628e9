package io.midreg.sip.transaction;

import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * What the transaction layer needs from the transports. Implementations must not block: both
 * methods are called from event loops and application threads, sometimes under a transaction's lock.
 */
public interface TransactionTransport {
    /** Sends a response back on the flow its request came in on (RFC 3261 §18.2.2). */
    void sendResponse(Flow flow, byte[] response);

    /**
     * Sends a response built straight into the transport's buffer, for a transaction that keeps
     * no copy of it (see {@link ServerTransaction#sendFinalAndForget(io.midreg.sip.message.ResponseBuilder)}).
     */
    default void sendResponse(Flow flow, io.midreg.sip.message.ResponseBuilder response) {
        sendResponse(flow, response.toBytes());
    }

    /**
     * Sends a request, on {@code flowOrNull} when given (a retransmission, an ACK or CANCEL that
     * must follow the original), otherwise on a flow to {@code destination} over {@code protocol}.
     * The future completes with the flow used, or exceptionally when the transport failed.
     */
    CompletableFuture<Flow> sendRequest(byte[] request, Flow flowOrNull, TransportProtocol protocol,
                                        InetSocketAddress destination);
}
