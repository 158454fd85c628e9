package io.midreg.registrar;

import io.midreg.sip.message.SipResponse;
import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.BindingStore;
import io.midreg.store.UpstreamState;
import io.midreg.upstream.RelayListener;
import io.midreg.upstream.UpstreamRegisterBuilder;
import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.health.RetryAfter;
import io.midreg.upstream.pacing.UpstreamPacer;
import io.midreg.upstream.targets.UpstreamLeg;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * De-registers upstream (Expires: 0) what midreg registered there for bindings that left without
 * telling upstream: devices that went silent (the reaper) and bindings evicted at the contact
 * limit. Sends asynchronously through the relay, a bounded number per pass on the housekeeping
 * thread, each with a token of the upstream pacer (taken only when no device REGISTER waits for one),
 * and none while the target's circuit breaker is open; time-outs and 5xx are retried with
 * exponential back-off and jitter, never before a Retry-After has run out, and a challenge or
 * another refusal is final at once (relay modes hold no credentials: no retry storm). A final
 * failure gives one WARN line per AOR and counts in {@link RegistrarStats}.
 */
public final class UpstreamDeregistrar implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(UpstreamDeregistrar.class);
    /** De-registrations sent per pass, so a mass expiry does not turn into a burst upstream. */
    static final int PER_PASS = 500;
    /** Pending de-registrations kept at most; beyond, they count as failed (the upstream binding then lapses). */
    static final int MAX_PENDING = 200_000;
    private static final long BASE_BACKOFF_MILLIS = 1000;
    private static final long MAX_BACKOFF_MILLIS = 60_000;

    private final BindingStore store;
    /**
     * (AOR, target holding the registration or "") to where its de-registration goes (relay and
     * pacer, null pacer: no cap): that target while available, else the AOR's current one; null when none is known.
     */
    private final BiFunction<String, String, UpstreamLeg> legs;
    private final Supplier<RegistrarSettings> settings;
    private final RegistrarStats stats;
    private final ConcurrentLinkedQueue<Job> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private volatile ScheduledExecutorService scheduler;
    private volatile int retries = 3;
    private final java.util.function.LongSupplier clock;
    /** De-registers the AORs midreg holds credentials for (surrogate registration), or null. */
    private volatile OwnRegistrations credentialed;

    /**
     * One de-registration: the AOR, the upstream Contact URIs to remove, what identifies each in
     * the store (token, or the device's Contact with Path insertion; same order), the attempt (0 =
     * first), and the target that holds them ("" when unknown).
     */
    private record Job(String aor, List<String> contactUris, List<String> keys, int attempt, String target) {
    }

    /** @param pacer the cap on REGISTERs upstream, or null for none */
    UpstreamDeregistrar(BindingStore store, Supplier<UpstreamRelay> relay, UpstreamPacer pacer, Supplier<RegistrarSettings> settings,
                        RegistrarStats stats) {
        this(store, relay, pacer, settings, stats, System::currentTimeMillis);
    }

    /** @param clock epoch ms, to ask the target's health whether it takes REGISTERs now */
    UpstreamDeregistrar(BindingStore store, Supplier<UpstreamRelay> relay, UpstreamPacer pacer, Supplier<RegistrarSettings> settings,
                        RegistrarStats stats, java.util.function.LongSupplier clock) {
        this(store, aor -> {
            UpstreamRelay r = relay.get();
            return r == null ? null : new UpstreamLeg(r, pacer);
        }, settings, stats, clock);
    }

    /**
     * @param legs  the AOR's upstream target when it is de-registered
     * @param clock epoch ms, to ask the target's health whether it takes REGISTERs now
     */
    UpstreamDeregistrar(BindingStore store, java.util.function.Function<String, UpstreamLeg> legs, Supplier<RegistrarSettings> settings,
                        RegistrarStats stats, java.util.function.LongSupplier clock) {
        this(store, (aor, held) -> legs.apply(aor), settings, stats, clock);
    }

    /**
     * @param legs  given the AOR and the target holding the registration ("" when unknown), where
     *              to de-register it: that target while it is available, else the AOR's current one
     * @param clock epoch ms, to ask the target's health whether it takes REGISTERs now
     */
    public UpstreamDeregistrar(BindingStore store, BiFunction<String, String, UpstreamLeg> legs, Supplier<RegistrarSettings> settings,
                        RegistrarStats stats, java.util.function.LongSupplier clock) {
        this.clock = clock;
        this.store = store;
        this.legs = legs;
        this.settings = settings;
        this.stats = stats;
    }

    /** Starts sending: the scheduler runs the retries' back-off; {@code retries} is how often a time-out or 5xx is tried again. */
    public void start(ScheduledExecutorService scheduler, int retries) {
        if (retries < 0) throw new IllegalArgumentException("retries must be at least 0");
        this.retries = retries;
        this.scheduler = scheduler;
    }

    /** From now on, AORs midreg holds credentials for are de-registered with them (challenges answered). */
    void credentialed(OwnRegistrations own) {
        this.credentialed = own;
    }

    /** The retries a failed de-registration gets (a reload may change them). */
    public void retries(int retries) {
        if (retries < 0) throw new IllegalArgumentException("retries must be at least 0");
        this.retries = retries;
    }

    /** De-registrations waiting to be sent. */
    public int pending() {
        return pendingCount.get();
    }

    /**
     * Device bindings that lapsed ({@code dropped}) and, in aor mode, the AOR's upstream
     * registration left without devices ({@code aorUpstream}, or null): what of them is still
     * registered upstream at {@code now} is queued for de-registration.
     */
    public void lapsed(String aor, Collection<Binding> dropped, UpstreamState aorUpstream, long now) {
        RegistrarSettings s = settings.get();
        if (s.mode() == ThrottlingMode.MIRROR) return; // devices de-register themselves through midreg
        // One job per target holding some of them (contact mode: bindings may have moved one by one).
        Map<String, Batch> byTarget = new LinkedHashMap<>();
        Set<String> keys = new HashSet<>();
        if (aorUpstream != null && aorUpstream.expiresAt() > now && keys.add(aorUpstream.token())) {
            byTarget.computeIfAbsent(aorUpstream.target(), t -> new Batch()).add(aorUpstream.token(), aorUpstream, null);
        }
        for (Binding b : dropped) {
            UpstreamState u = b.upstream();
            String key = u == null ? null : upstreamKey(b, s.pathInsertion());
            if (u == null || u.expiresAt() <= now || !keys.add(key)) continue;
            byTarget.computeIfAbsent(u.target(), t -> new Batch()).add(key, u, s.pathInsertion() ? b.contactUri() : null);
        }
        byTarget.forEach((target, batch) -> {
            UpstreamLeg leg = legs.apply(aor, target);
            if (leg == null) {
                stats.upstreamDeregisterFailures.increment();
                log.warn("upstream de-register of AOR failed: {}: no upstream target known", aor);
                return;
            }
            List<String> uris = new ArrayList<>(batch.keys.size());
            for (int i = 0; i < batch.keys.size(); i++) {
                String own = batch.deviceContacts.get(i);
                uris.add(own != null ? own : UpstreamRegisterBuilder.tokenContactUri(batch.tokens.get(i), leg.relay().target()));
            }
            enqueue(new Job(aor, uris, batch.keys, 0, target));
        });
    }

    /** What lapsed at one target: store keys, tokens and (Path insertion) the devices' own Contacts, in step. */
    private static final class Batch {
        final List<String> keys = new ArrayList<>();
        final List<String> tokens = new ArrayList<>();
        final List<String> deviceContacts = new ArrayList<>();

        void add(String key, UpstreamState u, String deviceContact) {
            keys.add(key);
            tokens.add(u.token());
            deviceContacts.add(deviceContact);
        }
    }

    /**
     * After a relayed REGISTER committed: bindings of {@code before} registered upstream that are
     * gone from {@code after} although the REGISTER did not name them (evicted at the contact
     * limit) are queued for de-registration. Contact mode only: in aor mode the AOR's Contact stays.
     */
    void evicted(String aor, AorRecord before, AorRecord after, Set<String> named, long now) {
        if (before == null || settings.get().mode() != ThrottlingMode.CONTACT) return;
        boolean path = settings.get().pathInsertion();
        Set<String> kept = new HashSet<>();
        if (after != null) for (Binding b : after.bindings()) kept.add(upstreamKey(b, path));
        List<Binding> gone = new ArrayList<>();
        for (Binding b : before.bindings()) {
            if (b.upstream() == null) continue;
            String key = upstreamKey(b, path);
            if (!kept.contains(key) && !named.contains(key)) gone.add(b);
        }
        if (!gone.isEmpty()) lapsed(aor, gone, null, now);
    }

    /** What identifies a binding upstream: midreg's token, or the device's own Contact with Path insertion. */
    private static String upstreamKey(Binding b, boolean path) {
        return path ? b.contactUri() : b.upstream() == null ? b.contactUri() : b.upstream().token();
    }

    private void enqueue(Job job) {
        if (pendingCount.incrementAndGet() > MAX_PENDING) {
            pendingCount.decrementAndGet();
            failed(job, "too many de-registrations pending");
            return;
        }
        pending.add(job);
    }

    /** One pass: sends up to {@link #PER_PASS} pending de-registrations. Runs on the housekeeping thread. */
    @Override
    public void run() {
        if (scheduler == null) return;
        for (int i = 0; i < PER_PASS; i++) {
            Job job = pending.poll();
            if (job == null) return;
            pendingCount.decrementAndGet();
            try {
                job = withoutReRegistered(job);
                if (job == null) continue;
                UpstreamLeg leg = legs.apply(job.aor(), job.target());
                if (leg == null) {
                    failed(job, "no upstream target known");
                    continue;
                }
                if (!leg.relay().health().available(clock.getAsLong())) {
                    // Nothing goes to a target whose breaker is open: the job waits, its attempts unspent.
                    enqueue(job);
                    continue;
                }
                if (leg.pacer() != null && !leg.pacer().tryAcquire()) {
                    enqueue(job); // the rate is used up (or devices wait for it): the next pass tries again
                    return;
                }
                send(leg, job);
            } catch (RuntimeException e) {
                failed(job, e.toString());
            }
        }
    }

    /**
     * The job less what the store holds again (the device came back and registered the same
     * binding, or the AOR has an upstream registration again): that must not be removed upstream.
     * Null when nothing is left. Reads the store: housekeeping thread only.
     */
    private Job withoutReRegistered(Job job) {
        AorRecord now = store.get(job.aor()).orElse(null);
        if (now == null) return job;
        boolean path = settings.get().pathInsertion();
        Set<String> held = new HashSet<>();
        if (now.upstream() != null) held.add(now.upstream().token());
        for (Binding b : now.bindings()) if (b.upstream() != null) held.add(upstreamKey(b, path));
        List<String> uris = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < job.keys().size(); i++) {
            if (held.contains(job.keys().get(i))) continue;
            uris.add(job.contactUris().get(i));
            keys.add(job.keys().get(i));
        }
        if (keys.size() == job.keys().size()) return job;
        log.debug("{}: {} of {} contacts registered again, not de-registered", job.aor(), job.keys().size() - keys.size(), job.keys().size());
        return keys.isEmpty() ? null : new Job(job.aor(), uris, keys, job.attempt(), job.target());
    }

    private void send(UpstreamLeg leg, Job job) {
        stats.upstreamDeregistrations.increment();
        RelayListener listener = new RelayListener() {
            @Override
            public void onAccepted(SipResponse response) {
                log.debug("upstream de-registered {} ({} contacts)", job.aor(), job.contactUris().size());
            }

            @Override
            public void onChallenged(SipResponse response) {
                failed(job, response.status() + " " + response.reason() + " (relay modes hold no credentials)");
            }

            @Override
            public void onRefused(SipResponse response) {
                String why = response.status() + " " + response.reason();
                if (response.status() >= 500) retryOrFail(job, why, RetryAfter.seconds(response));
                else failed(job, why);
            }

            @Override
            public void onNoAnswer(String why) {
                retryOrFail(job, why, 0);
            }

            @Override
            public void onNotSent(long retryAfterSeconds) {
                enqueue(job); // the breaker opened meanwhile: sent once it closes, attempt not spent
            }
        };
        OwnRegistrations own = credentialed;
        if (own != null && own.deregister(job.aor(), job.contactUris(), leg, listener)) return;
        leg.relay().deregister(job.aor(), job.contactUris(), UUID.randomUUID() + "@midreg", listener);
    }

    /** A retry after the back-off, and never before the target's Retry-After has run out. */
    private void retryOrFail(Job job, String why, long retryAfterSeconds) {
        ScheduledExecutorService s = scheduler;
        if (job.attempt() >= retries || s == null || s.isShutdown()) {
            failed(job, why + (job.attempt() > 0 ? " after " + (job.attempt() + 1) + " attempts" : ""));
            return;
        }
        long delay = Math.max(backoffMillis(job.attempt()),
                Math.min(retryAfterSeconds, io.midreg.upstream.health.BreakerSettings.MAX_RETRY_AFTER_SECONDS) * 1000);
        log.debug("upstream de-register of {} failed ({}), retry in {} ms", job.aor(), why, delay);
        try {
            s.schedule(() -> enqueue(new Job(job.aor(), job.contactUris(), job.keys(), job.attempt() + 1, job.target())), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            failed(job, why);
        }
    }

    /** Exponential back-off with full jitter in its upper half: 1 s, 2 s, 4 s... capped at a minute. */
    static long backoffMillis(int attempt) {
        long ceiling = Math.min(MAX_BACKOFF_MILLIS, BASE_BACKOFF_MILLIS << Math.min(attempt, 16));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    private void failed(Job job, String why) {
        stats.upstreamDeregisterFailures.increment();
        log.warn("upstream de-register of AOR failed: {}: {}", job.aor(), why);
    }
}
