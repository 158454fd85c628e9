package io.midreg.sip.auth;

/**
 * An authentication header value that cannot be used: malformed syntax, another scheme than Digest, a missing
 * mandatory parameter or an unsupported algorithm. The message says what is wrong; it names parameters and
 * positions but never echoes parameter values (they may be secrets or attacker-chosen log noise).
 */
public final class DigestParseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the value was rejected, so a registrar can choose between 400, a fresh challenge or ignoring it. */
    public enum Reason {
        /** Not auth-param syntax (unterminated quote, missing '=', control character, duplicate parameter...). */
        MALFORMED,
        /** Longer than {@link AuthParams#MAX_LENGTH}: no legitimate digest header is that long. */
        TOO_LONG,
        /** Well-formed scheme token, but not Digest (RFC 4475 §3.3.7): ignore it or challenge. */
        NOT_DIGEST_SCHEME,
        /** A parameter the Digest scheme requires is absent. */
        MISSING_PARAMETER,
        /** A parameter has a value outside its grammar (e.g. nc not 8 hex digits). */
        INVALID_PARAMETER,
        /** The algorithm parameter names an algorithm this package does not implement. */
        UNSUPPORTED_ALGORITHM
    }

    private final Reason reason;

    DigestParseException(Reason reason, String message) {
        // No stack trace: rejecting garbage from the network is normal flow, not a bug, and must stay cheap.
        super(message, null, false, false);
        this.reason = reason;
    }

    /** Why the value was rejected. */
    public Reason reason() {
        return reason;
    }
}
