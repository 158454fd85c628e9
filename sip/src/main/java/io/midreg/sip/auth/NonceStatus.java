package io.midreg.sip.auth;

/** Outcome of {@link NonceService#check(String, String)}. */
public enum NonceStatus {
    /** Issued by this service (same secret) for this realm, within its validity. */
    VALID,
    /** Genuine but older than the validity: answer a correct response with a new challenge with stale=true. */
    STALE,
    /** Not ours: bad signature, other realm, wrong length or encoding, or dated in the future. */
    INVALID
}
