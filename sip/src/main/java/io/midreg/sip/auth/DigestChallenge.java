package io.midreg.sip.auth;

import io.midreg.sip.auth.DigestParseException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Digest challenge: the value of a WWW-Authenticate or Proxy-Authenticate header (RFC 7616 §3.3, RFC 3261 §25).
 *
 * @param realm      realm (required)
 * @param domain     URIs of the protection space, possibly empty
 * @param nonce      server nonce (required)
 * @param opaque     opaque value the client must echo, or null
 * @param stale      true if the previous request had a valid response but an expired nonce
 * @param algorithm  algorithm; an absent parameter means MD5
 * @param qopOptions offered qop values (e.g. {@code auth}); empty for an RFC 2069 style challenge
 * @param charset    charset parameter (only "UTF-8" is defined), or null
 * @param userhash   true if the server supports hashed user names (RFC 7616 §3.4.4)
 * @param extensions unknown parameters, kept in order
 */
public record DigestChallenge(
        String realm,
        List<String> domain,
        String nonce,
        String opaque,
        boolean stale,
        DigestAlgorithm algorithm,
        List<String> qopOptions,
        String charset,
        boolean userhash,
        List<AuthParam> extensions) {

    private static final List<String> KNOWN = List.of(
            "realm", "domain", "nonce", "opaque", "stale", "algorithm", "qop", "charset", "userhash");

    /** Validates required fields and that nothing would break the header when written. */
    public DigestChallenge {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(algorithm, "algorithm");
        domain = List.copyOf(domain);
        qopOptions = List.copyOf(qopOptions);
        extensions = List.copyOf(extensions);
        AuthParam.requireNoControlCharacters(realm, "realm");
        AuthParam.requireNoControlCharacters(nonce, "nonce");
        if (opaque != null) {
            AuthParam.requireNoControlCharacters(opaque, "opaque");
        }
        for (String uri : domain) {
            if (uri.isEmpty() || uri.chars().anyMatch(c -> c <= ' ' || c == 0x7F)) {
                throw new IllegalArgumentException("domain URIs must be non-empty and contain no whitespace");
            }
        }
        for (String qop : qopOptions) {
            if (!AuthParam.isToken(qop)) {
                throw new IllegalArgumentException("qop option is not a token");
            }
        }
        if (charset != null && !AuthParam.isToken(charset)) {
            throw new IllegalArgumentException("charset is not a token");
        }
    }

    /** The challenge midreg sends: qop="auth", no domain, opaque or charset. */
    public static DigestChallenge create(String realm, String nonce, DigestAlgorithm algorithm, boolean stale) {
        return new DigestChallenge(realm, List.of(), nonce, null, stale, algorithm, List.of("auth"), null, false,
                List.of());
    }

    /**
     * Parses a WWW-Authenticate / Proxy-Authenticate value.
     *
     * @throws DigestParseException if malformed, not Digest, missing realm or nonce, or of an unsupported algorithm
     */
    public static DigestChallenge parse(String headerValue) throws DigestParseException {
        return from(AuthParams.parse(headerValue));
    }

    /** Interprets already split auth-params; see {@link #parse(String)}. */
    public static DigestChallenge from(AuthParams params) throws DigestParseException {
        params.requireDigest();
        return new DigestChallenge(
                params.required("realm"),
                splitDomain(params.valueOrNull("domain")),
                params.required("nonce"),
                params.valueOrNull("opaque"),
                "true".equalsIgnoreCase(params.valueOrNull("stale")),
                DigestAlgorithm.parse(params.valueOrNull("algorithm")),
                splitQop(params.valueOrNull("qop")),
                tokenOrNull(params.valueOrNull("charset"), "charset"),
                "true".equalsIgnoreCase(params.valueOrNull("userhash")),
                params.paramsOtherThan(KNOWN));
    }

    /** The header value, starting {@code Digest }. */
    public String toHeaderValue() {
        HeaderValueWriter writer = new HeaderValueWriter(AuthParams.DIGEST)
                .quoted("realm", realm)
                .quoted("domain", domain.isEmpty() ? null : String.join(" ", domain))
                .quoted("nonce", nonce)
                .quoted("opaque", opaque)
                .token("stale", stale ? "true" : null)
                .token("algorithm", algorithm.token())
                .quoted("qop", qopOptions.isEmpty() ? null : String.join(",", qopOptions))
                .token("charset", charset)
                .token("userhash", userhash ? "true" : null);
        extensions.forEach(writer::param);
        return writer.toString();
    }

    /** True if {@code qop} is among the offered options (ignoring case). */
    public boolean offersQop(String qop) {
        return qopOptions.stream().anyMatch(qop::equalsIgnoreCase);
    }

    /** A copy with another stale flag. */
    public DigestChallenge withStale(boolean newStale) {
        return new DigestChallenge(realm, domain, nonce, opaque, newStale, algorithm, qopOptions, charset, userhash,
                extensions);
    }

    private static List<String> splitDomain(String value) {
        List<String> uris = new ArrayList<>();
        if (value != null) {
            for (String uri : value.trim().split("[ \t]+")) {
                if (!uri.isEmpty()) {
                    uris.add(uri);
                }
            }
        }
        return uris;
    }

    private static List<String> splitQop(String value) throws DigestParseException {
        List<String> options = new ArrayList<>();
        if (value != null) {
            for (String option : value.split(",")) {
                String trimmed = option.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (!AuthParam.isToken(trimmed)) {
                    throw new DigestParseException(Reason.INVALID_PARAMETER, "qop option is not a token");
                }
                options.add(trimmed);
            }
        }
        return options;
    }

    private static String tokenOrNull(String value, String name) throws DigestParseException {
        if (value != null && !AuthParam.isToken(value)) {
            throw new DigestParseException(Reason.INVALID_PARAMETER, "parameter '" + name + "' is not a token");
        }
        return value;
    }
}
