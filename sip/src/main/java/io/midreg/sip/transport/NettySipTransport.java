package io.midreg.sip.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SipTransport} on Netty: native epoll when available and preferred, NIO otherwise. UDP
 * listeners bind one socket per event loop on the same port with SO_REUSEPORT (epoll), TCP and TLS
 * listeners frame streams with {@link SipStreamFramer}, and a {@link ConnectionTable} sends
 * answers back on the connection their request came in on.
 *
 * <p>Lifecycle: construct, {@link #start()}, use, {@link #close()}. Not restartable.
 */
public final class NettySipTransport implements SipTransport {
    private static final Logger LOG = LoggerFactory.getLogger(NettySipTransport.class);
    private static final long SHUTDOWN_QUIET_MILLIS = 100;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 3_000;
    private static final long CLOSE_WAIT_MILLIS = 10_000;
    private static final long CLOSE_FLUSH_MILLIS = 2_000;

    private final TransportConfig config;
    private final InboundDispatcher dispatcher;
    private final EventLoopFactory loops;
    private final TransportCounters counters = new TransportCounters();
    private final ConnectionTable connections = new ConnectionTable();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    // Written once in start(), before any send can see them; volatile for the threads that do.
    private volatile EventLoopGroup group;
    private volatile List<UdpListener> udpListeners = List.of();
    private volatile List<StreamListener> streamListeners = List.of();
    private volatile StreamConnector tcpConnector;
    private volatile StreamConnector tlsConnector;
    private volatile List<BoundListener> bound = List.of();
    private volatile NonSipDatagramHandler nonSipDatagrams;

    /**
     * @param config listeners and limits
     * @param inbound receives every inbound message and flow event
     */
    public NettySipTransport(TransportConfig config, InboundHandler inbound) {
        this.config = Objects.requireNonNull(config, "config");
        this.dispatcher = new InboundDispatcher(inbound);
        this.loops = EventLoopFactory.choose(config.preferNativeTransport());
    }

    /** True when running on native epoll, false on NIO. */
    public boolean isNativeTransport() {
        return loops.isNative();
    }

    @Override
    public CompletableFuture<Void> start() {
        if (!started.compareAndSet(false, true)) {
            return CompletableFuture.failedFuture(new IllegalStateException("transport already started"));
        }
        EventLoopGroup newGroup = loops.newGroup(config.effectiveEventLoops(), "midreg-sip");
        group = newGroup;
        try {
            createListenersAndConnectors(newGroup);
        } catch (Exception e) {
            closeAsync();
            return CompletableFuture.failedFuture(e);
        }
        List<CompletableFuture<Void>> binds = new ArrayList<>();
        for (UdpListener listener : udpListeners) {
            binds.add(describeBindFailure(listener.bind(newGroup), listener.config()));
        }
        for (StreamListener listener : streamListeners) {
            binds.add(describeBindFailure(listener.bind(newGroup), listener.config()));
        }
        return CompletableFuture.allOf(binds.toArray(CompletableFuture[]::new))
                .handle((ok, error) -> {
                    if (error != null) {
                        closeAsync();
                        throw error instanceof CompletionException c ? c : new CompletionException(error);
                    }
                    bound = describeBound();
                    LOG.debug("SIP transport ({}) listening on {}", loops.isNative() ? "epoll" : "nio", bound);
                    return null;
                });
    }

    private void createListenersAndConnectors(EventLoopGroup newGroup) throws Exception {
        List<UdpListener> udp = new ArrayList<>();
        List<StreamListener> streams = new ArrayList<>();
        TlsConfig clientTls = null;
        for (ListenerConfig listener : config.listeners()) {
            switch (listener.protocol()) {
                case UDP -> udp.add(new UdpListener(listener, config, loops, counters, dispatcher, () -> nonSipDatagrams));
                case TCP -> streams.add(new StreamListener(listener, loops, new StreamChannelInitializer(
                        TransportProtocol.TCP, null, null, config, connections, counters, dispatcher)));
                case TLS -> {
                    SslContext server;
                    try {
                        server = TlsContexts.server(listener.tls());
                    } catch (Exception e) {
                        throw new IllegalArgumentException("cannot load TLS material for listener "
                                + listener.host() + ":" + listener.port() + ": " + e.getMessage(), e);
                    }
                    streams.add(new StreamListener(listener, loops, new StreamChannelInitializer(
                            TransportProtocol.TLS, server, null, config, connections, counters, dispatcher)));
                    if (clientTls == null) {
                        clientTls = listener.tls();
                    }
                }
            }
        }
        udpListeners = List.copyOf(udp);
        streamListeners = List.copyOf(streams);
        tcpConnector = new StreamConnector(TransportProtocol.TCP, newGroup, loops, null, config, connections,
                counters, dispatcher);
        tlsConnector = new StreamConnector(TransportProtocol.TLS, newGroup, loops, TlsContexts.client(clientTls),
                config, connections, counters, dispatcher);
    }

    private static CompletableFuture<Void> describeBindFailure(CompletableFuture<Void> bind, ListenerConfig listener) {
        return bind.handle((ok, error) -> {
            if (error == null) {
                return null;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            BindException described = new BindException("cannot bind " + listener.protocol() + " listener on "
                    + listener.host() + ":" + listener.port() + ": " + cause.getMessage());
            described.initCause(cause);
            throw new CompletionException(described);
        });
    }

    private List<BoundListener> describeBound() {
        List<BoundListener> result = new ArrayList<>();
        // In configuration order, whatever the protocol.
        for (ListenerConfig listener : config.listeners()) {
            for (UdpListener udp : udpListeners) {
                if (udp.config() == listener) {
                    result.add(new BoundListener(listener, udp.localAddress(), udp.socketCount()));
                }
            }
            for (StreamListener stream : streamListeners) {
                if (stream.config() == listener) {
                    result.add(new BoundListener(listener, stream.localAddress(), 1));
                }
            }
        }
        return List.copyOf(result);
    }

    @Override
    public void handleNonSipDatagrams(NonSipDatagramHandler handler) {
        nonSipDatagrams = handler;
    }

    @Override
    public List<BoundListener> listeners() {
        return bound;
    }

    @Override
    public CompletableFuture<Flow> send(Flow flow, ByteBuf message) {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(message, "message");
        if (flow.protocol() == TransportProtocol.UDP) {
            UdpListener listener = udpListenerAt(flow.local());
            if (listener == null || !listener.isOpen()) {
                return failAndRelease(message, new FlowClosedException(flow));
            }
            return track(listener.send(flow.remote(), message), flow, counters.datagramsOut);
        }
        Optional<ConnectionTable.Connection> connection = connections.get(flow.connectionId());
        if (connection.isEmpty() || !connection.get().flow().equals(flow) || !connection.get().channel().isActive()) {
            return failAndRelease(message, new FlowClosedException(flow));
        }
        return write(connection.get(), message);
    }

    @Override
    public void sendAndForget(Flow flow, ByteBuf message) {
        if (flow.protocol() == TransportProtocol.UDP) {
            UdpListener listener = udpListenerAt(flow.local());
            if (listener == null || !listener.isOpen()) {
                ReferenceCountUtil.release(message);
                counters.datagramsDropped.increment();
                return;
            }
            listener.sendAndForget(flow.remote(), message);
            counters.datagramsOut.increment();
            return;
        }
        send(flow, message);
    }

    @Override
    public CompletableFuture<Flow> send(TransportProtocol protocol, InetSocketAddress destination, ByteBuf message) {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(message, "message");
        if (!started.get() || closing.get()) {
            return failAndRelease(message, new IllegalStateException("transport is not running"));
        }
        if (protocol == TransportProtocol.UDP) {
            List<UdpListener> udp = udpListeners;
            if (udp.isEmpty()) {
                return failAndRelease(message, new IllegalStateException("no UDP listener to send from"));
            }
            UdpListener listener = udp.get(0);
            if (!listener.isOpen()) {
                return failAndRelease(message, new FlowClosedException(Flow.udp(listener.localAddress(), destination)));
            }
            return track(listener.send(destination, message), Flow.udp(listener.localAddress(), destination),
                    counters.datagramsOut);
        }
        StreamConnector connector = protocol == TransportProtocol.TCP ? tcpConnector : tlsConnector;
        CompletableFuture<Flow> result = new CompletableFuture<>();
        connector.obtain(destination).whenComplete((connection, error) -> {
            if (error != null) {
                ReferenceCountUtil.release(message);
                result.completeExceptionally(unwrap(error));
            } else {
                write(connection, message).whenComplete((flow, writeError) -> {
                    if (writeError != null) {
                        result.completeExceptionally(unwrap(writeError));
                    } else {
                        result.complete(flow);
                    }
                });
            }
        });
        return result;
    }

    private CompletableFuture<Flow> write(ConnectionTable.Connection connection, ByteBuf message) {
        return track(connection.channel().writeAndFlush(message), connection.flow(), counters.streamMessagesOut);
    }

    /** Completes with {@code flow} when the write succeeds; Netty has released the buffer either way. */
    private static CompletableFuture<Flow> track(ChannelFuture write, Flow flow, LongAdder counter) {
        CompletableFuture<Flow> result = new CompletableFuture<>();
        write.addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                counter.increment();
                result.complete(flow);
            } else if (flow.protocol().reliable() && !f.channel().isActive()) {
                result.completeExceptionally(new FlowClosedException(flow, f.cause()));
            } else {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    private static CompletableFuture<Flow> failAndRelease(ByteBuf message, Throwable error) {
        ReferenceCountUtil.release(message);
        return CompletableFuture.failedFuture(error);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private UdpListener udpListenerAt(InetSocketAddress local) {
        for (UdpListener listener : udpListeners) {
            if (local.equals(listener.localAddress())) {
                return listener;
            }
        }
        return null;
    }

    @Override
    public Optional<Flow> activeFlow(TransportProtocol protocol, InetSocketAddress remote) {
        if (protocol == TransportProtocol.UDP) {
            List<UdpListener> udp = udpListeners;
            return udp.isEmpty() || udp.get(0).localAddress() == null
                    ? Optional.empty()
                    : Optional.of(Flow.udp(udp.get(0).localAddress(), remote));
        }
        return connections.toDestination(protocol, remote).map(ConnectionTable.Connection::flow);
    }

    @Override
    public Optional<Flow> connection(long connectionId) {
        return connections.get(connectionId).filter(c -> c.channel().isActive()).map(ConnectionTable.Connection::flow);
    }

    @Override
    public void holdOpen(long connectionId, String holder, long untilEpochMillis) {
        onFlowHandler(connectionId, h -> h.hold(holder, untilEpochMillis));
    }

    @Override
    public void releaseHold(long connectionId, String holder) {
        onFlowHandler(connectionId, h -> h.release(holder));
    }

    /** Runs {@code action} on the connection's own event loop (its holds are confined there). */
    private void onFlowHandler(long connectionId, java.util.function.Consumer<StreamFlowHandler> action) {
        if (connectionId == 0) return;
        connections.get(connectionId).ifPresent(c -> {
            io.netty.channel.Channel channel = c.channel();
            if (!(channel.pipeline().get("flow") instanceof StreamFlowHandler handler)) return;
            if (channel.eventLoop().inEventLoop()) action.accept(handler);
            else channel.eventLoop().execute(() -> action.accept(handler));
        });
    }

    @Override
    public boolean isOpen(Flow flow) {
        if (flow.protocol() == TransportProtocol.UDP) {
            UdpListener listener = udpListenerAt(flow.local());
            return listener != null && listener.isOpen();
        }
        return connections.get(flow.connectionId())
                .filter(c -> c.flow().equals(flow) && c.channel().isActive())
                .isPresent();
    }

    @Override
    public TransportStats stats() {
        return counters.snapshot(connections.size());
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        if (!closing.compareAndSet(false, true)) {
            return closed;
        }
        EventLoopGroup toShutDown = group;
        if (toShutDown == null) {
            closed.complete(null);
            return closed;
        }
        List<ChannelFuture> closeFutures = new ArrayList<>();
        for (StreamListener listener : streamListeners) {
            ChannelFuture f = listener.close(); // stop accepting first
            if (f != null) {
                closeFutures.add(f);
            }
        }
        for (ConnectionTable.Connection connection : connections.all()) {
            Channel channel = connection.channel();
            // Flush what is queued, then close (TLS sends close_notify).
            closeFutures.add(channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE));
        }
        for (UdpListener listener : udpListeners) {
            closeFutures.addAll(listener.close());
        }
        CompletableFuture<?>[] all = closeFutures.stream().map(NettySipTransport::toCompletable)
                .toArray(CompletableFuture[]::new);
        // A peer that stops reading must not hold the shutdown up; the event loops close what is left.
        CompletableFuture.allOf(all).completeOnTimeout(null, CLOSE_FLUSH_MILLIS, TimeUnit.MILLISECONDS)
                .whenComplete((ok, error) ->
                toShutDown.shutdownGracefully(SHUTDOWN_QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                        .addListener(f -> closed.complete(null)));
        return closed;
    }

    private static CompletableFuture<Void> toCompletable(ChannelFuture future) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        // Close futures of write-then-close chains: wait for the channel's own close.
        future.channel().closeFuture().addListener(f -> result.complete(null));
        return result;
    }

    @Override
    public void close() {
        CompletableFuture<Void> done = closeAsync();
        EventLoopGroup current = group;
        if (current != null) {
            for (EventExecutor executor : current) {
                if (executor.inEventLoop()) {
                    return; // never block an event loop; the shutdown goes on by itself
                }
            }
        }
        try {
            done.get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("SIP transport did not shut down cleanly", e);
        }
    }
}
