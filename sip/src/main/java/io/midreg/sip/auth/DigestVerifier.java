package io.midreg.sip.auth;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * Checks Digest credentials against a stored HA1 (server side, midreg challenging devices), for one realm, with
 * nonces from a {@link NonceService} issued for the algorithm of their challenge
 * ({@link NonceService#issue(String, DigestAlgorithm)}): an answer verifies only against the challenge it answered.
 * Stateless and thread-safe.
 *
 * <p>Not checked here: that {@code creds.uri()} designates the request's Request-URI (the caller compares URIs with
 * the SIP URI rules), and nonce-count replay within a nonce's lifetime (see {@link NonceService}: no server state).
 */
public final class DigestVerifier {

    private static final byte[] NO_BODY = new byte[0];

    private final NonceService nonces;
    private final String realm;

    /**
     * @param nonces the service that issued the nonces of our challenges
     * @param realm  the realm we challenge with
     */
    public DigestVerifier(NonceService nonces, String realm) {
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.realm = Objects.requireNonNull(realm, "realm");
    }

    /** As {@link #verify(DigestCredentials, String, byte[], String, DigestAlgorithm)} for a request without body. */
    public VerificationResult verify(DigestCredentials creds, String method, String ha1Hex,
            DigestAlgorithm algorithm) {
        return verify(creds, method, NO_BODY, ha1Hex, algorithm);
    }

    /**
     * Verifies credentials.
     *
     * @param creds     parsed Authorization / Proxy-Authorization
     * @param method    the request's method (the CSeq method for ACK/CANCEL rules is the caller's business)
     * @param body      the request's body, used for qop=auth-int; null means empty
     * @param ha1Hex    stored H(username:realm:password) for {@code algorithm.base()}, see {@link Ha1}
     * @param algorithm the algorithm we challenged with
     * @throws IllegalArgumentException if {@code ha1Hex} is not hex of the algorithm's length (a configuration error)
     */
    public VerificationResult verify(DigestCredentials creds, String method, byte[] body, String ha1Hex,
            DigestAlgorithm algorithm) {
        String ha1 = Hex.normalize(ha1Hex, algorithm.digestLength());
        if (ha1 == null) {
            throw new IllegalArgumentException("HA1 must be " + algorithm.hexLength() + " hex digits for "
                    + algorithm.token());
        }
        String qop = creds.qop();
        // We always offer qop; credentials without it would be an RFC 2069 downgrade losing cnonce and nc.
        if (qop == null || creds.cnonce() == null || creds.nc() == 0) {
            return VerificationResult.MISSING_PARAMETER;
        }
        if (!qop.equalsIgnoreCase("auth") && !qop.equalsIgnoreCase("auth-int")) {
            return VerificationResult.UNSUPPORTED_QOP;
        }
        if (!realm.equals(creds.realm())) {
            return VerificationResult.REALM_MISMATCH;
        }
        if (creds.algorithm() != algorithm) {
            return VerificationResult.ALGORITHM_MISMATCH;
        }
        // The nonce names the challenge it came with: an answer must use that challenge's algorithm.
        NonceStatus nonceStatus = nonces.check(creds.nonce(), realm, algorithm);
        if (nonceStatus == NonceStatus.INVALID) {
            return VerificationResult.BAD_NONCE;
        }
        byte[] expected = ResponseDigest.compute(algorithm, ha1, creds.nonce(), creds.ncHex(), creds.cnonce(), qop,
                method, creds.uri(), body);
        byte[] received = Hex.decode(creds.response(), algorithm.digestLength());
        // Constant-time comparison: timing must not reveal how many leading bytes of a guess were right.
        if (received == null || !MessageDigest.isEqual(expected, received)) {
            return VerificationResult.WRONG_RESPONSE;
        }
        // RFC 7616 §3.3: stale only when the response was right, so the client retries without asking the user.
        return nonceStatus == NonceStatus.STALE ? VerificationResult.STALE_NONCE : VerificationResult.OK;
    }
}
