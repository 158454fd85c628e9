package io.midreg.sip.stack;

import io.midreg.sip.transaction.TransactionTransport;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.SipTransport;
import io.midreg.sip.transport.TransportProtocol;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Lets the transaction layer send through the Netty transport. */
final class TransportAdapter implements TransactionTransport {
    private final Supplier<SipTransport> transport;

    TransportAdapter(Supplier<SipTransport> transport) {
        this.transport = transport;
    }

    @Override
    public void sendResponse(Flow flow, byte[] response) {
        // RFC 3261 §18.2.2: back on the flow the request came in on (the source address for UDP, per RFC 3581).
        transport.get().send(flow, Unpooled.wrappedBuffer(response));
    }

    @Override
    public CompletableFuture<Flow> sendRequest(byte[] request, Flow flowOrNull, TransportProtocol protocol, InetSocketAddress destination) {
        SipTransport t = transport.get();
        if (flowOrNull != null && t.isOpen(flowOrNull)) return t.send(flowOrNull, Unpooled.wrappedBuffer(request));
        return t.send(protocol, destination, Unpooled.wrappedBuffer(request));
    }
}
