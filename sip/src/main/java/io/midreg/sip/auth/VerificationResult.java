package io.midreg.sip.auth;

/** Outcome of {@link DigestVerifier#verify}. Only {@link #OK} authenticates the request. */
public enum VerificationResult {
    /** Response correct, nonce genuine and fresh. */
    OK,
    /** Nonce genuine and fresh (or stale), but the response does not match: wrong password or tampered request. */
    WRONG_RESPONSE,
    /** Response correct but the nonce expired: challenge again with stale=true, the client retries silently. */
    STALE_NONCE,
    /** The nonce was not issued by us for this realm: challenge again (without stale). */
    BAD_NONCE,
    /** The credentials are for another realm. */
    REALM_MISMATCH,
    /** The credentials use another algorithm than the HA1 given was expected for. */
    ALGORITHM_MISMATCH,
    /** qop, cnonce or nc is absent although required (midreg always challenges with qop). */
    MISSING_PARAMETER,
    /** qop is neither auth nor auth-int. */
    UNSUPPORTED_QOP;

    /** True only for {@link #OK}. */
    public boolean isOk() {
        return this == OK;
    }
}
