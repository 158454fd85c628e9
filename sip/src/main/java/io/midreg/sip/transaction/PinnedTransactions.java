package io.midreg.sip.transaction;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The client transactions pinned to a TCP/TLS connection (a device's flow), by connection id,
 * so that the connection closing ends them at once (RFC 3261 §17.1.4, a transport failure)
 * instead of leaving an INVITE that had a provisional answer waiting for a final that can no
 * longer come on that connection. UDP flows are not indexed: there is nothing to close.
 * Thread-safe: each set is changed inside its map entry's compute.
 */
final class PinnedTransactions {
    private final ConcurrentMap<Long, Set<AbstractClientTransaction>> byConnection = new ConcurrentHashMap<>();

    void add(long connectionId, AbstractClientTransaction tx) {
        byConnection.compute(connectionId, (id, set) -> {
            Set<AbstractClientTransaction> s = set != null ? set : ConcurrentHashMap.newKeySet();
            s.add(tx);
            return s;
        });
    }

    void remove(long connectionId, AbstractClientTransaction tx) {
        byConnection.computeIfPresent(connectionId, (id, set) -> {
            set.remove(tx);
            return set.isEmpty() ? null : set;
        });
    }

    /** Forgets and returns the transactions pinned to a connection that closed. */
    List<AbstractClientTransaction> closed(long connectionId) {
        Set<AbstractClientTransaction> set = byConnection.remove(connectionId);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** How many connections have pinned transactions (for tests: the index does not leak). */
    int connections() {
        return byConnection.size();
    }
}
