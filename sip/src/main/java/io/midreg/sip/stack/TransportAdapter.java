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
    private final StackCounters counters;
    private final MessageTaps taps;

    TransportAdapter(Supplier<SipTransport> transport, StackCounters counters, MessageTaps taps) {
        this.transport = transport;
        this.counters = counters;
        this.taps = taps;
    }

    @Override
    public void sendResponse(Flow flow, byte[] response) {
        // RFC 3261 §18.2.2: back on the flow the request came in on (the source address for UDP, per RFC 3581).
        counters.sent.increment();
        MessageTap tap = taps.current();
        if (tap != null) tap.outbound(response, flow.remote());
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
        counters.sent.increment();
        MessageTap tap = taps.current();
        if (tap != null) {
            // Only while tracing: a copy of what was written.
            byte[] copy = new byte[out.readableBytes()];
            out.getBytes(out.readerIndex(), copy);
            tap.outbound(copy, flow.remote());
        }
        transport.get().sendAndForget(flow, out);
    }

    @Override
    public CompletableFuture<Flow> sendRequest(byte[] request, Flow flowOrNull, TransportProtocol protocol, InetSocketAddress destination) {
        SipTransport t = transport.get();
        counters.sent.increment();
        MessageTap tap = taps.current();
        if (tap != null) tap.outbound(request, flowOrNull != null ? flowOrNull.remote() : destination);
        // A pinned flow is the only way: send(Flow) fails with FlowClosedException when it is gone.
        if (flowOrNull != null) return t.send(flowOrNull, Unpooled.wrappedBuffer(request));
        return t.send(protocol, destination, Unpooled.wrappedBuffer(request));
    }
}
