package io.midreg.sip.auth;

/**
 * The request-digest of RFC 7616 §3.4.1 (RFC 2617 §3.2.2.1), shared by client and verifier so both sides hash
 * exactly the same bytes:
 * <pre>
 *   HA1 = stored H(user:realm:password), or for -sess H(HA1:nonce:cnonce)
 *   HA2 = H(method:uri), or for qop=auth-int H(method:uri:H(body))
 *   response = H(HA1:nonce:nc:cnonce:qop:HA2), or without qop H(HA1:nonce:HA2)
 * </pre>
 */
final class ResponseDigest {

    private static final byte[] NO_BODY = new byte[0];

    private ResponseDigest() {
    }

    /**
     * @param storedHa1Hex lower-case hex of H(user:realm:password) for {@code algorithm.base()}
     * @param qop          null, "auth" or "auth-int" (the caller has rejected anything else)
     * @param ncHex        8 hex digits, ignored without qop
     * @param body         entity body for auth-int; null means empty
     */
    static byte[] compute(DigestAlgorithm algorithm, String storedHa1Hex, String nonce, String ncHex, String cnonce,
            String qop, String method, String uri, byte[] body) {
        DigestHasher hasher = new DigestHasher(algorithm);
        hasher.add(method).add(uri);
        if ("auth-int".equalsIgnoreCase(qop)) {
            hasher.addHex(algorithm.newMessageDigest().digest(body == null ? NO_BODY : body));
        }
        byte[] ha2 = hasher.finish();
        byte[] sessionHa1 = algorithm.isSession()
                ? hasher.add(storedHa1Hex).add(nonce).add(cnonce).finish()
                : null;
        if (sessionHa1 != null) {
            hasher.addHex(sessionHa1);
        } else {
            hasher.add(storedHa1Hex);
        }
        hasher.add(nonce);
        if (qop != null) {
            hasher.add(ncHex).add(cnonce).add(qop);
        }
        return hasher.addHex(ha2).finish();
    }
}
