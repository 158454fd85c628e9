package io.midreg.location;

import io.midreg.sip.transport.SipTransport;

/**
 * Where a device binding's hold on its TCP/TLS connection goes: the transport, which keeps a
 * held connection open past its idle time-out. An interface of its own so the store decorator
 * that drives it is tested without sockets.
 */
public interface ConnectionHolds {

    /**
     * Holds connection {@code connectionId} open for {@code holder} until {@code untilEpochMillis},
     * if it is still the connection the binding was registered on: of {@code transport} ("tcp",
     * "tls"), from {@code remoteHost}:{@code remotePort}. Connection ids start again at each
     * start, so a binding stored by an earlier run may name an id that is now another device's.
     */
    void hold(long connectionId, String transport, String remoteHost, int remotePort, String holder, long untilEpochMillis);

    /** Drops {@code holder}'s hold on connection {@code connectionId}. */
    void release(long connectionId, String holder);

    /** The holds of {@code transport}'s connections. */
    static ConnectionHolds of(SipTransport transport) {
        return new ConnectionHolds() {
            @Override
            public void hold(long connectionId, String protocol, String remoteHost, int remotePort, String holder, long untilEpochMillis) {
                java.util.Optional<io.midreg.sip.transport.Flow> flow = transport.connection(connectionId);
                if (flow.isEmpty()) return;
                java.net.InetSocketAddress remote = flow.get().remote();
                if (remote.getPort() != remotePort || !flow.get().protocol().viaToken().equalsIgnoreCase(protocol)
                        || remote.getAddress() == null || !remote.getAddress().getHostAddress().equals(remoteHost)) {
                    return;
                }
                transport.holdOpen(connectionId, holder, untilEpochMillis);
            }

            @Override
            public void release(long connectionId, String holder) {
                transport.releaseHold(connectionId, holder);
            }
        };
    }
}
