package io.midreg.registrar;

import io.midreg.sip.message.MessageEditor;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transaction.ServerTransaction;
import io.midreg.store.AorRecord;
import io.midreg.store.BindingStore;
import io.midreg.store.StoreException;
import io.midreg.store.StoreFullException;
import io.midreg.upstream.RelayListener;
import io.midreg.upstream.health.RetryAfter;
import io.midreg.upstream.targets.UpstreamLeg;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the upstream's answer to a relayed REGISTER does: a 2xx alone commits to the store (and
 * answers the device from what was committed); a challenge is relayed and remembered; a refusal
 * or silence is relayed, unless the REGISTER was a known device's refresh, which survives it by
 * an answer from the store. Counts the relays in flight (a stop waits for them).
 */
public final class UpstreamAnswers {
    private static final Logger log = LoggerFactory.getLogger(UpstreamAnswers.class);

    private final BindingStore store;
    private final RegistrarStats stats;
    private final RegisterLatency latency;
    private final ChallengeTracker challenges;
    private final AorRefreshesInFlight refreshing;
    private final UpstreamDeregistrar deregistrar;
    private final Replies replies;
    private final LongSupplier clock;
    /** REGISTERs relayed upstream whose answer has not come back yet. */
    private final AtomicInteger inFlight = new AtomicInteger();

    public UpstreamAnswers(BindingStore store, RegistrarStats stats, RegisterLatency latency, ChallengeTracker challenges,
                           AorRefreshesInFlight refreshing, UpstreamDeregistrar deregistrar, Replies replies, LongSupplier clock) {
        this.store = store;
        this.stats = stats;
        this.latency = latency;
        this.challenges = challenges;
        this.refreshing = refreshing;
        this.deregistrar = deregistrar;
        this.replies = replies;
        this.clock = clock;
    }

    /** REGISTERs relayed upstream and not yet answered (or timed out). */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Runs {@code relay} (which sends the REGISTER upstream) with the listener of the upstream's
     * answer, counted in flight until that answer is handled.
     */
    void relay(LiveSettings.InForce l, UpstreamLeg leg, ServerTransaction tx, RegisterRequest req, Map<String, Long> asked, long startNanos,
               FirstAnswer first, java.util.function.Consumer<RelayListener> relay) {
        RelayListener outcome = listener(l, leg, tx, req, asked, startNanos, first);
        inFlight.incrementAndGet();
        try {
            relay.accept(outcome);
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            throw e;
        }
    }

    /**
     * What to do with the upstream's answer: commit on 2xx only, relay challenges and refusals,
     * 408 on silence; the device hears it unless {@code first} was given earlier (then a 2xx is
     * only committed).
     */
    private RelayListener listener(LiveSettings.InForce l, UpstreamLeg leg, ServerTransaction tx, RegisterRequest req, Map<String, Long> asked,
                                   long startNanos, FirstAnswer first) {
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
                inFlight.decrementAndGet();
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
                    first.give(() -> replies.reject(tx, new Rejection(503, "Service Unavailable (registration store full)",
                            List.<String[]>of(new String[] {"Retry-After", "60"}), "store-full")));
                    return;
                } catch (StoreException | IllegalArgumentException e) {
                    log.warn("could not commit {} after upstream {}: {}", req.aor(), response.status(), e.toString());
                    first.give(() -> replies.reject(tx, Rejection.of(500, "Server Internal Error (commit failed)", "commit")));
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
                    first.give(() -> survive(l, tx, req, down) || replies.reject(tx, down.rejection()));
                } finally {
                    answered();
                }
            }
        };
    }

    /**
     * When the upstream could not take a relayed REGISTER (breaker open when it was to be sent,
     * time-out, 5xx, or slow: see {@link UpstreamForwarding}): answers it from the store if it is
     * a refresh of a known device, with the survival lifetime (see {@link ThrottlingPolicy}), and
     * returns true; false for anything else, which then gets the upstream's failure. A second
     * store operation, on the failure path only.
     */
    boolean survive(LiveSettings.InForce l, ServerTransaction tx, RegisterRequest req, UpstreamView down) {
        return survive(l, tx, req, down, () -> { });
    }

    /** As above; {@code counted} runs just before the answer leaves, so whoever sees the answer sees it counted. */
    boolean survive(LiveSettings.InForce l, ServerTransaction tx, RegisterRequest req, UpstreamView down, Runnable counted) {
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
        counted.run();
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
}
