package io.midreg.sip.auth;

import io.midreg.sip.auth.DigestParseException.Reason;
import java.util.List;
import java.util.Objects;

/**
 * Digest credentials: the value of an Authorization or Proxy-Authorization header (RFC 7616 §3.4, RFC 3261 §25).
 *
 * @param username   user name, or its hash when {@code userhash} is true
 * @param realm      realm the credentials are for
 * @param nonce      the server nonce being answered
 * @param uri        digest-uri (the Request-URI in SIP)
 * @param response   the request-digest, hex
 * @param algorithm  algorithm; an absent parameter means MD5
 * @param cnonce     client nonce, or null (required with qop)
 * @param opaque     echoed opaque, or null
 * @param qop        chosen qop ({@code auth} or {@code auth-int}), or null for RFC 2069 style credentials
 * @param nc         nonce count, 1 to 0xFFFFFFFF; 0 means absent (only without qop)
 * @param userhash   true if {@code username} is H(username:realm)
 * @param extensions unknown parameters, kept in order
 */
public record DigestCredentials(
        String username,
        String realm,
        String nonce,
        String uri,
        String response,
        DigestAlgorithm algorithm,
        String cnonce,
        String opaque,
        String qop,
        long nc,
        boolean userhash,
        List<AuthParam> extensions) {

    /** The largest nonce count expressible in 8 hex digits. */
    public static final long MAX_NC = 0xFFFF_FFFFL;

    private static final List<String> KNOWN = List.of(
            "username", "realm", "nonce", "uri", "response", "algorithm", "cnonce", "opaque", "qop", "nc",
            "userhash");

    /** Validates required fields and that nothing would break the header when written. */
    public DigestCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(algorithm, "algorithm");
        extensions = List.copyOf(extensions);
        if (nc < 0 || nc > MAX_NC) {
            throw new IllegalArgumentException("nc out of range: " + nc);
        }
        if (qop != null && !AuthParam.isToken(qop)) {
            throw new IllegalArgumentException("qop is not a token");
        }
        for (String value : new String[] {username, realm, nonce, uri, response, cnonce, opaque}) {
            if (value != null) {
                AuthParam.requireNoControlCharacters(value, "credential parameter");
            }
        }
    }

    /**
     * Parses an Authorization / Proxy-Authorization value. Only syntax and presence are checked here; whether the
     * response is right (and whether qop, cnonce and nc fit together) is {@link DigestVerifier}'s job.
     *
     * @throws DigestParseException if malformed, not Digest (reason NOT_DIGEST_SCHEME), missing username, realm,
     *                              nonce, uri or response, with an nc that is not 8 hex digits, or of an unsupported
     *                              algorithm
     */
    public static DigestCredentials parse(String headerValue) throws DigestParseException {
        return from(AuthParams.parse(headerValue));
    }

    /** Interprets already split auth-params; see {@link #parse(String)}. */
    public static DigestCredentials from(AuthParams params) throws DigestParseException {
        params.requireDigest();
        String qop = params.valueOrNull("qop");
        if (qop != null && !AuthParam.isToken(qop)) {
            throw new DigestParseException(Reason.INVALID_PARAMETER, "parameter 'qop' is not a token");
        }
        return new DigestCredentials(
                params.required("username"),
                params.required("realm"),
                params.required("nonce"),
                params.required("uri"),
                params.required("response"),
                DigestAlgorithm.parse(params.valueOrNull("algorithm")),
                params.valueOrNull("cnonce"),
                params.valueOrNull("opaque"),
                qop,
                parseNonceCount(params.valueOrNull("nc")),
                "true".equalsIgnoreCase(params.valueOrNull("userhash")),
                params.paramsOtherThan(KNOWN));
    }

    /** The header value, starting {@code Digest }; nc is written as 8 hex digits. */
    public String toHeaderValue() {
        HeaderValueWriter writer = new HeaderValueWriter(AuthParams.DIGEST)
                .quoted("username", username)
                .quoted("realm", realm)
                .quoted("nonce", nonce)
                .quoted("uri", uri)
                .quoted("response", response)
                .token("algorithm", algorithm.token())
                .quoted("cnonce", cnonce)
                .quoted("opaque", opaque)
                .token("qop", qop)
                .token("nc", nc == 0 ? null : ncHex())
                .token("userhash", userhash ? "true" : null);
        extensions.forEach(writer::param);
        return writer.toString();
    }

    /** nc as on the wire and in the digest: 8 lower-case hex digits. */
    public String ncHex() {
        return Hex.formatNonceCount(nc);
    }

    private static long parseNonceCount(String value) throws DigestParseException {
        if (value == null) {
            return 0;
        }
        long nc = 0;
        if (value.length() == 8) {
            for (int i = 0; i < 8; i++) {
                char c = value.charAt(i);
                int digit = c < 0x80 ? Character.digit(c, 16) : -1;
                if (digit < 0) {
                    nc = -1;
                    break;
                }
                nc = nc << 4 | digit;
            }
        }
        if (value.length() != 8 || nc <= 0) {
            throw new DigestParseException(Reason.INVALID_PARAMETER,
                    "parameter 'nc' must be 8 hex digits from 00000001");
        }
        return nc;
    }
}
