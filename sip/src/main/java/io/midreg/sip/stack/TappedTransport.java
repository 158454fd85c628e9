package io.midreg.sip.stack;

import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.SipTransport;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.sip.transport.TransportStats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The transport as the application sends on it outside transactions (a proxy's stateless ACK
 * of a 2xx, RFC 3261 §16.11): what it sends reaches the {@link MessageTaps} like the
 * transactions' messages, so a trace shows it. One volatile read when nothing is traced.
 */
final class TappedTransport implements SipTransport {
    private final SipTransport transport;
    private final MessageTaps taps;
    private final StackCounters counters;

    TappedTransport(SipTransport transport, MessageTaps taps, StackCounters counters) {
        this.transport = transport;
        this.taps = taps;
        this.counters = counters;
    }

    private void tap(ByteBuf message, InetSocketAddress to) {
        counters.sent.increment();
        MessageTap tap = taps.current();
        if (tap != null) tap.outbound(ByteBufUtil.getBytes(message), to);
    }

    @Override
    public CompletableFuture<Flow> send(Flow flow, ByteBuf message) {
        tap(message, flow.remote());
        return transport.send(flow, message);
    }

    @Override
    public void sendAndForget(Flow flow, ByteBuf message) {
        tap(message, flow.remote());
        transport.sendAndForget(flow, message);
    }

    @Override
    public CompletableFuture<Flow> send(TransportProtocol protocol, InetSocketAddress destination, ByteBuf message) {
        tap(message, destination);
        return transport.send(protocol, destination, message);
    }

    @Override
    public CompletableFuture<Void> start() {
        return transport.start();
    }

    @Override
    public List<BoundListener> listeners() {
        return transport.listeners();
    }

    @Override
    public Optional<Flow> activeFlow(TransportProtocol protocol, InetSocketAddress remote) {
        return transport.activeFlow(protocol, remote);
    }

    @Override
    public Optional<Flow> connection(long connectionId) {
        return transport.connection(connectionId);
    }

    @Override
    public boolean isOpen(Flow flow) {
        return transport.isOpen(flow);
    }

    @Override
    public TransportStats stats() {
        return transport.stats();
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        return transport.closeAsync();
    }

    @Override
    public void close() {
        transport.close();
    }
}
