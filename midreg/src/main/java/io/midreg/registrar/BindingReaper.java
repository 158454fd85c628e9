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
 * (the next device refresh then goes upstream). Driven from a timer thread, in bounded batches.
 * De-registering upstream when the last device goes silent belongs to the upstream side.
 */
public final class BindingReaper implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(BindingReaper.class);
    private static final int BATCH = 2000;

    private final BindingStore store;
    private final LongSupplier clock;

    public BindingReaper(BindingStore store, LongSupplier clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            long now = clock.getAsLong();
            for (DueAor due : store.dueBefore(now + 1, BATCH)) {
                store.update(due.aor(), cur -> cur == null ? null : pruned(cur, now));
            }
        } catch (StoreException | IllegalStateException e) {
            log.warn("reaper pass failed: {}", e.toString());
        }
    }

    static AorRecord pruned(AorRecord cur, long now) {
        List<Binding> kept = new ArrayList<>(cur.bindings().size());
        boolean changed = false;
        for (Binding b : cur.bindings()) {
            if (b.expiresAt() > 0 && b.expiresAt() <= now) {
                changed = true;
                continue;
            }
            UpstreamState u = b.upstream();
            if (u != null && u.expiresAt() > 0 && u.expiresAt() <= now) {
                kept.add(b.withUpstream(null));
                changed = true;
            } else {
                kept.add(b);
            }
        }
        UpstreamState up = cur.upstream();
        if (up != null && up.expiresAt() > 0 && up.expiresAt() <= now) {
            up = null;
            changed = true;
        }
        if (!changed) return cur;
        if (kept.isEmpty() && up == null) return null;
        return new AorRecord(kept, up);
    }
}
