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
     * Sends a request on {@code flowOrNull} when given, and on nothing else: when that flow is
     * gone the future fails with {@link io.midreg.sip.transport.FlowClosedException} (a request
     * for a device whose connection closed must fail, not open a new connection to its address).
     * Without a flow, on a flow to {@code destination} over {@code protocol}, reusing an open
     * connection there (RFC 3261 §18.1.1). The future completes with the flow used, or
     * exceptionally when the transport failed.
     */
    CompletableFuture<Flow> sendRequest(byte[] request, Flow flowOrNull, TransportProtocol protocol,
                                        InetSocketAddress destination);
}
