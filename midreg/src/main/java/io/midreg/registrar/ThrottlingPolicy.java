package io.midreg.registrar;

import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.UpstreamState;
import io.midreg.store.UpstreamStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Absorb or forward (DESIGN.md, "Registration semantics"). A refresh is absorbed only when it
 * continues a registration the upstream accepted: the same binding, the same Call-ID, a higher
 * CSeq, the same flow, a lifetime above zero, no challenge in progress, and an upstream binding
 * that will outlive the device's next refresh by the margin (plus its {@link RefreshSpread}). Everything else goes upstream: a
 * new AOR or device, a new Call-ID, another source, a removal, a wildcard, a query, an answer to
 * a challenge. A lower CSeq on the same Call-ID is refused (RFC 3261 §10.3 step 7). While the
 * upstream target is down ({@link UpstreamView}), a known device's due refresh is absorbed with
 * the survival lifetime and what would go upstream gets 503 with Retry-After.
 *
 * <p>Pure: it reads the current record and returns a decision; it runs inside the store's
 * atomic update, so it must stay quick.
 */
final class ThrottlingPolicy {
    /** A REGISTER repeating the last accepted CSeq this soon after it is a retransmission (64*T1). */
    static final long RETRANSMISSION_WINDOW_MILLIS = 32_000;

    private final RegistrarSettings settings;
    private final ChallengeTracker challenges;
    private final AorRefreshesInFlight refreshing;

    ThrottlingPolicy(RegistrarSettings settings, ChallengeTracker challenges) {
        this(settings, challenges, new AorRefreshesInFlight());
    }

    /** @param refreshing aor mode: AORs whose due refresh is upstream now (claimed here when one is forwarded) */
    ThrottlingPolicy(RegistrarSettings settings, ChallengeTracker challenges, AorRefreshesInFlight refreshing) {
        this.settings = settings;
        this.challenges = challenges;
        this.refreshing = refreshing;
    }

    /** An upstream binding with less than this left is not valid enough to absorb a due refresh on. */
    static final long PACED_ABSORB_MIN_LEFT_MILLIS = 10_000;

    /** Decides with an unlimited upstream rate: a refresh due upstream is always forwarded. */
    Decision decide(RegisterRequest req, AorRecord current, long now) {
        return decide(req, current, now, () -> true);
    }

    /**
     * @param upstreamToken takes a token from the upstream pacer if one is there now, never
     *                      waits. Asked only for a refresh that is due upstream while its
     *                      upstream binding is still valid: with a token it is forwarded at once
     *                      ({@link Decision.Forward#tokenHeld()}); without, it is absorbed with
     *                      a lifetime cut to the upstream binding's, so a capped upstream rate
     *                      is never felt by devices whose upstream binding lasts.
     */
    Decision decide(RegisterRequest req, AorRecord current, long now, java.util.function.BooleanSupplier upstreamToken) {
        return decide(req, current, now, upstreamToken, UpstreamView.UP);
    }

    /**
     * As above, knowing whether the upstream target is down. While it is (survivability): a
     * refresh of a known device (same binding, Call-ID and flow, higher CSeq, registered
     * upstream before) that is due upstream, or whose upstream binding lapsed, is absorbed with
     * a lifetime of at most {@link RegistrarSettings#survivalExpiresSeconds()} — it stays due,
     * so the first refresh after the target is back goes upstream (through the pacer); every
     * REGISTER that would go upstream gets 503 with the view's Retry-After instead.
     */
    Decision decide(RegisterRequest req, AorRecord current, long now, java.util.function.BooleanSupplier upstreamToken, UpstreamView upstream) {
        return decide(req, current, now, upstreamToken, upstream, TargetMove.NEVER);
    }

    /** With the target up; see {@link #decide(RegisterRequest, AorRecord, long, java.util.function.BooleanSupplier, UpstreamView, TargetMove)}. */
    Decision decide(RegisterRequest req, AorRecord current, long now, java.util.function.BooleanSupplier upstreamToken, TargetMove move) {
        return decide(req, current, now, upstreamToken, UpstreamView.UP, move);
    }

    /**
     * @param upstreamToken as above
     * @param upstream      as above: the AOR's current target
     * @param move          whether a registration held by a stored target must move to the
     *                      AOR's current target: such a refresh is forwarded
     *                      ({@link ForwardReason#TARGET_MOVED}) with a token of the current
     *                      target's pacer; without one it is absorbed as usual and the next
     *                      refresh tries again, so a failover of many AORs is paced, not a
     *                      storm. Never while the current target is down.
     */
    Decision decide(RegisterRequest req, AorRecord current, long now, java.util.function.BooleanSupplier upstreamToken, UpstreamView upstream,
                    TargetMove move) {
        if (current != null) {
            for (Binding b : current.bindings()) {
                if (b.callId().equals(req.callId()) && req.cseq() < b.cseq() && b.expiresAt() > now) {
                    return new Decision.Reject(Rejection.of(400, "Bad Request (CSeq lower than the registration's)", "cseq-order"));
                }
            }
        }
        ThrottlingMode mode = settings.mode();
        if (mode == ThrottlingMode.MIRROR) {
            return upstream.down() ? survivingMirror(req, current, now, upstream) : new Decision.Forward(ForwardReason.MIRROR_MODE, current);
        }
        if (req.wildcard()) return forward(ForwardReason.WILDCARD, current, upstream);
        if (req.isQuery()) return forward(ForwardReason.QUERY, current, upstream);
        if (current == null) return forward(ForwardReason.NEW_AOR, current, upstream);
        if (challenges.inProgress(req.aor(), req.callId())) return forward(ForwardReason.CHALLENGE_IN_PROGRESS, current, upstream);

        List<Binding> bindings = current.bindings();
        Binding[] next = new Binding[bindings.size()];
        for (int i = 0; i < next.length; i++) {
            Binding b = bindings.get(i);
            next[i] = b.expiresAt() > now ? b : null; // expired bindings are dropped on the way
        }
        long margin = settings.refreshMarginMillis();
        boolean paced = false;
        boolean survived = false;
        boolean noToken = false; // asked the pacer once for this REGISTER and got nothing: do not ask again
        for (RequestedContact c : req.contacts()) {
            int idx = indexOfLive(next, c);
            if (c.expires() == 0) {
                if (mode == ThrottlingMode.CONTACT) return forward(ForwardReason.REMOVAL, current, upstream);
                if (idx >= 0) next[idx] = null; // aor mode: one device leaves, the others stay
                continue;
            }
            if (idx < 0) return forward(ForwardReason.NEW_BINDING, current, upstream);
            Binding b = next[idx];
            if (!b.callId().equals(req.callId())) return forward(ForwardReason.NEW_CALL_ID, current, upstream);
            if (!FlowIdentity.sameFlow(b, req.flow())) return forward(ForwardReason.OTHER_FLOW, current, upstream);
            if (req.cseq() == b.cseq() && now - b.lastSeenAt() < RETRANSMISSION_WINDOW_MILLIS) {
                // A retransmission that outlived its server transaction (timer J may be short):
                // answered from the store again, nothing changes, nothing goes upstream.
                continue;
            }
            if (req.cseq() <= b.cseq()) return forward(ForwardReason.REPEATED_CSEQ, current, upstream);
            UpstreamState up = mode == ThrottlingMode.CONTACT ? b.upstream() : current.upstream();
            if (up == null || up.status() != UpstreamStatus.REGISTERED) return forward(ForwardReason.NOT_ACCEPTED_UPSTREAM, current, upstream);
            boolean aorMode = mode == ThrottlingMode.AOR;
            if (!upstream.down() && !noToken && move.needed(up.target()) && !(aorMode && refreshing.inFlight(req.aor(), now))) {
                // Its target is out of service: re-register at the current one now rather than
                // when due (Oracle's invalidate-registrations). A sibling already moving it is enough.
                if (upstreamToken.getAsBoolean()) {
                    if (aorMode) refreshing.claim(req.aor(), now);
                    return new Decision.Forward(ForwardReason.TARGET_MOVED, current, true);
                }
                noToken = true;
                paced = true;
            }
            long deviceExpiresAt = now + c.expires() * 1000;
            if (deviceExpiresAt + margin + RefreshSpread.millis(up, settings.expiryDeviation()) > up.expiresAt()) {
                if (upstream.down()) {
                    survived = true;
                    deviceExpiresAt = Math.min(deviceExpiresAt, now + settings.survivalExpiresSeconds() * 1000);
                } else {
                    if (up.expiresAt() - now < PACED_ABSORB_MIN_LEFT_MILLIS) return forward(ForwardReason.UPSTREAM_DUE, current, upstream);
                    if (aorMode && refreshing.inFlight(req.aor(), now)) {
                        // a sibling device's refresh is renewing the AOR upstream right now
                        deviceExpiresAt = Math.min(deviceExpiresAt, up.expiresAt());
                        next[idx] = b.refreshed(req.cseq(), deviceExpiresAt, now);
                        continue;
                    }
                    if (!noToken && upstreamToken.getAsBoolean()) {
                        if (aorMode) refreshing.claim(req.aor(), now);
                        return new Decision.Forward(ForwardReason.UPSTREAM_DUE, current, true);
                    }
                    noToken = true;
                    paced = true;
                    deviceExpiresAt = Math.min(deviceExpiresAt, up.expiresAt());
                }
            }
            next[idx] = b.refreshed(req.cseq(), deviceExpiresAt, now);
        }
        List<Binding> kept = new ArrayList<>(next.length);
        for (Binding b : next) {
            if (b != null) kept.add(b);
        }
        if (kept.isEmpty()) {
            // aor mode: the last device leaves, so the AOR leaves upstream too.
            return forward(ForwardReason.REMOVAL, current, upstream);
        }
        return new Decision.Absorb(new AorRecord(kept, current.upstream()), paced, survived);
    }

    /**
     * Mirror mode while the target is down: nothing can be forwarded, so a refresh that continues
     * a known device's registration (same binding, Call-ID and flow, higher CSeq, accepted
     * upstream) is answered from the store with at most the survival lifetime, as in the other
     * modes; anything else (new device or binding, removal, query) gets 503 with Retry-After.
     */
    private Decision survivingMirror(RegisterRequest req, AorRecord current, long now, UpstreamView upstream) {
        Decision refused = new Decision.Reject(upstream.rejection());
        if (current == null || req.wildcard() || req.isQuery()) return refused;
        List<Binding> bindings = current.bindings();
        Binding[] next = new Binding[bindings.size()];
        for (int i = 0; i < next.length; i++) {
            Binding b = bindings.get(i);
            next[i] = b.expiresAt() > now ? b : null;
        }
        long survivalEnd = now + settings.survivalExpiresSeconds() * 1000;
        for (RequestedContact c : req.contacts()) {
            int idx = indexOfLive(next, c);
            if (c.expires() == 0 || idx < 0) return refused;
            Binding b = next[idx];
            if (!b.callId().equals(req.callId()) || !FlowIdentity.sameFlow(b, req.flow())) return refused;
            boolean retransmission = req.cseq() == b.cseq() && now - b.lastSeenAt() < RETRANSMISSION_WINDOW_MILLIS;
            if (retransmission) continue;
            if (req.cseq() <= b.cseq()) return refused;
            UpstreamState up = b.upstream();
            if (up == null || up.status() != UpstreamStatus.REGISTERED) return refused;
            next[idx] = b.refreshed(req.cseq(), Math.min(now + c.expires() * 1000, survivalEnd), now);
        }
        List<Binding> kept = new ArrayList<>(next.length);
        for (Binding b : next) {
            if (b != null) kept.add(b);
        }
        return new Decision.Absorb(new AorRecord(kept, current.upstream()), false, true);
    }

    private static int indexOfLive(Binding[] bindings, RequestedContact c) {
        for (int i = 0; i < bindings.length; i++) {
            if (bindings[i] != null && BindingMatcher.matches(bindings[i], c)) return i;
        }
        return -1;
    }

    /** Forward, or, while the target is down, 503 with Retry-After: nothing can go upstream. */
    private static Decision forward(ForwardReason reason, AorRecord current, UpstreamView upstream) {
        return upstream.down() ? new Decision.Reject(upstream.rejection()) : new Decision.Forward(reason, current);
    }
}
