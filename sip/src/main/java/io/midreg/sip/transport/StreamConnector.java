package io.midreg.sip.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Opens TCP/TLS connections for requests to destinations with no open connection
 * (RFC 3261 §18.1.1). Concurrent sends to the same destination share one connection attempt.
 */
final class StreamConnector {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final TransportProtocol protocol;
    private final EventLoopGroup group;
    private final EventLoopFactory loops;
    private final SslContext sslContext;
    private final TransportConfig config;
    private final ConnectionTable connections;
    private final TransportCounters counters;
    private final InboundDispatcher dispatcher;
    private final ConcurrentMap<InetSocketAddress, CompletableFuture<ConnectionTable.Connection>> connecting =
            new ConcurrentHashMap<>();

    StreamConnector(TransportProtocol protocol, EventLoopGroup group, EventLoopFactory loops, SslContext sslContext,
            TransportConfig config, ConnectionTable connections, TransportCounters counters,
            InboundDispatcher dispatcher) {
        this.protocol = protocol;
        this.group = group;
        this.loops = loops;
        this.sslContext = sslContext;
        this.config = config;
        this.connections = connections;
        this.counters = counters;
        this.dispatcher = dispatcher;
    }

    /** An open connection to {@code destination}: the one in the table, or a new one. */
    CompletableFuture<ConnectionTable.Connection> obtain(InetSocketAddress destination) {
        var open = connections.toDestination(protocol, destination);
        if (open.isPresent()) {
            return CompletableFuture.completedFuture(open.get());
        }
        CompletableFuture<ConnectionTable.Connection> attempt = new CompletableFuture<>();
        CompletableFuture<ConnectionTable.Connection> pending = connecting.putIfAbsent(destination, attempt);
        if (pending != null) {
            return pending;
        }
        connect(destination, attempt);
        return attempt;
    }

    private void connect(InetSocketAddress destination, CompletableFuture<ConnectionTable.Connection> attempt) {
        new Bootstrap()
                .group(group)
                .channel(loops.socketChannelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(new StreamChannelInitializer(protocol, sslContext, destination, config, connections,
                        counters, dispatcher))
                .connect(destination)
                .addListener((ChannelFuture f) -> {
                    if (!f.isSuccess()) {
                        connecting.remove(destination, attempt);
                        ConnectException error = new ConnectException(
                                "cannot connect " + protocol + " to " + destination + ": " + f.cause().getMessage());
                        error.initCause(f.cause());
                        attempt.completeExceptionally(error);
                        return;
                    }
                    // Into the table before leaving the pending map, so no sender sees neither.
                    Flow flow = f.channel().pipeline().get(StreamFlowHandler.class).register(f.channel());
                    connecting.remove(destination, attempt);
                    attempt.complete(new ConnectionTable.Connection(flow, f.channel()));
                });
    }
}
