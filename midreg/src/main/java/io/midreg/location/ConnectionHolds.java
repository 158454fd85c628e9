package io.midreg.location;

import io.midreg.sip.transport.SipTransport;

/**
 * Where a device binding's hold on its TCP/TLS connection goes: the transport, which keeps a
 * held connection open past its idle time-out. An interface of its own so the store decorator
 * that drives it is tested without sockets.
 */
public interface ConnectionHolds {

    /** Holds connection {@code connectionId} open for {@code holder} until {@code untilEpochMillis}. */
    void hold(long connectionId, String holder, long untilEpochMillis);

    /** Drops {@code holder}'s hold on connection {@code connectionId}. */
    void release(long connectionId, String holder);

    /** The holds of {@code transport}'s connections. */
    static ConnectionHolds of(SipTransport transport) {
        return new ConnectionHolds() {
            @Override
            public void hold(long connectionId, String holder, long untilEpochMillis) {
                transport.holdOpen(connectionId, holder, untilEpochMillis);
            }

            @Override
            public void release(long connectionId, String holder) {
                transport.releaseHold(connectionId, holder);
            }
        };
    }
}
