package io.midreg.sip.transport;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open TCP/TLS connections: by connection id, so a response goes back on the exact
 * connection its request came in on, and by destination, so a new request to a peer reuses a
 * connection already open to it (RFC 3261 §18.1.1, §18.2.2). Thread-safe.
 */
final class ConnectionTable {
    /** A connection and the flow it carries. */
    record Connection(Flow flow, Channel channel) {
    }

    private record Destination(TransportProtocol protocol, InetSocketAddress remote) {
    }

    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentMap<Long, Connection> byId = new ConcurrentHashMap<>();
    private final ConcurrentMap<Destination, Long> byDestination = new ConcurrentHashMap<>();

    /** A fresh connection id, never 0 (0 means UDP in a {@link Flow}). */
    long nextId() {
        return ids.incrementAndGet();
    }

    /** Adds an open connection; the newest connection to a destination is the one reused. */
    void add(Flow flow, Channel channel) {
        byId.put(flow.connectionId(), new Connection(flow, channel));
        byDestination.put(new Destination(flow.protocol(), flow.remote()), flow.connectionId());
    }

    /** Removes a closed connection; returns it, or null if it was not there. */
    Connection remove(long connectionId) {
        Connection removed = byId.remove(connectionId);
        if (removed != null) {
            Flow flow = removed.flow();
            // Only if no newer connection to the same peer took the slot meanwhile.
            byDestination.remove(new Destination(flow.protocol(), flow.remote()), connectionId);
        }
        return removed;
    }

    /** The connection with this id, if it is still in the table. */
    Optional<Connection> get(long connectionId) {
        return Optional.ofNullable(byId.get(connectionId));
    }

    /** An open connection of this protocol to this remote address, if any. */
    Optional<Connection> toDestination(TransportProtocol protocol, InetSocketAddress remote) {
        Long id = byDestination.get(new Destination(protocol, remote));
        if (id == null) {
            return Optional.empty();
        }
        Connection connection = byId.get(id);
        return connection != null && connection.channel().isActive() ? Optional.of(connection) : Optional.empty();
    }

    int size() {
        return byId.size();
    }

    /** A copy of the connections now open, for shutdown. */
    List<Connection> all() {
        return new ArrayList<>(byId.values());
    }
}
