package io.midreg.sip.auth;

import java.util.Objects;

/**
 * Client state for one upstream registration: the challenge being answered and the nonce count of the last request
 * sent with it. Immutable, so it can be kept with the rest of the upstream registration state; each transition
 * returns a new value.
 *
 * <pre>
 *   session = DigestSession.start(challenge);            // after a 401/407
 *   session = session.nextRequest();                     // nc = 1, 2, 3 ... on every (re)REGISTER
 *   creds   = client.answer(session, secret, "REGISTER", uri, null);
 *   session = session.onChallenge(newChallenge);         // on the next 401/407 (stale or not)
 * </pre>
 *
 * @param challenge the challenge whose nonce is reused
 * @param nc        nonce count of the last request answered with it; 0 before the first
 */
public record DigestSession(DigestChallenge challenge, long nc) {

    /** Validates the count range. */
    public DigestSession {
        Objects.requireNonNull(challenge, "challenge");
        if (nc < 0 || nc > DigestCredentials.MAX_NC) {
            throw new IllegalArgumentException("nc out of range: " + nc);
        }
    }

    /** State right after a first challenge: nothing sent with its nonce yet. */
    public static DigestSession start(DigestChallenge challenge) {
        return new DigestSession(challenge, 0);
    }

    /**
     * State after a further challenge. A new nonce (including every stale=true challenge) restarts the count; the
     * same nonce repeated keeps counting, since a server tracking nc would take a restart as a replay.
     */
    public DigestSession onChallenge(DigestChallenge next) {
        boolean sameNonce = !next.stale() && next.nonce().equals(challenge.nonce());
        return new DigestSession(next, sameNonce ? nc : 0);
    }

    /** State for the next request with this nonce: nc + 1. */
    public DigestSession nextRequest() {
        if (nc == DigestCredentials.MAX_NC) {
            throw new IllegalStateException("nonce count exhausted; a new challenge is needed");
        }
        return new DigestSession(challenge, nc + 1);
    }
}
