package io.midreg.sip.transport;

import java.util.HashMap;
import java.util.Map;

/**
 * What keeps one TCP/TLS connection open past the idle time-out: named holds (a device binding
 * registered on it), each until an instant. A device behind a NAT or firewall can be reached only
 * on the connection it opened (RFC 5626 §3.3, RFC 3261 §18), so closing it while its binding
 * lives would make the device unreachable until it re-registers. Confined to the connection's
 * event loop: no locking. Usually one hold, a few with several AORs on one connection.
 */
final class ConnectionHolds {
    private final Map<String, Long> until = new HashMap<>(2);

    /** Holds the connection for {@code holder} until {@code untilMillis}, replacing its earlier hold. */
    void hold(String holder, long untilMillis) {
        until.put(holder, untilMillis);
    }

    /** Drops {@code holder}'s hold; returns whether any hold is left. */
    boolean release(String holder) {
        until.remove(holder);
        return !until.isEmpty();
    }

    /**
     * Whether a hold still runs at {@code nowMillis}; those that ran out are dropped, so a binding
     * that expired without anyone releasing it stops holding the connection.
     */
    boolean heldAt(long nowMillis) {
        until.values().removeIf(t -> t <= nowMillis);
        return !until.isEmpty();
    }

    int size() {
        return until.size();
    }
}
