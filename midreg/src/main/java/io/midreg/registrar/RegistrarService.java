package io.midreg.registrar;

import io.midreg.sip.message.MessageEditor;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transaction.ServerTransaction;
import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.BindingStore;
import io.midreg.store.StoreException;
import io.midreg.store.StoreFullException;
import io.midreg.upstream.RelayListener;
import io.midreg.upstream.UpstreamContact;
import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.health.RetryAfter;
import io.midreg.upstream.pacing.PacedSend;
import io.midreg.upstream.pacing.UpstreamPacer;
import io.midreg.upstream.targets.UpstreamLeg;
import io.midreg.upstream.targets.UpstreamRoute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar: one REGISTER in, one store operation to decide (and, when absorbed, to
 * record the refresh), then an answer from the store or a relay upstream whose 2xx alone
 * commits. Called on event loops; never blocks.
 */
public final class RegistrarService {
    private static final Logger log = LoggerFactory.getLogger(RegistrarService.class);

    private final BindingStore store;
    private final long storeCapacity;
    private final Tokens tokens;
    private final LongSupplier clock;
    private final RegistrarStats stats = new RegistrarStats();
    private final RegisterLatency latency = new RegisterLatency();
    private final OperatorActions operations;
    private final ChallengeTracker challenges;
    private final UpstreamDeregistrar deregistrar;
    /** aor mode: AORs whose due refresh is upstream now; their siblings' refreshes are absorbed meanwhile. */
    private final AorRefreshesInFlight refreshing = new AorRefreshesInFlight();
    /** The cap on REGISTERs to the upstream target; outlives reloads (they reconfigure it). */
    private final UpstreamPacer pacer;
    /** REGISTERs relayed upstream whose answer has not come back yet (a stop waits for them). */
    private final AtomicInteger relaysInFlight = new AtomicInteger();
    /** Surrogate registration (AORs midreg holds credentials for), once enabled; null before. */
    private volatile SurrogateRegistrations surrogate;
    /** The settings in force and what is built from them; a reload swaps it whole, each REGISTER reads it once. */
    private volatile Live live;
    /**
     * Several upstream targets: which one each AOR's REGISTERs go to, each with its own pacer.
     * Null with the single {@code upstream.target}: the relay in {@link Live} and {@link #pacer}.
     */
    private volatile UpstreamRoute route;
    private volatile java.util.concurrent.ScheduledExecutorService earlyAnswers;

    /** One consistent set of reloadable settings and the helpers built from them. */
    /** What is in force for a REGISTER; {@code single} is the one target's leg, built once (not per REGISTER). */
    private record Live(RegistrarSettings settings, RegisterReader reader, ThrottlingPolicy policy, BindingCommit commit, UpstreamRelay relay,
                        UpstreamLeg single) {
    }

    public RegistrarService(RegistrarSettings settings, BindingStore store, long storeCapacity, UpstreamRelay relay,
                            io.midreg.upstream.ContactToken tokenCodec, UpstreamPacer pacer, LongSupplier clock) {
        this.store = store;
        this.pacer = pacer;
        this.storeCapacity = storeCapacity;
        this.tokens = new Tokens(tokenCodec);
        this.clock = clock;
        this.challenges = new ChallengeTracker(settings.challengeWindow().toMillis(), clock);
        this.live = live(settings, relay);
        // Operator actions use the settings and relay in force when they run (a reload may swap them).
        // Both send to the target that holds the AOR's registration while it is available, else to its current one.
        this.operations = new OperatorActions(store, (aor, held) -> heldLeg(live, aor, held, clock.getAsLong()), () -> live.settings());
        this.deregistrar = new UpstreamDeregistrar(store, (aor, held) -> heldLeg(live, aor, held, clock.getAsLong()), () -> live.settings(), stats,
                clock);
    }

    /**
     * Sends each AOR's REGISTERs (relayed, de-registrations, operators') to the target
     * {@code route} selects for it, with that target's pacer, instead of the single relay.
     */
    public void useRoute(UpstreamRoute route) {
        this.route = route;
    }

    /** The upstream targets in use, or null with the single {@code upstream.target}. */
    public UpstreamRoute route() {
        return route;
    }

    /** The AOR's upstream target now, with its pacer; null when several targets are configured and none is known yet. */
    private UpstreamLeg leg(Live l, String aor, long now) {
        UpstreamRoute r = route;
        return r == null ? l.single() : r.select(aor, now);
    }

    /**
     * Where to send what concerns a registration held by the target named {@code held} (a
     * de-registration, an operator's action): that target while it is available, else the AOR's
     * current one (a binding left at a target that is out of service lapses there at its expiry).
     */
    private UpstreamLeg heldLeg(Live l, String aor, String held, long now) {
        UpstreamRoute r = route;
        if (r != null && held != null && !held.isEmpty()) {
            UpstreamLeg there = r.availableLeg(aor, held, now);
            if (there != null) return there;
        }
        return leg(l, aor, now);
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
            UpstreamLeg leg = leg(live, aor, clock.getAsLong());
            return leg != null ? leg : live.single();
        };
        S s = factory.apply(new RegistrarCore(store, tokens, () -> live.settings(), deregistrar, stats,
                (aor, now) -> TargetMove.of(route, aor, leg(live, aor, now), now), legFor, clock));
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

    private Live live(RegistrarSettings settings, UpstreamRelay relay) {
        return new Live(settings, new RegisterReader(new AorNormalizer(settings.domainAliases()), settings.expiry()),
                new ThrottlingPolicy(settings, challenges, refreshing), new BindingCommit(settings, tokens), relay, new UpstreamLeg(relay, pacer));
    }

    /**
     * Puts new settings and a new upstream relay in force for the REGISTERs that arrive from now
     * on; those already being handled finish with the old ones. The mode, Path insertion and
     * challenge window need a restart: they must be those in force.
     */
    public void reconfigure(RegistrarSettings settings, UpstreamRelay relay) {
        RegistrarSettings running = live.settings();
        if (settings.mode() != running.mode() || settings.pathInsertion() != running.pathInsertion()
                || !settings.challengeWindow().equals(running.challengeWindow())) {
            throw new IllegalArgumentException("mode, Path insertion and challenge window change only with a restart");
        }
        live = live(settings, relay);
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

    /** Where REGISTERs go upstream now. */
    public UpstreamRelay relay() {
        return live.relay();
    }

    /** REGISTERs relayed upstream and not yet answered (or timed out). */
    public int relaysInFlight() {
        return relaysInFlight.get();
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

    /** Handles a REGISTER server transaction. */
    public void onRegister(ServerTransaction tx) {
        long startNanos = System.nanoTime();
        stats.received.increment();
        Live l = live;
        RegisterRequest req;
        try {
            req = l.reader().read(tx.request(), tx.flow());
        } catch (RejectedException e) {
            reject(tx, e.rejection());
            return;
        }
        SurrogateRegistrations s = surrogate;
        if (s != null && l.settings().mode() != ThrottlingMode.MIRROR && s.handles(req.aor())) {
            s.onRegister(tx, req);
            return;
        }
        long now = clock.getAsLong();
        UpstreamLeg leg = leg(l, req.aor(), now);
        if (leg == null) {
            reject(tx, new Rejection(503, "Service Unavailable (no upstream target known)", List.<String[]>of(new String[] {"Retry-After", "30"}),
                    "no-upstream-target"));
            return;
        }
        UpstreamPacer legPacer = leg.pacer();
        TargetMove move = TargetMove.of(route, req.aor(), leg, now);
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
            reject(tx, new Rejection(503, "Service Unavailable (store)", List.<String[]>of(new String[] {"Retry-After", "30"}), "store"));
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
            reject(tx, r.rejection());
        } else {
            Decision.Forward f = (Decision.Forward) d;
            // A removal goes where the binding is held while that target is up (it took no token here).
            UpstreamLeg to = route != null && !f.tokenHeld() && req.removesSomething()
                    ? heldLeg(l, req.aor(), HeldTarget.ofRemoval(req, f.current()), now) : leg;
            forward(l, to == null ? leg : to, tx, req, f, now, startNanos);
        }
    }

    /**
     * Sends the REGISTER upstream once the pacer gives it a token: at once with the token taken
     * in the decision or one there now, else from the pacer's thread when one comes back. Past
     * the queue deadline the device gets 503 with Retry-After and nothing goes upstream (nothing
     * is committed either: commits happen only on the upstream's 2xx). The device's
     * retransmissions meanwhile are absorbed by its server transaction.
     */
    private void forward(Live l, UpstreamLeg leg, ServerTransaction tx, RegisterRequest req, Decision.Forward f, long now, long startNanos) {
        Runnable send = () -> send(l, leg, tx, req, f.current(), f.reason(), now, startNanos);
        UpstreamPacer pacer = leg.pacer();
        if (f.tokenHeld() || pacer == null) {
            boolean claimed = f.tokenHeld() && l.settings().mode() == ThrottlingMode.AOR;
            try {
                send.run();
            } catch (RuntimeException e) {
                if (claimed) refreshing.release(req.aor());
                throw e;
            }
            return;
        }
        pacer.submit(pacer.deadlineFromNow(), new PacedSend() {
            @Override
            public void send() {
                try {
                    send.run();
                } catch (RuntimeException e) {
                    log.warn("could not relay {} upstream: {}", req.aor(), e.toString());
                    reject(tx, Rejection.of(500, "Server Internal Error (relay failed)", "relay"));
                }
            }

            @Override
            public void fail(String why) {
                log.debug("not relaying {} upstream: {}", req.aor(), why);
                reject(tx, new Rejection(503, "Service Unavailable (upstream rate limit)",
                        List.<String[]>of(new String[] {"Retry-After", Long.toString(retryAfterSeconds(pacer))}), "upstream-paced"));
            }
        });
    }

    /**
     * When a device refused for the upstream rate should come back: after the queue in front of
     * it has drained, spread at random over as long again plus the queue deadline, so the
     * refused do not all return in the same second.
     */
    private static long retryAfterSeconds(UpstreamPacer pacer) {
        var s = pacer.settings();
        long drain = Math.max(1, (pacer.queued() + s.rate()) / s.rate());
        return drain + ThreadLocalRandom.current().nextLong(drain + Math.max(1, s.queueDeadline().toSeconds()) + 1);
    }

    private void send(Live l, UpstreamLeg leg, ServerTransaction tx, RegisterRequest req, AorRecord current, ForwardReason reason, long now, long startNanos) {
        RegistrarSettings settings = l.settings();
        int liveAfter = liveBindingsAfter(req, current, now);
        if (liveAfter > settings.maxContacts() && !settings.evictOldest()) {
            reject(tx, Rejection.of(403, "Forbidden (too many contacts, at most " + settings.maxContacts() + ")", "max-contacts"));
            return;
        }
        if (current == null && !req.removesSomething() && store.count() >= storeCapacity) {
            reject(tx, new Rejection(503, "Service Unavailable (registration store full)", List.<String[]>of(new String[] {"Retry-After", "60"}),
                    "store-full"));
            return;
        }
        Map<String, Long> asked = new HashMap<>(4);
        List<UpstreamContact> contacts = new ArrayList<>(Math.max(1, req.contacts().size()));
        if (settings.mode() == ThrottlingMode.AOR) {
            if (!req.contacts().isEmpty()) {
                String token = tokens.forAor(req.aor());
                long e = liveAfter == 0 ? 0 : upstreamLifetime(settings);
                contacts.add(new UpstreamContact(token, e));
                asked.put(token, e);
            }
        } else if (settings.pathInsertion()) {
            List<Long> lifetimes = new ArrayList<>(req.contacts().size());
            for (RequestedContact c : req.contacts()) {
                long e = upstreamLifetime(settings, c);
                lifetimes.add(e);
                asked.put(c.uri(), e);
            }
            stats.forwarded(reason);
            log.debug("forwarding REGISTER for {} ({}, Path)", req.aor(), reason);
            relayUpstream(l, leg, tx, req, reason, asked, startNanos,
                    outcome -> leg.relay().relayWithPath(tx.request(), tokens.forAor(req.aor()), lifetimes, req.wildcard(), outcome));
            return;
        } else {
            for (RequestedContact c : req.contacts()) {
                String token = tokens.forBinding(req.aor(), c.bindingKey());
                long e = upstreamLifetime(settings, c);
                contacts.add(new UpstreamContact(token, e));
                asked.put(token, e);
            }
        }
        stats.forwarded(reason);
        log.debug("forwarding REGISTER for {} ({})", req.aor(), reason);
        relayUpstream(l, leg, tx, req, reason, asked, startNanos, outcome -> leg.relay().relay(tx.request(), contacts, req.wildcard(), outcome));
    }

    /** Relays with {@code relay} (given the listener of the upstream's answer), counted in flight, and times the early answer. */
    private void relayUpstream(Live l, UpstreamLeg leg, ServerTransaction tx, RegisterRequest req, ForwardReason reason, Map<String, Long> asked,
                               long startNanos, java.util.function.Consumer<RelayListener> relay) {
        FirstAnswer first = new FirstAnswer();
        RelayListener outcome = outcome(l, leg, tx, req, asked, startNanos, first);
        relaysInFlight.incrementAndGet();
        try {
            relay.accept(outcome);
        } catch (RuntimeException e) {
            relaysInFlight.decrementAndGet();
            throw e;
        }
        answerEarlyIfSlow(l, tx, req, reason, first);
    }

    /**
     * A known device's refresh relayed upstream (due there, or moving to another target) whose
     * answer has not come within upstream.survival.answerWithin is answered from the store, as
     * while the target is down (at most the survival lifetime), so a slow or silent registrar
     * does not make the device's own transaction time out; the upstream's answer, when it comes,
     * is still committed. Off without a scheduler or with answerWithin 0.
     */
    private void answerEarlyIfSlow(Live l, ServerTransaction tx, RegisterRequest req, ForwardReason reason, FirstAnswer first) {
        java.util.concurrent.ScheduledExecutorService timers = earlyAnswers;
        long within = l.settings().answerWithin().toMillis();
        if (timers == null || within <= 0 || (reason != ForwardReason.UPSTREAM_DUE && reason != ForwardReason.TARGET_MOVED)) return;
        try {
            first.timer(timers.schedule(() -> {
                try {
                    if (first.give(() -> survive(l, tx, req, UpstreamView.downFor(1)))) {
                        stats.answeredEarly.increment();
                        log.debug("upstream slow for {}: its refresh answered from the store after {} ms", req.aor(), within);
                    }
                } catch (RuntimeException e) {
                    log.warn("could not answer {} from the store while the upstream is slow: {}", req.aor(), e.toString());
                }
            }, within, java.util.concurrent.TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: the upstream's answer (or its time-out) answers the device
        }
    }

    /**
     * Where the early answers to refreshes the upstream is slow to answer are timed (a thread
     * that is not an event loop: an answer is a store operation). Without it, none is given.
     */
    public void answerEarlyOn(java.util.concurrent.ScheduledExecutorService timers) {
        this.earlyAnswers = timers;
    }

    /**
     * What to do with the upstream's answer: commit on 2xx only, relay challenges and refusals,
     * 408 on silence; the device hears it unless {@code first} was given earlier (then a 2xx is
     * only committed).
     */
    private RelayListener outcome(Live l, UpstreamLeg leg, ServerTransaction tx, RegisterRequest req, Map<String, Long> asked, long startNanos,
                                  FirstAnswer first) {
        boolean aorMode = l.settings().mode() == ThrottlingMode.AOR;
        return new RelayListener() {
            @Override
            public void onAccepted(SipResponse response) {
                try {
                    accepted(response);
                } finally {
                    answered();
                }
            }

            /** The final answer went back to the device: the relay is over and its time is taken. */
            private void answered() {
                // any answer for the AOR ends a refresh claimed for it (the commit, if any, is done)
                if (aorMode) refreshing.release(req.aor());
                relaysInFlight.decrementAndGet();
                latency.record(RegisterLatency.Outcome.FORWARDED, System.nanoTime() - startNanos);
            }

            private void accepted(SipResponse response) {
                stats.upstreamFinal(response.status());
                challenges.settled(req.aor(), req.callId());
                long t = clock.getAsLong();
                AorRecord after;
                AorRecord[] before = new AorRecord[1];
                try {
                    UpstreamAcceptance acceptance = new UpstreamAcceptance(response);
                    after = store.update(req.aor(), cur -> {
                        before[0] = cur;
                        // records the target that accepted: later refreshes know where it is held
                        return l.commit().apply(req, cur, acceptance, t, asked, leg.target());
                    });
                } catch (StoreFullException e) {
                    // The upstream holds a registration we cannot keep; the device must try later.
                    first.give(() -> reject(tx, new Rejection(503, "Service Unavailable (registration store full)",
                            List.<String[]>of(new String[] {"Retry-After", "60"}), "store-full")));
                    return;
                } catch (StoreException | IllegalArgumentException e) {
                    log.warn("could not commit {} after upstream {}: {}", req.aor(), response.status(), e.toString());
                    first.give(() -> reject(tx, Rejection.of(500, "Server Internal Error (commit failed)", "commit")));
                    return;
                }
                if (!req.wildcard()) deregistrar.evicted(req.aor(), before[0], after, asked.keySet(), t);
                boolean answeredNow = first.give(() -> {
                    if (answerableFromStore(l.settings(), req)) {
                        // Stateless, as for an absorbed refresh: a late retransmission of this REGISTER
                        // matches the committed binding (same Call-ID, CSeq, flow) and is answered from the store.
                        tx.sendFinalAndForget(RegistrarResponses.okBuilder(tx, after, t));
                    } else {
                        tx.sendResponse(RegistrarResponses.ok(tx, after, t));
                    }
                    return true;
                });
                if (!answeredNow) log.debug("late upstream 2xx for {} committed (the device was answered from the store)", req.aor());
            }

            @Override
            public void onChallenged(SipResponse response) {
                try {
                    stats.upstreamFinal(response.status());
                    first.give(() -> {
                        challenges.challenged(req.aor(), req.callId());
                        tx.sendResponse(relayed(response));
                        return true;
                    });
                } finally {
                    answered();
                }
            }

            @Override
            public void onRefused(SipResponse response) {
                try {
                    stats.upstreamFinal(response.status());
                    // a known device's refresh outlives a failing upstream (survivability)
                    first.give(() -> {
                        if (response.status() >= 500 && survive(l, tx, req, UpstreamView.downFor(RetryAfter.seconds(response)))) return true;
                        tx.sendResponse(relayed(response));
                        return true;
                    });
                } finally {
                    answered();
                }
            }

            @Override
            public void onNoAnswer(String why) {
                try {
                    stats.upstreamTimeouts.increment();
                    log.debug("upstream gave no answer for {}: {}", req.aor(), why);
                    first.give(() -> {
                        if (survive(l, tx, req, UpstreamView.downFor(1))) return true;
                        tx.sendResponse(tx.newResponse(408, "Request Timeout (upstream did not answer)").toBytes());
                        return true;
                    });
                } finally {
                    answered();
                }
            }

            @Override
            public void onNotSent(long retryAfterSeconds) {
                try {
                    UpstreamView down = UpstreamView.downFor(retryAfterSeconds);
                    first.give(() -> survive(l, tx, req, down) || reject(tx, down.rejection()));
                } finally {
                    answered();
                }
            }
        };
    }

    /**
     * When the upstream could not take a relayed REGISTER (breaker open when it was to be sent,
     * time-out, 5xx): answers it from the store if it is a refresh of a known device, with the
     * survival lifetime (see {@link ThrottlingPolicy}), and returns true; false for anything else,
     * which then gets the upstream's failure. A second store operation, on the failure path only.
     */
    private boolean survive(Live l, ServerTransaction tx, RegisterRequest req, UpstreamView down) {
        long t = clock.getAsLong();
        Decision[] decided = new Decision[1];
        AorRecord written;
        try {
            written = store.update(req.aor(), cur -> {
                Decision d = l.policy().decide(req, cur, t, () -> false, down);
                decided[0] = d;
                return d instanceof Decision.Absorb a ? a.after() : cur;
            });
        } catch (StoreException e) {
            log.warn("store refused {} while the upstream is down: {}", req.aor(), e.getMessage());
            return false;
        }
        if (!(decided[0] instanceof Decision.Absorb a)) return false;
        stats.absorbed.increment();
        if (a.survival()) stats.absorbedWhileDown.increment();
        log.debug("upstream unavailable for {}: refresh answered here", req.aor());
        tx.sendResponse(RegistrarResponses.ok(tx, written, t));
        return true;
    }

    /**
     * Whether a retransmission of this accepted REGISTER would be answered from the store rather
     * than forwarded again: not in mirror mode (which forwards everything), and only when every
     * contact stays bound (a removal's retransmission would find nothing to match).
     */
    private static boolean answerableFromStore(RegistrarSettings settings, RegisterRequest req) {
        return settings.mode() != ThrottlingMode.MIRROR && !req.isQuery() && !req.removesSomething();
    }

    /** An upstream response for the device: the same, less midreg's own Via. */
    private static byte[] relayed(SipResponse response) {
        return MessageEditor.of(response).removeTopVia().toBytes();
    }

    /** What to ask upstream for one device contact: 0 stays 0; mirror mode passes the device's lifetime on. */
    private static long upstreamLifetime(RegistrarSettings settings, RequestedContact c) {
        if (c.expires() == 0) return 0;
        return settings.mode() == ThrottlingMode.MIRROR ? c.expires() : upstreamLifetime(settings);
    }

    /** The configured upstream lifetime, shortened at random by up to the deviation (spreads refreshes). */
    private static long upstreamLifetime(RegistrarSettings settings) {
        long e = settings.upstreamExpirySeconds();
        long spread = (long) (e * settings.expiryDeviation());
        return spread <= 0 ? e : e - ThreadLocalRandom.current().nextLong(spread + 1);
    }

    private static int liveBindingsAfter(RegisterRequest req, AorRecord current, long now) {
        if (req.wildcard()) return 0;
        Set<String> keys = new HashSet<>();
        if (current != null) {
            for (Binding b : current.bindings()) if (b.expiresAt() > now) keys.add(BindingMatcher.keyOf(b));
        }
        for (RequestedContact c : req.contacts()) {
            String matched = null;
            if (current != null) {
                for (Binding b : current.bindings()) {
                    if (b.expiresAt() > now && BindingMatcher.matches(b, c)) {
                        matched = BindingMatcher.keyOf(b);
                        break;
                    }
                }
            }
            String key = matched != null ? matched : c.bindingKey();
            if (c.expires() == 0) keys.remove(key);
            else keys.add(key);
        }
        return keys.size();
    }

    /** Answers {@code tx} with the rejection and counts it; true (it answered). */
    private boolean reject(ServerTransaction tx, Rejection r) {
        stats.rejected(r.counterKey());
        if (UpstreamView.REJECTED_WHILE_DOWN.equals(r.counterKey())) stats.rejectedWhileDown.increment();
        tx.sendResponse(RegistrarResponses.reject(tx, r));
        return true;
    }
}
