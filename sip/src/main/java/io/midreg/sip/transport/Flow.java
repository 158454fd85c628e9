package io.midreg.sip.transport;

import java.net.InetSocketAddress;

/**
 * The path a message came in on, so that a response or a later request can go back the same
 * way: for UDP the local socket and the remote address, for TCP/TLS the connection itself.
 *
 * @param connectionId 0 for UDP; unique per TCP/TLS connection
 */
public record Flow(TransportProtocol protocol, InetSocketAddress local, InetSocketAddress remote, long connectionId) {
}
