package io.midreg.sip.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Answers Digest challenges (client side, RFC 7616 §3.4): midreg registering upstream. Picks qop=auth when offered,
 * else auth-int, else (challenge without qop) RFC 2069 style; draws a fresh cnonce for every request. Thread-safe
 * if the SecureRandom is (the JDK's are).
 */
public final class DigestClient {

    private static final int CNONCE_BYTES = 16;

    private final SecureRandom random;

    /** @param random source of cnonces */
    public DigestClient(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Credentials for a request sent with the session's challenge and nonce count.
     *
     * @param session    state after {@link DigestSession#nextRequest()} (nc &ge; 1)
     * @param secret     password or HA1
     * @param method     SIP method, e.g. REGISTER
     * @param requestUri the Request-URI, used as digest-uri
     * @param body       entity body, hashed only for qop=auth-int; null means no body (hashed as empty)
     * @throws IllegalArgumentException if nc is 0, the secret cannot answer this realm/algorithm, or the challenge
     *                                  offers no qop this client implements (see {@link #canAnswer})
     */
    public DigestCredentials answer(DigestSession session, DigestSecret secret, String method, String requestUri,
            byte[] body) {
        return answer(session, secret, method, requestUri, body, newCnonce());
    }

    /** Same as {@link #answer(DigestSession, DigestSecret, String, String, byte[])} with a given cnonce (tests). */
    DigestCredentials answer(DigestSession session, DigestSecret secret, String method, String requestUri,
            byte[] body, String cnonce) {
        if (session.nc() == 0) {
            throw new IllegalArgumentException("nc is 0: call DigestSession.nextRequest() before answering");
        }
        DigestChallenge challenge = session.challenge();
        DigestAlgorithm algorithm = challenge.algorithm();
        String ha1 = secret.ha1Hex(algorithm, challenge.realm()).orElseThrow(() -> new IllegalArgumentException(
                "secret has no HA1 for realm '" + challenge.realm() + "' and " + algorithm.token()));
        String qop = chooseQop(challenge);
        boolean needsCnonce = qop != null || algorithm.isSession();
        String usedCnonce = needsCnonce ? cnonce : null;
        long nc = qop != null ? session.nc() : 0;
        String ncHex = Hex.formatNonceCount(nc);
        byte[] response = ResponseDigest.compute(algorithm, ha1, challenge.nonce(), ncHex, usedCnonce, qop, method,
                requestUri, body);
        String username = challenge.userhash()
                // RFC 7616 §3.4.4: username = H(unq(username) ":" unq(realm))
                ? algorithm.base().hexDigest(secret.username(), challenge.realm())
                : secret.username();
        return new DigestCredentials(username, challenge.realm(), challenge.nonce(), requestUri,
                Hex.encode(response), algorithm, usedCnonce, challenge.opaque(), qop, nc, challenge.userhash(),
                List.of());
    }

    /** True if this client can answer {@code challenge} with {@code secret} (right realm/hash, a usable qop). */
    public static boolean canAnswer(DigestChallenge challenge, DigestSecret secret) {
        return secret.ha1Hex(challenge.algorithm(), challenge.realm()).isPresent()
                && (challenge.qopOptions().isEmpty() || challenge.offersQop("auth")
                        || challenge.offersQop("auth-int"));
    }

    private static String chooseQop(DigestChallenge challenge) {
        if (challenge.qopOptions().isEmpty()) {
            return null; // RFC 2069 compatibility: the server did not ask for qop
        }
        if (challenge.offersQop("auth")) {
            return "auth";
        }
        if (challenge.offersQop("auth-int")) {
            return "auth-int";
        }
        throw new IllegalArgumentException("challenge offers no supported qop");
    }

    private String newCnonce() {
        byte[] bytes = new byte[CNONCE_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
