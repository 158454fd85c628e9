package io.midreg.registrar;

import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.BindingStore;
import io.midreg.store.DueAor;
import io.midreg.store.StoreException;
import io.midreg.store.UpstreamState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes device bindings whose lifetime ran out and forgets upstream registrations that lapsed
 * (the next device refresh then goes upstream). Driven from a timer thread, in bounded batches,
 * one store update per AOR. What was still registered upstream for a binding that lapsed (contact
 * mode), or for an AOR left without devices (aor mode), is handed to the de-registrar.
 */
public final class BindingReaper implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(BindingReaper.class);
    private static final int BATCH = 2000;

    private final BindingStore store;
    private final LongSupplier clock;
    private final UpstreamDeregistrar deregistrar;

    /** A reaper that only cleans up locally. */
    public BindingReaper(BindingStore store, LongSupplier clock) {
        this(store, clock, null);
    }

    /** @param deregistrar receives what lapsed while still registered upstream, or null */
    public BindingReaper(BindingStore store, LongSupplier clock, UpstreamDeregistrar deregistrar) {
        this.store = store;
        this.clock = clock;
        this.deregistrar = deregistrar;
    }

    @Override
    public void run() {
        try {
            long now = clock.getAsLong();
            for (DueAor due : store.dueBefore(now + 1, BATCH)) {
                Pruned[] result = new Pruned[1];
                store.update(due.aor(), cur -> {
                    result[0] = cur == null ? null : prune(cur, now);
                    return result[0] == null ? null : result[0].after();
                });
                Pruned p = result[0];
                if (deregistrar != null && p != null && (!p.dropped().isEmpty() || p.aorUpstream() != null)) {
                    deregistrar.lapsed(due.aor(), p.dropped(), p.aorUpstream(), now);
                }
            }
        } catch (StoreException | IllegalStateException e) {
            log.warn("reaper pass failed: {}", e.toString());
        }
    }

    /**
     * @param after       the record to keep, or null to remove the AOR
     * @param dropped     device bindings removed while their upstream binding was still valid
     * @param aorUpstream the AOR's upstream registration, still valid, dropped because no device is left; or null
     */
    record Pruned(AorRecord after, List<Binding> dropped, UpstreamState aorUpstream) {
    }

    static AorRecord pruned(AorRecord cur, long now) {
        return prune(cur, now).after();
    }

    static Pruned prune(AorRecord cur, long now) {
        List<Binding> kept = new ArrayList<>(cur.bindings().size());
        List<Binding> dropped = new ArrayList<>(0);
        boolean changed = false;
        for (Binding b : cur.bindings()) {
            UpstreamState u = b.upstream();
            if (b.expiresAt() > 0 && b.expiresAt() <= now) {
                changed = true;
                if (u != null && (u.expiresAt() <= 0 || u.expiresAt() > now)) dropped.add(b);
                continue;
            }
            if (u != null && u.expiresAt() > 0 && u.expiresAt() <= now) {
                kept.add(b.withUpstream(null));
                changed = true;
            } else {
                kept.add(b);
            }
        }
        UpstreamState up = cur.upstream();
        UpstreamState lapsedAorUpstream = null;
        if (up != null && up.expiresAt() > 0 && up.expiresAt() <= now) {
            up = null;
            changed = true;
        } else if (up != null && kept.isEmpty() && changed) {
            // aor mode: the last device went silent, so the AOR's Contact leaves upstream too.
            lapsedAorUpstream = up;
            up = null;
        }
        if (!changed) return new Pruned(cur, dropped, null);
        return new Pruned(kept.isEmpty() && up == null ? null : new AorRecord(kept, up), dropped, lapsedAorUpstream);
    }
}
