package io.midreg.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The admin API's bearer-token check. Without a configured token every request passes (the
 * config only allows that on a loopback address); with one, a request must carry
 * {@code Authorization: Bearer <token>}, compared in constant time.
 */
public final class BearerToken {
    private static final String SCHEME = "Bearer ";
    private final byte[] expected;

    /** @param token the configured token, or null for an open API */
    public BearerToken(String token) {
        this.expected = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    public boolean required() {
        return expected != null;
    }

    /** Whether a request with this Authorization header value (null when absent) may proceed. */
    public boolean admits(String authorization) {
        if (expected == null) return true;
        if (authorization == null || authorization.length() < SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        byte[] given = authorization.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
        // MessageDigest.isEqual does not stop at the first differing byte.
        return MessageDigest.isEqual(expected, given);
    }
}
