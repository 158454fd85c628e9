package io.midreg.upstream.targets;

import io.midreg.sip.transport.TransportProtocol;
import java.net.InetSocketAddress;
import java.util.Objects;

/** Where to send a request: a transport and an address (one RFC 3263 target). Immutable. */
public record NextHop(TransportProtocol protocol, InetSocketAddress address) {
    public NextHop {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(address, "address");
    }
}
