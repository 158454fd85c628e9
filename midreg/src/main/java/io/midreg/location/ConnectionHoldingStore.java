package io.midreg.location;

import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.BindingStore;
import io.midreg.store.DueAor;
import io.midreg.store.StoreStats;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * The binding store as the registrar writes it, telling the transport which device bindings sit
 * on which TCP/TLS connection: after every write, each binding on a connection holds it open
 * until the binding expires, and a binding that left a connection (removed, expired and reaped,
 * moved to a new connection, evicted) releases it. A device behind a NAT or firewall is reachable
 * only on the connection it opened (RFC 5626 §3.3, RFC 3261 §18.2.2), so its connection must
 * outlive the transport's idle time-out while it is registered, and close once it is not.
 *
 * <p>Every writer (absorbed refreshes, upstream commits, surrogate registrations, the reaper,
 * operators) goes through {@link #update}, so no write is missed and nothing scans the store: the
 * work is a walk over the one AOR's bindings before and after, and UDP bindings cost a null check.
 * The holds are handed to the connection's event loop; nothing here blocks.
 */
public final class ConnectionHoldingStore implements BindingStore {
    private final BindingStore store;
    private final ConnectionHolds holds;

    public ConnectionHoldingStore(BindingStore store, ConnectionHolds holds) {
        this.store = store;
        this.holds = holds;
    }

    @Override
    public AorRecord update(String aor, UnaryOperator<AorRecord> change) {
        AorRecord[] before = new AorRecord[1];
        AorRecord after = store.update(aor, current -> {
            before[0] = current;
            return change.apply(current);
        });
        changed(aor, before[0], after);
        return after;
    }

    @Override
    public boolean remove(String aor) {
        Optional<AorRecord> before = store.get(aor);
        boolean removed = store.remove(aor);
        if (removed) changed(aor, before.orElse(null), null);
        return removed;
    }

    /** Holds the connections of {@code after}'s bindings, releases those {@code before}'s bindings left. */
    private void changed(String aor, AorRecord before, AorRecord after) {
        if (before == after) return; // nothing written
        if (after != null) {
            for (Binding b : after.bindings()) {
                long id = connectionId(b);
                if (id != 0) holds.hold(id, b.transport(), b.receivedHost(), b.receivedPort(), holder(aor, b), b.expiresAt());
            }
        }
        if (before != null) {
            for (Binding b : before.bindings()) {
                long id = connectionId(b);
                if (id != 0 && !stillOn(after, b, id)) holds.release(id, holder(aor, b));
            }
        }
    }

    /** Whether {@code after} still has binding {@code b} on connection {@code id}. */
    private static boolean stillOn(AorRecord after, Binding b, long id) {
        if (after == null) return false;
        for (Binding a : after.bindings()) {
            if (a.contactUri().equals(b.contactUri()) && connectionId(a) == id) return true;
        }
        return false;
    }

    /** Names a binding among all the holds of a connection (several AORs may share one). */
    private static String holder(String aor, Binding b) {
        return aor + '\n' + b.contactUri();
    }

    /** The TCP/TLS connection id the registrar stored, 0 for UDP (or an id it cannot read). */
    private static long connectionId(Binding b) {
        String flowId = b.flowId();
        if (flowId == null) return 0;
        try {
            return Long.parseLong(flowId);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public List<DueAor> dueBefore(long epochMillis, int limit) {
        return store.dueBefore(epochMillis, limit);
    }

    @Override
    public Optional<AorRecord> get(String aor) {
        return store.get(aor);
    }

    @Override
    public void forEach(BiConsumer<String, AorRecord> action) {
        store.forEach(action);
    }

    @Override
    public void forEachWithPrefix(String prefix, BiConsumer<String, AorRecord> action) {
        store.forEachWithPrefix(prefix, action);
    }

    @Override
    public long count() {
        return store.count();
    }

    @Override
    public StoreStats stats() {
        return store.stats();
    }

    @Override
    public void close() {
        store.close();
    }
}
