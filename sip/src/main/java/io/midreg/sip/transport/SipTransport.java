package io.midreg.sip.transport;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Moves framed SIP messages between the network and the layer above, keeping track of flows so
 * that an answer goes back the way its request came (RFC 3261 §18). Inbound messages go to the
 * {@link InboundHandler} given at construction.
 *
 * <p>The {@code send} methods take ownership of the message buffer: it is released once written,
 * or when sending fails.
 */
public interface SipTransport extends AutoCloseable {

    /**
     * Binds every configured listener. Fails with a {@link java.net.BindException} naming the
     * protocol and address when one cannot be bound; the transport is then closed.
     */
    CompletableFuture<Void> start();

    /** The listeners as bound, in configuration order; empty before {@link #start()} completes. */
    List<BoundListener> listeners();

    /** The bound address of each listener, in configuration order. */
    default List<InetSocketAddress> boundAddresses() {
        return listeners().stream().map(BoundListener::address).toList();
    }

    /**
     * Sends on an existing flow: UDP out of the socket bound to {@code flow.local()} to
     * {@code flow.remote()}; TCP/TLS on that exact connection, failing with
     * {@link FlowClosedException} if it is gone.
     */
    CompletableFuture<Flow> send(Flow flow, ByteBuf message);

    /**
     * As {@link #send(Flow, ByteBuf)} for a message whose fate nobody waits on (a response the
     * transaction keeps nothing of): no future is made; a failure is counted and logged by the
     * transport.
     */
    default void sendAndForget(Flow flow, ByteBuf message) {
        send(flow, message);
    }

    /**
     * Sends to a destination (RFC 3261 §18.1.1): UDP from the first UDP listener; TCP/TLS on a
     * connection already open to {@code destination}, or on a new one.
     *
     * @return the flow the message went out on
     */
    CompletableFuture<Flow> send(TransportProtocol protocol, InetSocketAddress destination, ByteBuf message);

    /**
     * The flow a message to {@code remote} would take without opening anything: an open TCP/TLS
     * connection to it, or for UDP the first UDP listener's socket.
     */
    Optional<Flow> activeFlow(TransportProtocol protocol, InetSocketAddress remote);

    /**
     * The flow of the TCP/TLS connection with this id while it is open (ids are never reused
     * within the transport's life); empty once it closed. Lets a layer that stored a device's
     * connection id find the device's own connection again, and know when it is gone.
     */
    Optional<Flow> connection(long connectionId);

    /**
     * Keeps the TCP/TLS connection with this id open past the idle time-out while
     * {@code holder} (a device binding registered on it) lives, until {@code untilEpochMillis};
     * a second call for the same holder replaces its deadline. Once no hold is left the idle
     * time-out applies again: the connection closes at its next idle time-out. Unknown or closed
     * connections and UDP (id 0) are ignored. Any thread; the work runs on the connection's event
     * loop and never blocks the caller.
     */
    default void holdOpen(long connectionId, String holder, long untilEpochMillis) {
    }

    /** Drops {@code holder}'s hold on the connection (see {@link #holdOpen}). Any thread. */
    default void releaseHold(long connectionId, String holder) {
    }

    /**
     * Who takes the datagrams on the UDP ports that are not SIP (see {@link NonSipDatagramHandler});
     * null gives them back to the SIP parser. May be set before or after start. A transport that
     * cannot share its UDP ports (a test double) refuses.
     */
    default void handleNonSipDatagrams(NonSipDatagramHandler handler) {
        throw new UnsupportedOperationException("this transport does not share its UDP ports");
    }

    /** Whether {@code flow} can still carry messages. */
    boolean isOpen(Flow flow);

    /** A snapshot of the counters. */
    TransportStats stats();

    /**
     * Stops accepting, flushes and closes every channel, shuts the event loops down.
     *
     * @return completes when the event loops have terminated
     */
    CompletableFuture<Void> closeAsync();

    /**
     * {@link #closeAsync()}, waiting a bounded time for it unless called on one of the
     * transport's own event loops (which must never block).
     */
    @Override
    void close();
}
