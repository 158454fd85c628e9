package io.midreg.registrar;

import io.midreg.sip.transaction.ServerTransaction;
import io.midreg.store.AorRecord;
import io.midreg.store.BindingStore;
import io.midreg.store.StoreException;
import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.pacing.UpstreamPacer;
import io.midreg.upstream.targets.HoldingTargetRouter;
import io.midreg.upstream.targets.UpstreamLeg;
import io.midreg.upstream.targets.UpstreamRoute;
import io.midreg.upstream.targets.UpstreamRouter;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar: one REGISTER in, read, one store operation to decide (and, when absorbed, to
 * record the refresh), then the answer: from the store, a refusal, or forwarding upstream
 * ({@link UpstreamForwarding}) whose 2xx alone commits ({@link UpstreamAnswers}). Called on
 * event loops; never blocks. Its collaborators are built by the composition root.
 */
public final class RegistrarService {
    private static final Logger log = LoggerFactory.getLogger(RegistrarService.class);

    private final LiveSettings live;
    private final BindingStore store;
    private final HoldingTargetRouter router;
    /** The cap on REGISTERs to the single upstream target; outlives reloads (they reconfigure it). */
    private final UpstreamPacer pacer;
    private final Tokens tokens;
    private final RegistrarStats stats;
    private final RegisterLatency latency;
    private final Replies replies;
    private final UpstreamForwarding forwarding;
    private final UpstreamAnswers answers;
    private final UpstreamDeregistrar deregistrar;
    private final OperatorActions operations;
    private final LongSupplier clock;
    /** Surrogate registration (AORs midreg holds credentials for), once enabled; null before. */
    private volatile SurrogateRegistrations surrogate;

    /**
     * @param router where each AOR's REGISTERs go; its single leg is swapped by {@link #reconfigure}
     * @param pacer  the single target's pacer (the router's single leg uses it)
     */
    public RegistrarService(LiveSettings live, BindingStore store, HoldingTargetRouter router, UpstreamPacer pacer, Tokens tokens,
                            RegistrarStats stats, RegisterLatency latency, Replies replies, UpstreamForwarding forwarding, UpstreamAnswers answers,
                            UpstreamDeregistrar deregistrar, OperatorActions operations, LongSupplier clock) {
        this.live = live;
        this.store = store;
        this.router = router;
        this.pacer = pacer;
        this.tokens = tokens;
        this.stats = stats;
        this.latency = latency;
        this.replies = replies;
        this.forwarding = forwarding;
        this.answers = answers;
        this.deregistrar = deregistrar;
        this.operations = operations;
        this.clock = clock;
    }

    /**
     * Sends each AOR's REGISTERs (relayed, de-registrations, operators') to the target
     * {@code route} selects for it, with that target's pacer, instead of the single relay.
     */
    public void useRoute(UpstreamRoute route) {
        router.useRoute(route);
    }

    /** The upstream targets in use, or null with the single {@code upstream.target}. */
    public UpstreamRoute route() {
        return router.route();
    }

    /** The upstream router REGISTERs (and calls) go through. */
    public UpstreamRouter router() {
        return router;
    }

    /** De-registers upstream what lapsed or was evicted locally (the reaper and the housekeeping thread drive it). */
    public UpstreamDeregistrar deregistrar() {
        return deregistrar;
    }

    /**
     * Turns surrogate registration on: REGISTERs for the AORs {@code factory}'s registrations
     * handle are authenticated and answered there, and their de-registrations and forced refreshes
     * go through them. The registrations may hold no AOR yet and get them on a reload.
     */
    public <S extends SurrogateRegistrations> S enableSurrogate(java.util.function.Function<RegistrarCore, S> factory) {
        // Every surrogate REGISTER (first, digest answer, 423 retry, refresh) goes to the AOR's target
        // and waits for that target's pacer like a relayed one.
        java.util.function.Function<String, UpstreamLeg> legFor = aor -> {
            UpstreamLeg leg = router.current(aor, clock.getAsLong());
            return leg != null ? leg : router.single();
        };
        S s = factory.apply(new RegistrarCore(store, tokens, live::settings, deregistrar, stats,
                (aor, now) -> TargetMove.via(router, aor, router.current(aor, now), now), legFor, clock));
        deregistrar.credentialed(s);
        operations.credentialed(s);
        surrogate = s;
        return s;
    }

    /** REGISTER handling times, absorbed and forwarded. */
    public RegisterLatency latency() {
        return latency;
    }

    /** What an operator may do through the admin API. */
    public RegistrarOperations operations() {
        return operations;
    }

    /**
     * Puts new settings and a new upstream relay in force for the REGISTERs that arrive from now
     * on; those already being handled finish with the old ones. The mode, Path insertion and
     * challenge window need a restart: they must be those in force.
     */
    public void reconfigure(RegistrarSettings settings, UpstreamRelay relay) {
        live.reconfigure(settings);
        router.single(new UpstreamLeg(relay, pacer));
    }

    /**
     * Where the early answers to refreshes the upstream is slow to answer are timed (a thread
     * that is not an event loop: an answer is a store operation). Without it, none is given.
     */
    public void answerEarlyOn(java.util.concurrent.ScheduledExecutorService timers) {
        forwarding.answerEarlyOn(timers);
    }

    /** The upstream pacer every forwarded REGISTER passes. */
    public UpstreamPacer pacer() {
        return pacer;
    }

    public RegistrarStats stats() {
        return stats;
    }

    /** The settings in force. */
    public RegistrarSettings settings() {
        return live.settings();
    }

    /** Where REGISTERs go upstream now (with several targets: the placeholder used before one is known). */
    public UpstreamRelay relay() {
        return router.single().relay();
    }

    /** REGISTERs relayed upstream and not yet answered (or timed out). */
    public int relaysInFlight() {
        return answers.inFlight();
    }

    /** Active AORs and device bindings (unexpired), by one pass over the store: for reports, not the hot path. */
    public ActiveCounts activeCounts() {
        long now = clock.getAsLong();
        long[] n = new long[2];
        store.forEach((aor, record) -> {
            long live = record.bindings().stream().filter(b -> b.expiresAt() > now).count();
            if (live > 0) {
                n[0]++;
                n[1] += live;
            }
        });
        return new ActiveCounts(n[0], n[1]);
    }

    /** @param aors AORs with at least one live binding; @param bindings live device bindings */
    public record ActiveCounts(long aors, long bindings) {
    }

    /** Handles a REGISTER server transaction: read, decide in one store operation, answer. */
    public void onRegister(ServerTransaction tx) {
        long startNanos = System.nanoTime();
        stats.received.increment();
        LiveSettings.InForce l = live.now();
        RegisterRequest req;
        try {
            req = l.reader().read(tx.request(), tx.flow());
        } catch (RejectedException e) {
            replies.reject(tx, e.rejection());
            return;
        }
        SurrogateRegistrations s = surrogate;
        if (s != null && l.settings().mode() != ThrottlingMode.MIRROR && s.handles(req.aor())) {
            s.onRegister(tx, req);
            return;
        }
        long now = clock.getAsLong();
        UpstreamLeg leg = router.current(req.aor(), now);
        if (leg == null) {
            replies.reject(tx, new Rejection(503, "Service Unavailable (no upstream target known)", List.<String[]>of(new String[] {"Retry-After", "30"}),
                    "no-upstream-target"));
            return;
        }
        UpstreamPacer legPacer = leg.pacer();
        TargetMove move = TargetMove.via(router, req.aor(), leg, now);
        Decision[] decided = new Decision[1];
        AorRecord written;
        UpstreamView upstream = UpstreamView.of(leg.relay().health(), now);
        try {
            written = store.update(req.aor(), current -> {
                // Non-blocking: a due refresh takes a token now or is absorbed (ThrottlingPolicy).
                Decision d = l.policy().decide(req, current, now, legPacer == null ? () -> true : legPacer::tryAcquire, upstream, move);
                decided[0] = d;
                return d instanceof Decision.Absorb a ? a.after() : current;
            });
        } catch (StoreException e) {
            log.warn("store refused {}: {}", req.aor(), e.getMessage());
            replies.reject(tx, new Rejection(503, "Service Unavailable (store)", List.<String[]>of(new String[] {"Retry-After", "30"}), "store"));
            return;
        }
        Decision d = decided[0];
        if (d instanceof Decision.Absorb a) {
            stats.absorbed.increment();
            if (a.paced()) stats.pacedAbsorbs.increment();
            if (a.survival()) stats.absorbedWhileDown.increment();
            // Stateless: a retransmission of this refresh is answered from the store again
            // (ThrottlingPolicy), so the transaction need not hold the answer for timer J.
            tx.sendFinalAndForget(RegistrarResponses.okBuilder(tx, written, now));
            latency.record(RegisterLatency.Outcome.ABSORBED, System.nanoTime() - startNanos);
        } else if (d instanceof Decision.Reject r) {
            replies.reject(tx, r.rejection());
        } else {
            Decision.Forward f = (Decision.Forward) d;
            // A removal goes where the binding is held while that target is up (it took no token here).
            UpstreamLeg to = !f.tokenHeld() && req.removesSomething() ? router.holding(req.aor(), HeldTarget.ofRemoval(req, f.current()), now) : leg;
            forwarding.forward(l, to == null ? leg : to, tx, req, f, now, startNanos);
        }
    }
}
