package io.midreg.registrar.surrogate;

import io.midreg.sip.auth.ChallengeSelector;
import io.midreg.sip.auth.DigestChallenge;
import io.midreg.sip.auth.DigestClient;
import io.midreg.sip.auth.DigestCredentials;
import io.midreg.sip.auth.DigestSession;
import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.upstream.RelayListener;
import io.midreg.upstream.UpstreamContact;
import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.targets.UpstreamLeg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs surrogate registration attempts: sends midreg's own REGISTER, answers one 401/407 with
 * digest (MD5 or SHA-256, the strongest offered), retries once with the Min-Expires of a 423,
 * and reports the outcome. A second challenge after an answer means the credentials are wrong
 * (unless it only says the nonce went stale, which gets one more answer): it is reported as
 * refused, never retried here, so a bad password costs the upstream two REGISTERs. Each REGISTER
 * of an attempt passes the gate (the upstream pacer). Never blocks; thread-safe.
 */
public final class SurrogateClient {
    /** Where an AOR's REGISTERs go: its target's relay, pacer and name. */
    private final Function<String, Route> routes;
    private final DigestClient digest;

    /** One upstream target for every AOR. */
    public SurrogateClient(Supplier<UpstreamRelay> relay, DigestClient digest, UpstreamGate gate) {
        this.routes = aor -> new Route(relay.get(), gate, "");
        this.digest = digest;
    }

    /** Several targets: each AOR's REGISTERs go through the relay and the pacer of its own target ({@code legs}). */
    public SurrogateClient(Function<String, UpstreamLeg> legs, DigestClient digest) {
        this.routes = aor -> Route.of(legs.apply(aor));
        this.digest = digest;
    }

    /** Starts an attempt at the AOR's current target; {@code listener} hears its outcome, on a transaction or pacer thread. */
    public void register(SurrogateRequest request, SurrogateListener listener) {
        Route route = routes.apply(request.aor());
        new Attempt(listener, route).submit(request, null, null);
    }

    /** As {@link #register}, for a caller that already holds the pacer's token for the first REGISTER. */
    public void registerNow(SurrogateRequest request, SurrogateListener listener) {
        new Attempt(listener, routes.apply(request.aor())).send(request, null, null);
    }

    /**
     * As {@link #registerNow}, at {@code leg} (the target that holds what is de-registered, whose
     * token the caller took) rather than the AOR's current target.
     */
    public void registerNow(SurrogateRequest request, UpstreamLeg leg, SurrogateListener listener) {
        new Attempt(listener, Route.of(leg)).send(request, null, null);
    }

    /** A target for one attempt: every REGISTER of it (the digest answer too) goes there. */
    private record Route(UpstreamRelay relay, UpstreamGate gate, String target) {
        static Route of(UpstreamLeg leg) {
            return new Route(leg.relay(), UpstreamGate.of(leg.pacer()), leg.target() == null ? "" : leg.target());
        }
    }

    /**
     * One attempt: at most an unauthenticated REGISTER, a digest answer, one stale re-answer and
     * one 423 retry, all to one target (the nonce is that target's).
     */
    private final class Attempt {
        private final SurrogateListener listener;
        private final Route route;
        private final String fromTag = Long.toHexString(ThreadLocalRandom.current().nextLong());
        private boolean answered;
        private boolean staleRetried;
        private boolean briefRetried;

        Attempt(SurrogateListener listener, Route route) {
            this.listener = listener;
            this.route = route;
        }

        void submit(SurrogateRequest r, String authHeader, String authorization) {
            route.gate().submit(() -> send(r, authHeader, authorization), why -> listener.onFailed(null, "not sent: " + why));
        }

        private void send(SurrogateRequest r, String authHeader, String authorization) {
            SipRequest[] sent = new SipRequest[1];
            try {
                // The request is kept when built, before it is sent: its answer (a challenge whose
                // digest needs the Request-URI) may come back on an event loop before sendOwn returns.
                route.relay().sendOwn((target, branch) -> sent[0] = SurrogateRegisterBuilder.build(r, target, branch, fromTag, authHeader,
                                authorization),
                        new RelayListener() {
                            @Override
                            public void onAccepted(SipResponse response) {
                                listener.onRegistered(response, r.cseq(), asked(r), route.target());
                            }

                            @Override
                            public void onChallenged(SipResponse response) {
                                try {
                                    challenged(r, sent[0], response);
                                } catch (RuntimeException e) {
                                    // the attempt must end with an outcome: devices of the AOR wait for it
                                    listener.onFailed(response, "cannot answer the challenge: " + e);
                                }
                            }

                            @Override
                            public void onRefused(SipResponse response) {
                                refused(r, response);
                            }

                            @Override
                            public void onNoAnswer(String why) {
                                listener.onFailed(null, why);
                            }
                        });
            } catch (RuntimeException e) {
                listener.onFailed(null, "cannot send: " + e.getMessage());
            }
        }

        private void challenged(SurrogateRequest r, SipRequest sent, SipResponse response) {
            boolean proxy = response.status() == 407;
            List<String> offered = proxy ? response.proxyAuthenticates() : response.wwwAuthenticates();
            DigestChallenge challenge = ChallengeSelector.strongest(offered, r.secret()).orElse(null);
            if (challenge == null) {
                listener.onCredentialsRefused(response, "no challenge midreg can answer with its credentials: " + offered);
                return;
            }
            if (answered) {
                if (!challenge.stale() || staleRetried) {
                    listener.onCredentialsRefused(response, "challenged again after answering (wrong credentials)");
                    return;
                }
                staleRetried = true;
            }
            answered = true;
            String uri = sent == null ? null : sent.requestUriText();
            DigestCredentials creds;
            try {
                creds = digest.answer(DigestSession.start(challenge).nextRequest(), r.secret(), "REGISTER", uri, null);
            } catch (IllegalArgumentException e) {
                listener.onCredentialsRefused(response, "cannot answer the challenge: " + e.getMessage());
                return;
            }
            String header = proxy ? HeaderName.PROXY_AUTHORIZATION.canonical() : HeaderName.AUTHORIZATION.canonical();
            submit(r.next(r.contacts()), header, creds.toHeaderValue());
        }

        private void refused(SurrogateRequest r, SipResponse response) {
            int s = response.status();
            if (s == 403 || s == 404) {
                listener.onCredentialsRefused(response, s + " " + response.reason());
                return;
            }
            if (s == 423 && !briefRetried && response.minExpires() > 0) {
                briefRetried = true;
                long min = response.minExpires();
                List<UpstreamContact> longer = new ArrayList<>(r.contacts().size());
                for (UpstreamContact c : r.contacts()) {
                    longer.add(c.expiresSeconds() == 0 ? c : new UpstreamContact(c.token(), Math.max(min, c.expiresSeconds())));
                }
                // A fresh challenge will come for the new request: it may be answered again.
                answered = false;
                submit(r.next(longer), null, null);
                return;
            }
            listener.onFailed(response, s + " " + response.reason());
        }
    }

    private static Map<String, Long> asked(SurrogateRequest r) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (UpstreamContact c : r.contacts()) m.put(c.token(), c.expiresSeconds());
        return m;
    }

    /** The delta-seconds of a Retry-After header, or 0 when absent or unreadable. */
    public static long retryAfterSeconds(SipResponse response) {
        String v = response.header("Retry-After");
        if (v == null) return 0;
        int end = 0;
        v = v.trim();
        while (end < v.length() && Character.isDigit(v.charAt(end))) end++;
        return end == 0 || end > 9 ? 0 : Long.parseLong(v.substring(0, end));
    }
}
