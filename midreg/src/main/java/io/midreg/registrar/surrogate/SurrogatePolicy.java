package io.midreg.registrar.surrogate;

import io.midreg.registrar.BindingMatcher;
import io.midreg.registrar.FlowIdentity;
import io.midreg.registrar.RegisterRequest;
import io.midreg.registrar.RegistrarSettings;
import io.midreg.registrar.Rejection;
import io.midreg.registrar.RequestedContact;
import io.midreg.registrar.ThrottlingMode;
import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.UpstreamState;
import io.midreg.store.UpstreamStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What midreg does with a device REGISTER for an AOR it registers upstream itself (surrogate
 * registration). Devices are answered here, never relayed: a REGISTER that continues a binding
 * already accepted (same binding, Call-ID and flow, CSeq not lower) needs no credentials, as in
 * the relay modes; anything else — a new device, a new Call-ID or flow, a query, {@code Contact: *}
 * — needs a right answer to midreg's own challenge. When the AOR (aor mode) or a binding
 * (contact mode) has no valid upstream registration, midreg registers upstream first and commits
 * on the 2xx only. Pure: runs inside the store's atomic update.
 */
final class SurrogatePolicy {
    sealed interface Outcome {
    }

    /** Challenge the device (401); {@code stale}: it answered an expired nonce right. */
    record Challenge(boolean stale) implements Outcome {
    }

    /** Answer from the store: write {@code after}; what left while registered upstream is de-registered there. */
    record Local(AorRecord after, List<Binding> removed, UpstreamState aorUpstreamRemoved) implements Outcome {
    }

    /** Register upstream first (the AOR or a binding has no valid upstream registration), commit on the 2xx. */
    record Register(AorRecord current, Applied applied) implements Outcome {
    }

    record Reject(Rejection rejection) implements Outcome {
    }

    /**
     * A REGISTER applied to the live bindings, before any upstream change.
     *
     * @param kept          the bindings after it
     * @param removed       bindings it removed that hold an upstream registration of their own
     * @param needsUpstream the AOR (aor mode) or a kept binding (contact mode) lacks a valid upstream registration
     * @param needsAuth     something in it is not the continuation of an accepted binding
     * @param rejection     what to refuse it with once authenticated, or null
     */
    record Applied(List<Binding> kept, List<Binding> removed, boolean needsUpstream, boolean needsAuth, Rejection rejection) {
    }

    private final RegistrarSettings settings;
    /** upstream.survival.newDevices: provisional — a pending registration counts as held. */
    private final boolean provisional;

    SurrogatePolicy(RegistrarSettings settings) {
        this(settings, false);
    }

    SurrogatePolicy(RegistrarSettings settings, boolean provisional) {
        this.settings = settings;
        this.provisional = provisional;
    }

    /** What lets a device be answered here: a valid upstream registration, or (provisional) one pending. */
    private boolean held(UpstreamState u, long now) {
        return valid(u, now) || provisional && pending(u);
    }

    Outcome decide(RegisterRequest req, AorRecord current, long now, boolean authenticated, boolean stale) {
        Applied a = apply(req, current, now);
        if (a.needsAuth() && !authenticated) return new Challenge(stale);
        if (a.rejection() != null) return new Reject(a.rejection());
        if (a.needsUpstream()) return new Register(current, a);
        boolean aorMode = settings.mode() == ThrottlingMode.AOR;
        UpstreamState aorUp = current == null ? null : current.upstream();
        if (a.kept().isEmpty()) {
            return new Local(null, a.removed(), aorMode && valid(aorUp, now) ? aorUp : null);
        }
        return new Local(new AorRecord(a.kept(), aorMode ? aorUp : null), a.removed(), null);
    }

    Applied apply(RegisterRequest req, AorRecord current, long now) {
        boolean contactMode = settings.mode() != ThrottlingMode.AOR;
        List<Binding> kept = new ArrayList<>();
        if (current != null) for (Binding b : current.bindings()) if (b.expiresAt() > now) kept.add(b);
        List<Binding> removed = new ArrayList<>();
        boolean needsAuth = req.isQuery() || req.wildcard();
        boolean needsUpstream = false;
        Rejection rejection = null;
        if (req.wildcard()) {
            for (Binding b : kept) if (b.upstream() != null) removed.add(b);
            kept.clear();
        }
        for (RequestedContact c : req.contacts()) {
            int idx = BindingMatcher.indexOf(kept, c);
            Binding b = idx >= 0 ? kept.get(idx) : null;
            boolean sameCall = b != null && b.callId().equals(req.callId());
            boolean continuing = sameCall && FlowIdentity.sameFlow(b, req.flow()) && req.cseq() >= b.cseq();
            if (!continuing) needsAuth = true;
            if (sameCall && req.cseq() < b.cseq() && rejection == null) {
                rejection = Rejection.of(400, "Bad Request (CSeq lower than the binding's)", "cseq-order");
            }
            if (c.expires() == 0) {
                if (b != null) {
                    kept.remove(idx);
                    if (b.upstream() != null) removed.add(b);
                }
                continue;
            }
            Binding nb = new Binding(c.uri(), c.instance(), c.regId(), FlowIdentity.host(req.flow()), req.flow().remote().getPort(),
                    FlowIdentity.transport(req.flow()), FlowIdentity.flowId(req.flow()), req.path(), req.callId(), req.cseq(),
                    now + c.expires() * 1000, c.qMillis(), req.userAgent(), b == null ? now : b.registeredAt(), now,
                    b == null ? null : b.upstream());
            if (b != null) kept.set(idx, nb);
            else kept.add(nb);
            if (contactMode && !held(nb.upstream(), now)) needsUpstream = true;
        }
        if (kept.size() > settings.maxContacts()) {
            if (!settings.evictOldest()) {
                if (rejection == null) rejection = Rejection.of(403, "Forbidden (too many contacts, at most " + settings.maxContacts() + ")", "max-contacts");
            } else {
                kept.sort(Comparator.comparingLong(Binding::registeredAt));
                while (kept.size() > settings.maxContacts()) {
                    Binding gone = kept.remove(0);
                    if (gone.upstream() != null) removed.add(gone);
                }
            }
        }
        if (!contactMode && !kept.isEmpty() && !held(current == null ? null : current.upstream(), now)) needsUpstream = true;
        return new Applied(kept, removed, needsUpstream, needsAuth, rejection);
    }

    /** An upstream registration that holds now. */
    static boolean valid(UpstreamState u, long now) {
        return u != null && u.status() == UpstreamStatus.REGISTERED && u.expiresAt() > now;
    }

    /**
     * A registration midreg still owes the upstream: devices accepted provisionally while it was
     * down (upstream.survival.newDevices: provisional). Nothing is registered upstream yet
     * (expiry 0), so the reaper and the de-registrar leave it alone.
     */
    static boolean pending(UpstreamState u) {
        return u != null && u.status() == UpstreamStatus.REGISTERING && u.expiresAt() == 0;
    }
}
