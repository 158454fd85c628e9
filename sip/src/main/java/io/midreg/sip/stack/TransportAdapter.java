package io.midreg.sip.stack;

import io.midreg.sip.transaction.TransactionTransport;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.SipTransport;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.sip.message.ResponseBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
    public void sendResponse(Flow flow, ResponseBuilder response) {
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(1024);
        try {
            response.writeTo(out);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        transport.get().sendAndForget(flow, out);
    }

    @Override
    public CompletableFuture<Flow> sendRequest(byte[] request, Flow flowOrNull, TransportProtocol protocol, InetSocketAddress destination) {
        SipTransport t = transport.get();
        if (flowOrNull != null && t.isOpen(flowOrNull)) return t.send(flowOrNull, Unpooled.wrappedBuffer(request));
        return t.send(protocol, destination, Unpooled.wrappedBuffer(request));
    }
}
