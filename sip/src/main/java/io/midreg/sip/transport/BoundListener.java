package io.midreg.sip.transport;

import java.net.InetSocketAddress;

/**
 * A listener after {@link SipTransport#start()}.
 *
 * @param config the configuration it came from
 * @param address the address actually bound (the real port when the configuration said 0)
 * @param sockets how many sockets share the address: several for UDP with SO_REUSEPORT, else 1
 */
public record BoundListener(ListenerConfig config, InetSocketAddress address, int sockets) {

    public TransportProtocol protocol() {
        return config.protocol();
    }
}
