package io.midreg.sip.transport;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Identity of the network path a message came in on, so that a response or a later request can
 * go back the same way: the same UDP socket to the same remote address, or the very same TCP/TLS
 * connection.
 *
 * @param protocol transport of the path
 * @param local local address of the socket (a UDP listener's bound address, or the local end of a
 *     connection)
 * @param remote the peer's address as seen by this box (after any NAT)
 * @param connectionId 0 for UDP; for TCP/TLS an id unique to one connection for the life of the
 *     transport, so a new connection to the same peer is a different flow
 */
public record Flow(
        TransportProtocol protocol, InetSocketAddress local, InetSocketAddress remote, long connectionId) {

    public Flow {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        if (protocol.reliable() ? connectionId <= 0 : connectionId != 0) {
            throw new IllegalArgumentException(
                    "connectionId " + connectionId + " is invalid for " + protocol
                            + " (0 for UDP, positive for TCP/TLS)");
        }
    }

    /** A UDP flow between a listener's socket and a remote address. */
    public static Flow udp(InetSocketAddress local, InetSocketAddress remote) {
        return new Flow(TransportProtocol.UDP, local, remote, 0);
    }
}
