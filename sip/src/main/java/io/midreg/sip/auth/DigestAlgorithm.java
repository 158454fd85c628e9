package io.midreg.sip.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * Digest algorithms of RFC 7616 §3.3 with their wire tokens. The "-sess" variants hash the nonce and cnonce into
 * HA1; their HA1 is still stored as the plain {@code H(username:realm:password)} of the base hash.
 */
public enum DigestAlgorithm {
    MD5("MD5", "MD5", false, 16, 1),
    MD5_SESS("MD5-sess", "MD5", true, 16, 1),
    SHA_256("SHA-256", "SHA-256", false, 32, 2),
    SHA_256_SESS("SHA-256-sess", "SHA-256", true, 32, 2);

    private final String token;
    private final String jcaName;
    private final boolean session;
    private final int digestLength;
    private final int strength;

    DigestAlgorithm(String token, String jcaName, boolean session, int digestLength, int strength) {
        this.token = token;
        this.jcaName = jcaName;
        this.session = session;
        this.digestLength = digestLength;
        this.strength = strength;
    }

    /** The token as written in the algorithm parameter, e.g. {@code SHA-256-sess}. */
    public String token() {
        return token;
    }

    /** True for the "-sess" variants, whose HA1 includes nonce and cnonce. */
    public boolean isSession() {
        return session;
    }

    /** Length of the raw digest in bytes. */
    public int digestLength() {
        return digestLength;
    }

    /** Length of the hex digest in characters. */
    public int hexLength() {
        return 2 * digestLength;
    }

    /** The same hash function without "-sess"; a stored HA1 is valid for both. */
    public DigestAlgorithm base() {
        return switch (this) {
            case MD5, MD5_SESS -> MD5;
            case SHA_256, SHA_256_SESS -> SHA_256;
        };
    }

    /** Higher is stronger; equal for an algorithm and its "-sess" variant. */
    int strength() {
        return strength;
    }

    /** The algorithm whose token equals {@code token} ignoring case, if supported. */
    public static Optional<DigestAlgorithm> fromToken(String token) {
        if (token != null) {
            for (DigestAlgorithm algorithm : values()) {
                if (algorithm.token.equalsIgnoreCase(token)) {
                    return Optional.of(algorithm);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The algorithm parameter's value as an algorithm: absent (null) means MD5 (RFC 7616 §3.3).
     *
     * @throws DigestParseException with reason UNSUPPORTED_ALGORITHM for any other token
     */
    public static DigestAlgorithm parse(String tokenOrNull) throws DigestParseException {
        if (tokenOrNull == null) {
            return MD5;
        }
        Optional<DigestAlgorithm> algorithm = fromToken(tokenOrNull);
        if (algorithm.isEmpty()) {
            throw new DigestParseException(DigestParseException.Reason.UNSUPPORTED_ALGORITHM,
                    "unsupported digest algorithm" + (AuthParam.isToken(tokenOrNull)
                            ? " '" + tokenOrNull.toUpperCase(Locale.ROOT) + "'" : ""));
        }
        return algorithm.get();
    }

    /** A new MessageDigest for this hash function (MessageDigest is not thread-safe, so never share one). */
    public MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must implement MD5 and SHA-256 (java.security.MessageDigest Javadoc).
            throw new IllegalStateException(jcaName + " missing from the JDK", e);
        }
    }

    /** Lower-case hex of H(parts joined by ':'), hashing the parts as UTF-8 without building the joined string. */
    public String hexDigest(CharSequence... parts) {
        DigestHasher hasher = new DigestHasher(this);
        for (CharSequence part : parts) {
            hasher.add(part);
        }
        return Hex.encode(hasher.finish());
    }

    /** Lower-case hex of H(bytes), e.g. H(entity-body) for qop=auth-int. */
    public String hexDigest(byte[] bytes) {
        return Hex.encode(newMessageDigest().digest(bytes));
    }
}
