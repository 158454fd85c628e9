package io.midreg.registrar.surrogate;

import io.midreg.registrar.BindingMatcher;
import io.midreg.registrar.RegisterRequest;
import io.midreg.registrar.RegistrarCore;
import io.midreg.registrar.RegistrarResponses;
import io.midreg.registrar.RegistrarSettings;
import io.midreg.registrar.RegistrarStats;
import io.midreg.registrar.Rejection;
import io.midreg.registrar.SurrogateRegistrations;
import io.midreg.registrar.TargetMove;
import io.midreg.registrar.ThrottlingMode;
import io.midreg.registrar.Tokens;
import io.midreg.registrar.UpstreamAcceptance;
import io.midreg.registrar.UpstreamDeregistrar;
import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.ResponseBuilder;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transaction.ServerTransaction;
import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.BindingStore;
import io.midreg.store.StoreException;
import io.midreg.store.UpstreamState;
import io.midreg.store.UpstreamStatus;
import io.midreg.upstream.RelayListener;
import io.midreg.upstream.UpstreamContact;
import io.midreg.upstream.targets.UpstreamLeg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Surrogate registration: for AORs midreg holds credentials for, devices are
 * authenticated and answered here ({@link SurrogatePolicy}), and midreg registers upstream in its
 * own name — its own Call-ID and CSeq, its token Contacts, digest answers from the credentials —
 * when the AOR or a binding first needs it, and on its own schedule after that
 * ({@link SurrogateScheduler}). The upstream refusing the credentials puts the AOR in the
 * {@link NegativeCache}: its devices get 503 with Retry-After and nothing more goes upstream
 * until the entry runs out. Event-loop safe: one store update per device REGISTER, the rest
 * asynchronous.
 */
public final class SurrogateRegistrar implements SurrogateRegistrations {
    private static final Logger log = LoggerFactory.getLogger(SurrogateRegistrar.class);
    /** Retry-After for a device when the upstream did not say (time-out, 5xx without it). */
    static final long DEFAULT_RETRY_AFTER_SECONDS = 30;

    private final BindingStore store;
    private final Tokens tokens;
    private final Supplier<RegistrarSettings> settings;
    private final Credentials credentials;
    private final LocalAuthenticator auth;
    private final NegativeCache negative;
    private final SurrogateClient client;
    /** Whether a registration held at a target must move to the AOR's current one (failover); per AOR and instant. */
    private final BiFunction<String, Long, TargetMove> moves;
    private final UpstreamDeregistrar deregistrar;
    private final RegistrarStats registrarStats;
    private final LongSupplier clock;
    private final SurrogateStats stats = new SurrogateStats();
    private final SurrogateSchedule schedule = new SurrogateSchedule();
    private final SurrogateScheduler scheduler;
    /**
     * AORs with a registration for a device in flight upstream, and the device REGISTERs waiting
     * for it: each is decided again once it succeeded (null), or refused as it was. One
     * registration at a time per AOR: five phones of a user coming back at once make one
     * upstream REGISTER (aor mode), not five racing on the same Call-ID and CSeq.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, List<Consumer<Rejection>>> registering = new java.util.concurrent.ConcurrentHashMap<>();
    /** upstream.survival.newDevices: provisional — accept an authenticated device while the upstream does not answer. */
    private volatile boolean provisional;

    /** Surrogate registration on {@code core} (the registrar service's store, tokens, settings...), through {@code client} upstream. */
    public SurrogateRegistrar(RegistrarCore core, Credentials credentials, LocalAuthenticator auth, NegativeCache negative, SurrogateClient client) {
        this.store = core.store();
        this.tokens = core.tokens();
        this.settings = core.settings();
        this.credentials = credentials;
        this.auth = auth;
        this.negative = negative;
        this.client = client;
        this.deregistrar = core.deregistrar();
        this.registrarStats = core.stats();
        this.moves = core.moves();
        this.clock = core.clock();
        this.scheduler = new SurrogateScheduler(this, store, clock);
    }

    /** What refreshes the surrogate registrations on midreg's own schedule (run it on the housekeeping thread). */
    public SurrogateScheduler scheduler() {
        return scheduler;
    }

    /** Whether authenticated devices are accepted provisionally while the upstream is down (a reload may change it). */
    public void provisional(boolean on) {
        this.provisional = on;
    }

    double settingsMargin() {
        return settings.get().refreshMargin();
    }

    public SurrogateStats stats() {
        return stats;
    }

    public Credentials credentials() {
        return credentials;
    }

    public NegativeCache negativeCache() {
        return negative;
    }

    SurrogateSchedule schedule() {
        return schedule;
    }

    @Override
    public boolean handles(String aor) {
        return credentials.lookup(aor).isPresent();
    }

    @Override
    public void onRegister(ServerTransaction tx, RegisterRequest req) {
        SurrogateCredential cred = credentials.lookup(req.aor()).orElse(null);
        if (cred == null) throw new IllegalStateException("not a surrogate AOR: " + req.aor());
        LocalAuthenticator.Outcome proof = auth.check(tx.request(), cred);
        if (proof.failed()) {
            stats.localAuthFailed(proof);
            log.debug("device credentials for {} refused: {}", req.aor(), proof.reason());
        }
        boolean authenticated = proof == LocalAuthenticator.Outcome.OK;
        if (authenticated) stats.localAuthenticated.increment();
        long now = clock.getAsLong();
        SurrogatePolicy policy = new SurrogatePolicy(settings.get(), provisional);
        SurrogatePolicy.Outcome[] decided = new SurrogatePolicy.Outcome[1];
        AorRecord written;
        try {
            written = store.update(req.aor(), cur -> {
                SurrogatePolicy.Outcome o = policy.decide(req, cur, now, authenticated, proof == LocalAuthenticator.Outcome.STALE);
                decided[0] = o;
                return o instanceof SurrogatePolicy.Local l ? l.after() : cur;
            });
        } catch (StoreException e) {
            log.warn("store refused {}: {}", req.aor(), e.getMessage());
            reject(tx, unavailable("Service Unavailable (store)", 30, "store"));
            return;
        }
        SurrogatePolicy.Outcome o = decided[0];
        if (o instanceof SurrogatePolicy.Challenge c) {
            stats.localChallenges.increment();
            ResponseBuilder b = tx.newResponse(401, "Unauthorized");
            for (String v : auth.challenges(cred, c.stale())) b.header(HeaderName.WWW_AUTHENTICATE, v);
            tx.sendResponse(b.toBytes());
        } else if (o instanceof SurrogatePolicy.Reject r) {
            reject(tx, r.rejection());
        } else if (o instanceof SurrogatePolicy.Local l) {
            registrarStats.countAbsorbed();
            tx.sendResponse(RegistrarResponses.ok(tx, written, now));
            if (!l.removed().isEmpty() || l.aorUpstreamRemoved() != null) deregistrar.lapsed(req.aor(), l.removed(), l.aorUpstreamRemoved(), now);
            // Held at a target that failed: the scheduler registers it at the current one on its next pass (paced).
            if (mustMove(req.aor(), written, now)) schedule.at(req.aor(), now);
        } else {
            register(tx, req, cred, (SurrogatePolicy.Register) o, now);
        }
    }

    /** The AOR or a binding needs an upstream registration before the device is accepted: midreg registers it now. */
    private void register(ServerTransaction tx, RegisterRequest req, SurrogateCredential cred, SurrogatePolicy.Register r, long now) {
        long held = negative.remainingMillis(req.aor(), now);
        if (held > 0) {
            stats.negativeCacheAnswers.increment();
            reject(tx, unavailable("Service Unavailable (upstream refused midreg's credentials for this AOR)", (held + 999) / 1000, "surrogate-refused"));
            return;
        }
        boolean[] first = new boolean[1];
        registering.compute(req.aor(), (aor, waiting) -> {
            if (waiting == null) {
                first[0] = true;
                return new ArrayList<>(2);
            }
            waiting.add(refused -> {
                if (refused == null) onRegister(tx, req);
                else reject(tx, refused);
            });
            return waiting;
        });
        if (!first[0]) return; // decided again when the registration in flight ends
        if (!Objects.equals(store.get(req.aor()).orElse(null), r.current())) {
            // Another device's registration of this AOR ended between this decision and now (it
            // committed, then released the AOR): decide again on what it left, rather than register twice.
            released(req.aor(), null);
            onRegister(tx, req);
            return;
        }
        RegistrarSettings s = settings.get();
        List<UpstreamContact> contacts = new ArrayList<>();
        if (s.mode() == ThrottlingMode.AOR) {
            contacts.add(new UpstreamContact(tokens.forAor(req.aor()), upstreamLifetime(s)));
        } else {
            for (Binding b : r.applied().kept()) {
                if (!SurrogatePolicy.valid(b.upstream(), now)) contacts.add(new UpstreamContact(tokens.forBinding(req.aor(), BindingMatcher.keyOf(b)), upstreamLifetime(s)));
            }
        }
        SurrogateRequest up;
        try {
            up = new SurrogateRequest(req.aor(), callIdOf(r.current()), nextCseq(r.current()), contacts, List.of(), cred.secret());
        } catch (RuntimeException e) {
            log.warn("cannot build the surrogate REGISTER of {}: {}", req.aor(), e.toString());
            Rejection failed = Rejection.of(500, "Server Internal Error (surrogate registration)", "surrogate-failed");
            reject(tx, failed);
            released(req.aor(), failed);
            return;
        }
        stats.registers.increment();
        log.debug("surrogate REGISTER for {} ({} contacts)", req.aor(), contacts.size());
        client.register(up, new SurrogateListener() {
            @Override
            public void onRegistered(SipResponse response, long lastCseq, Map<String, Long> asked, String target) {
                stats.registered.increment();
                registrarStats.upstreamFinal(response.status());
                long t = clock.getAsLong();
                SurrogatePolicy policy = new SurrogatePolicy(settings.get());
                UpstreamAcceptance acceptance = new UpstreamAcceptance(response);
                List<Binding>[] removed = newRemovedHolder();
                AorRecord after;
                try {
                    after = store.update(req.aor(), cur -> {
                        SurrogatePolicy.Applied a = policy.apply(req, cur, t);
                        removed[0] = a.removed();
                        return withUpstream(req.aor(), a.kept(), cur, acceptance, asked, up.callId(), lastCseq, t, target);
                    });
                } catch (StoreException | IllegalArgumentException e) {
                    log.warn("could not commit {} after the surrogate registration: {}", req.aor(), e.toString());
                    Rejection failed = Rejection.of(500, "Server Internal Error (commit failed)", "commit");
                    reject(tx, failed);
                    released(req.aor(), failed);
                    return;
                }
                scheduleFrom(req.aor(), after, t);
                tx.sendResponse(RegistrarResponses.ok(tx, after, t));
                if (!removed[0].isEmpty()) deregistrar.lapsed(req.aor(), removed[0], null, t);
                released(req.aor(), null);
            }

            @Override
            public void onCredentialsRefused(SipResponse response, String why) {
                refusedCredentials(req.aor(), response, why);
                Rejection refused = unavailable("Service Unavailable (upstream refused midreg's credentials for this AOR)",
                        negative.hold().toSeconds(), "surrogate-refused");
                reject(tx, refused);
                released(req.aor(), refused);
            }

            @Override
            public void onFailed(SipResponse response, String why) {
                stats.failures.increment();
                if (response != null) registrarStats.upstreamFinal(response.status());
                else registrarStats.countUpstreamTimeout();
                log.debug("surrogate registration of {} failed: {}", req.aor(), why);
                if (provisional && (response == null || response.status() >= 500) && acceptProvisionally(tx, req, up, response, why)) {
                    released(req.aor(), null);
                    return;
                }
                long retry = response == null ? 0 : SurrogateClient.retryAfterSeconds(response);
                Rejection failed = unavailable("Service Unavailable (upstream: " + io.midreg.sip.message.Sanitize.reason(why) + ")",
                        retry > 0 ? retry : DEFAULT_RETRY_AFTER_SECONDS, "surrogate-failed");
                reject(tx, failed);
                released(req.aor(), failed);
            }
        });
    }

    /**
     * The upstream is down (no answer, 5xx): the device, authenticated here, is accepted now and
     * its registration is owed to the upstream (a pending state the scheduler retries with
     * back-off until it is accepted). Returns false when the commit failed (the device then gets
     * the failure).
     */
    private boolean acceptProvisionally(ServerTransaction tx, RegisterRequest req, SurrogateRequest up, SipResponse response, String why) {
        long t = clock.getAsLong();
        SurrogatePolicy policy = new SurrogatePolicy(settings.get(), true);
        int status = response == null ? 0 : response.status();
        AorRecord after;
        try {
            after = store.update(req.aor(), cur -> {
                SurrogatePolicy.Applied a = policy.apply(req, cur, t);
                if (a.kept().isEmpty()) return cur;
                boolean aorMode = settings.get().mode() == ThrottlingMode.AOR;
                List<Binding> bindings = new ArrayList<>(a.kept().size());
                for (Binding b : a.kept()) {
                    bindings.add(aorMode || SurrogatePolicy.valid(b.upstream(), t) ? b
                            : b.withUpstream(owed(tokens.forBinding(req.aor(), BindingMatcher.keyOf(b)), up, status, why, t)));
                }
                UpstreamState aorUp = null;
                if (aorMode) {
                    aorUp = cur != null && SurrogatePolicy.valid(cur.upstream(), t) ? cur.upstream() : owed(tokens.forAor(req.aor()), up, status, why, t);
                }
                return new AorRecord(bindings, aorUp);
            });
        } catch (StoreException | IllegalArgumentException e) {
            log.warn("could not accept {} provisionally: {}", req.aor(), e.toString());
            return false;
        }
        stats.provisional.increment();
        log.info("upstream down ({}): {} accepted provisionally, its registration will follow", io.midreg.sip.message.Sanitize.reason(why), req.aor());
        scheduleFrom(req.aor(), after, t);
        tx.sendResponse(RegistrarResponses.ok(tx, after, t));
        return true;
    }

    /** A registration owed to the upstream: same Call-ID, CSeq past what the failed attempt may have used. */
    private static UpstreamState owed(String token, SurrogateRequest up, int status, String why, long now) {
        return new UpstreamState(token, 0, now, up.callId(), up.cseq() + 3, UpstreamStatus.REGISTERING, status, why, List.of(), List.of());
    }

    /** The registration of {@code aor} for a device ended: the REGISTERs waiting for it are decided again, or refused alike. */
    private void released(String aor, Rejection refused) {
        List<Consumer<Rejection>> waiting = registering.remove(aor);
        if (waiting == null) return;
        for (Consumer<Rejection> w : waiting) {
            try {
                w.accept(refused);
            } catch (RuntimeException e) {
                log.warn("could not answer a REGISTER of {} that waited for its registration: {}", aor, e.toString());
            }
        }
    }

    /**
     * Refreshes upstream, in one REGISTER, every upstream registration the record holds (the
     * AOR's, or each binding's), with midreg's Call-ID and the next CSeq. {@code done} hears
     * whether the upstream accepted.
     */
    void refresh(String aor, SurrogateCredential cred, AorRecord record, Consumer<Boolean> done) {
        RegistrarSettings s = settings.get();
        long now = clock.getAsLong();
        List<UpstreamContact> contacts = new ArrayList<>();
        if (held(record.upstream(), now)) contacts.add(new UpstreamContact(record.upstream().token(), upstreamLifetime(s)));
        for (Binding b : record.bindings()) {
            if (held(b.upstream(), now)) contacts.add(new UpstreamContact(b.upstream().token(), upstreamLifetime(s)));
        }
        if (contacts.isEmpty()) {
            done.accept(true);
            return;
        }
        SurrogateRequest up = new SurrogateRequest(aor, callIdOf(record), nextCseq(record), contacts, List.of(), cred.secret());
        stats.refreshes.increment();
        log.debug("surrogate refresh of {} ({} contacts)", aor, contacts.size());
        client.register(up, new SurrogateListener() {
            @Override
            public void onRegistered(SipResponse response, long lastCseq, Map<String, Long> asked, String target) {
                stats.registered.increment();
                registrarStats.upstreamFinal(response.status());
                long t = clock.getAsLong();
                UpstreamAcceptance acceptance = new UpstreamAcceptance(response);
                AorRecord after;
                try {
                    after = store.update(aor, cur -> cur == null ? null : refreshed(cur, acceptance, asked, up.callId(), lastCseq, t, target));
                } catch (StoreException | IllegalArgumentException e) {
                    log.warn("could not record the surrogate refresh of {}: {}", aor, e.toString());
                    done.accept(false);
                    return;
                }
                scheduleFrom(aor, after, t);
                done.accept(true);
            }

            @Override
            public void onCredentialsRefused(SipResponse response, String why) {
                refusedCredentials(aor, response, why);
                done.accept(false);
            }

            @Override
            public void onFailed(SipResponse response, String why) {
                stats.failures.increment();
                if (response != null) registrarStats.upstreamFinal(response.status());
                else registrarStats.countUpstreamTimeout();
                log.info("surrogate refresh of {} failed: {}", aor, why);
                done.accept(false);
            }
        });
    }

    private void refusedCredentials(String aor, SipResponse response, String why) {
        stats.credentialsRefused.increment();
        registrarStats.upstreamFinal(response.status());
        negative.add(aor, why, clock.getAsLong());
    }

    /**
     * Whether {@code r} holds an upstream registration at a target that is out of service while
     * the AOR's current target is up: it is registered there now rather than at its refresh time.
     */
    boolean mustMove(String aor, AorRecord r, long now) {
        if (r == null) return false;
        TargetMove move = moves.apply(aor, now);
        if (move == TargetMove.NEVER) return false;
        if (r.upstream() != null && move.needed(r.upstream().target())) return true;
        for (Binding b : r.bindings()) if (b.upstream() != null && move.needed(b.upstream().target())) return true;
        return false;
    }

    /** Looks at the AOR again at its next refresh time. */
    void scheduleFrom(String aor, AorRecord after, long now) {
        long at = SurrogateSchedule.nextRefresh(after, settings.get().refreshMargin(), now);
        if (at == Long.MAX_VALUE) schedule.remove(aor);
        else schedule.reset(aor, at);
    }

    @Override
    public boolean refreshNow(String aor) {
        if (!handles(aor)) return false;
        scheduler.force(aor);
        return true;
    }

    @Override
    public boolean deregister(String aor, List<String> contactUris, UpstreamLeg leg, RelayListener listener) {
        SurrogateCredential cred = credentials.lookup(aor).orElse(null);
        if (cred == null) return false;
        long held = negative.remainingMillis(aor, clock.getAsLong());
        if (held > 0) {
            listener.onNoAnswer("not sent: the upstream refused midreg's credentials for it " + (held / 1000) + " s ago or less (negative cache)");
            return true;
        }
        stats.deregistrations.increment();
        SurrogateRequest up = new SurrogateRequest(aor, UUID.randomUUID() + "@midreg", 1, List.of(), contactUris, cred.secret());
        SurrogateListener l = new SurrogateListener() {
            @Override
            public void onRegistered(SipResponse response, long lastCseq, Map<String, Long> asked, String target) {
                listener.onAccepted(response);
            }

            @Override
            public void onCredentialsRefused(SipResponse response, String why) {
                refusedCredentials(aor, response, why);
                if (response.status() == 401 || response.status() == 407) listener.onChallenged(response);
                else listener.onRefused(response);
            }

            @Override
            public void onFailed(SipResponse response, String why) {
                if (response == null) listener.onNoAnswer(why);
                else listener.onRefused(response);
            }
        };
        client.registerNow(up, leg, l);
        return true;
    }

    /** The record after the device's REGISTER, with the upstream registrations the 2xx granted. */
    private AorRecord withUpstream(String aor, List<Binding> kept, AorRecord cur, UpstreamAcceptance acceptance, Map<String, Long> asked,
                                   String callId, long cseq, long now, String target) {
        if (kept.isEmpty()) return null;
        boolean aorMode = settings.get().mode() == ThrottlingMode.AOR;
        List<Binding> bindings = new ArrayList<>(kept.size());
        for (Binding b : kept) {
            String token = aorMode ? null : tokens.forBinding(aor, BindingMatcher.keyOf(b));
            if (token != null && asked.containsKey(token)) {
                bindings.add(b.withUpstream(granted(token, acceptance, asked, callId, cseq, now, target)));
            } else {
                bindings.add(b);
            }
        }
        UpstreamState aorUp = null;
        if (aorMode) {
            String token = tokens.forAor(aor);
            aorUp = asked.containsKey(token) ? granted(token, acceptance, asked, callId, cseq, now, target) : cur == null ? null : cur.upstream();
        }
        return new AorRecord(bindings, aorUp);
    }

    /** The record with the refreshed upstream registrations; those gone from it meanwhile stay gone. */
    private static AorRecord refreshed(AorRecord cur, UpstreamAcceptance acceptance, Map<String, Long> asked, String callId, long cseq, long now,
                                       String target) {
        List<Binding> bindings = new ArrayList<>(cur.bindings().size());
        for (Binding b : cur.bindings()) {
            UpstreamState u = b.upstream();
            bindings.add(u != null && asked.containsKey(u.token()) ? b.withUpstream(granted(u.token(), acceptance, asked, callId, cseq, now, target)) : b);
        }
        UpstreamState aorUp = cur.upstream();
        if (aorUp != null && asked.containsKey(aorUp.token())) aorUp = granted(aorUp.token(), acceptance, asked, callId, cseq, now, target);
        return new AorRecord(bindings, aorUp);
    }

    /**
     * What the 2xx granted {@code token}, held by {@code target} (so a refresh or de-registration
     * goes where it is); a Contact the upstream dropped (0 s) counts as lapsed (the reaper forgets it).
     */
    private static UpstreamState granted(String token, UpstreamAcceptance acceptance, Map<String, Long> asked, String callId, long cseq, long now,
                                         String target) {
        long seconds = acceptance.grantedSeconds(token, asked.get(token));
        UpstreamStatus status = seconds > 0 ? UpstreamStatus.REGISTERED : UpstreamStatus.FAILED;
        return new UpstreamState(token, now + seconds * 1000, now, callId, cseq, status, acceptance.status(), null, acceptance.serviceRoute(),
                acceptance.replayHeaders(), target);
    }

    /** An upstream registration to refresh: valid, or owed since a provisional acceptance. */
    private static boolean held(UpstreamState u, long now) {
        return SurrogatePolicy.valid(u, now) || SurrogatePolicy.pending(u);
    }

    /** midreg's Call-ID for the AOR upstream: the one in use (RFC 3261 §10.2.4: the same across refreshes), else a new one. */
    private static String callIdOf(AorRecord r) {
        if (r != null) {
            if (r.upstream() != null) return r.upstream().callId();
            for (Binding b : r.bindings()) if (b.upstream() != null) return b.upstream().callId();
        }
        return UUID.randomUUID() + "@midreg";
    }

    /** The CSeq after the highest midreg used for the AOR upstream. */
    private static long nextCseq(AorRecord r) {
        long max = 0;
        if (r != null) {
            if (r.upstream() != null) max = r.upstream().cseq();
            for (Binding b : r.bindings()) if (b.upstream() != null) max = Math.max(max, b.upstream().cseq());
        }
        return max + 1;
    }

    /** The configured upstream lifetime, shortened at random by up to the deviation (spreads refreshes). */
    private static long upstreamLifetime(RegistrarSettings s) {
        long e = s.upstreamExpirySeconds();
        long spread = (long) (e * s.expiryDeviation());
        return spread <= 0 ? e : e - ThreadLocalRandom.current().nextLong(spread + 1);
    }

    @SuppressWarnings("unchecked")
    private static List<Binding>[] newRemovedHolder() {
        return (List<Binding>[]) new List[] {List.of()};
    }

    private static Rejection unavailable(String reason, long retryAfterSeconds, String counterKey) {
        return new Rejection(503, reason, List.<String[]>of(new String[] {"Retry-After", Long.toString(Math.max(1, retryAfterSeconds))}), counterKey);
    }

    private void reject(ServerTransaction tx, Rejection r) {
        registrarStats.rejected(r.counterKey());
        tx.sendResponse(RegistrarResponses.reject(tx, r));
    }
}
