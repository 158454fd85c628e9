package io.midreg.registrar;

import io.midreg.sip.transaction.ServerTransaction;
import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.BindingStore;
import io.midreg.upstream.RelayListener;
import io.midreg.upstream.UpstreamContact;
import io.midreg.upstream.pacing.PacedSend;
import io.midreg.upstream.pacing.UpstreamPacer;
import io.midreg.upstream.targets.UpstreamLeg;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a REGISTER the registrar decided to forward upstream: waits for the target's pacer,
 * checks what the store can take, builds midreg's Contacts (a signed token per binding, one per
 * AOR in aor mode, the device's own with Path), asks for the upstream lifetime, relays, and
 * answers a known device's refresh from the store when the upstream is slow. What the answer
 * does is {@link UpstreamAnswers}' job.
 */
public final class UpstreamForwarding {
    private static final Logger log = LoggerFactory.getLogger(UpstreamForwarding.class);

    private final BindingStore store;
    private final long storeCapacity;
    private final Tokens tokens;
    private final RegistrarStats stats;
    private final Replies replies;
    private final UpstreamAnswers answers;
    private final AorRefreshesInFlight refreshing;
    private volatile ScheduledExecutorService earlyAnswers;

    public UpstreamForwarding(BindingStore store, long storeCapacity, Tokens tokens, RegistrarStats stats, Replies replies, UpstreamAnswers answers,
                              AorRefreshesInFlight refreshing) {
        this.store = store;
        this.storeCapacity = storeCapacity;
        this.tokens = tokens;
        this.stats = stats;
        this.replies = replies;
        this.answers = answers;
        this.refreshing = refreshing;
    }

    /**
     * Where the early answers to refreshes the upstream is slow to answer are timed (a thread
     * that is not an event loop: an answer is a store operation). Without it, none is given.
     */
    public void answerEarlyOn(ScheduledExecutorService timers) {
        this.earlyAnswers = timers;
    }

    /**
     * Sends the REGISTER upstream once the pacer gives it a token: at once with the token taken
     * in the decision or one there now, else from the pacer's thread when one comes back. Past
     * the queue deadline the device gets 503 with Retry-After and nothing goes upstream (nothing
     * is committed either: commits happen only on the upstream's 2xx). The device's
     * retransmissions meanwhile are absorbed by its server transaction.
     */
    void forward(LiveSettings.InForce l, UpstreamLeg leg, ServerTransaction tx, RegisterRequest req, Decision.Forward f, long now, long startNanos) {
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
                    replies.reject(tx, Rejection.of(500, "Server Internal Error (relay failed)", "relay"));
                }
            }

            @Override
            public void fail(String why) {
                log.debug("not relaying {} upstream: {}", req.aor(), why);
                replies.reject(tx, new Rejection(503, "Service Unavailable (upstream rate limit)",
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

    private void send(LiveSettings.InForce l, UpstreamLeg leg, ServerTransaction tx, RegisterRequest req, AorRecord current, ForwardReason reason,
                      long now, long startNanos) {
        RegistrarSettings settings = l.settings();
        int liveAfter = liveBindingsAfter(req, current, now);
        if (liveAfter > settings.maxContacts() && !settings.evictOldest()) {
            replies.reject(tx, Rejection.of(403, "Forbidden (too many contacts, at most " + settings.maxContacts() + ")", "max-contacts"));
            return;
        }
        if (current == null && !req.removesSomething() && store.count() >= storeCapacity) {
            replies.reject(tx, new Rejection(503, "Service Unavailable (registration store full)", List.<String[]>of(new String[] {"Retry-After", "60"}),
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

    /** Relays with {@code relay} (given the listener of the upstream's answer) and times the early answer. */
    private void relayUpstream(LiveSettings.InForce l, UpstreamLeg leg, ServerTransaction tx, RegisterRequest req, ForwardReason reason,
                               Map<String, Long> asked, long startNanos, java.util.function.Consumer<RelayListener> relay) {
        FirstAnswer first = new FirstAnswer();
        answers.relay(l, leg, tx, req, asked, startNanos, first, relay);
        answerEarlyIfSlow(l, tx, req, reason, first);
    }

    /**
     * A known device's refresh relayed upstream (due there, or moving to another target) whose
     * answer has not come within upstream.survival.answerWithin is answered from the store, as
     * while the target is down (at most the survival lifetime), so a slow or silent registrar
     * does not make the device's own transaction time out; the upstream's answer, when it comes,
     * is still committed. Off without a scheduler or with answerWithin 0.
     */
    private void answerEarlyIfSlow(LiveSettings.InForce l, ServerTransaction tx, RegisterRequest req, ForwardReason reason, FirstAnswer first) {
        ScheduledExecutorService timers = earlyAnswers;
        long within = l.settings().answerWithin().toMillis();
        if (timers == null || within <= 0 || (reason != ForwardReason.UPSTREAM_DUE && reason != ForwardReason.TARGET_MOVED)) return;
        try {
            first.timer(timers.schedule(() -> {
                try {
                    if (first.give(() -> answers.survive(l, tx, req, UpstreamView.downFor(1), stats.answeredEarly::increment))) {
                        log.debug("upstream slow for {}: its refresh answered from the store after {} ms", req.aor(), within);
                    }
                } catch (RuntimeException e) {
                    log.warn("could not answer {} from the store while the upstream is slow: {}", req.aor(), e.toString());
                }
            }, within, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            // stopping: the upstream's answer (or its time-out) answers the device
        }
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
}
