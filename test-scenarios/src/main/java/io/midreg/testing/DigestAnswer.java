package io.midreg.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Credentials for a digest challenge, computed the way a phone does (RFC 2617 / RFC 8760:
 * MD5 or SHA-256, with {@code qop=auth} when offered), on the test side only: it shares nothing
 * with the product's digest code, so a test that authenticates through it checks that code
 * against an independent implementation.
 */
public final class DigestAnswer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private DigestAnswer() {
    }

    /**
     * The Authorization (or Proxy-Authorization) value answering {@code challenge} (a
     * WWW-Authenticate or Proxy-Authenticate value) for {@code method} to {@code uri}.
     */
    public static String authorization(String challenge, String user, String password, String method, String uri) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return authorization(challenge, user, password, method, uri, HexFormat.of().formatHex(random));
    }

    /** As above with a chosen client nonce (RFC 2617's worked example uses a fixed one). */
    static String authorization(String challenge, String user, String password, String method, String uri, String cnonce) {
        String c = challenge.trim();
        if (!c.regionMatches(true, 0, "Digest ", 0, 7)) throw new IllegalArgumentException("not a digest challenge: " + challenge);
        String params = c.substring(7);
        String realm = param(params, "realm");
        String nonce = param(params, "nonce");
        if (realm == null || nonce == null) throw new IllegalArgumentException("challenge without realm or nonce: " + challenge);
        String opaque = param(params, "opaque");
        String algorithm = param(params, "algorithm");
        String qopOptions = param(params, "qop");
        String hashName = algorithm == null ? "MD5" : algorithm.toUpperCase(Locale.ROOT);
        boolean sess = hashName.endsWith("-SESS");
        String hash = sess ? hashName.substring(0, hashName.length() - 5) : hashName;
        boolean qopAuth = qopOptions != null && ReceivedMessage.splitList(qopOptions).stream().anyMatch(q -> q.trim().equalsIgnoreCase("auth"));
        String nc = "00000001";

        String ha1 = hex(hash, user + ":" + realm + ":" + password);
        if (sess) ha1 = hex(hash, ha1 + ":" + nonce + ":" + cnonce);
        String ha2 = hex(hash, method + ":" + uri);
        String response = qopAuth ? hex(hash, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2) : hex(hash, ha1 + ":" + nonce + ":" + ha2);

        StringBuilder b = new StringBuilder("Digest username=\"").append(user).append("\", realm=\"").append(realm)
                .append("\", nonce=\"").append(nonce).append("\", uri=\"").append(uri).append("\", response=\"").append(response).append('"');
        if (algorithm != null) b.append(", algorithm=").append(algorithm);
        if (opaque != null) b.append(", opaque=\"").append(opaque).append('"');
        if (qopAuth) b.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        return b.toString();
    }

    /** A parameter of a comma-separated auth-param list; quotes removed, null when absent. */
    static String param(String params, String name) {
        for (String p : ReceivedMessage.splitList(params)) {
            int eq = p.indexOf('=');
            if (eq < 0 || !p.substring(0, eq).trim().equalsIgnoreCase(name)) continue;
            String v = p.substring(eq + 1).trim();
            return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
        }
        return null;
    }

    private static String hex(String algorithm, String text) {
        String jdkName = switch (algorithm) {
            case "MD5" -> "MD5";
            case "SHA-256" -> "SHA-256";
            case "SHA-512-256" -> "SHA-512/256";
            default -> throw new IllegalArgumentException("digest algorithm not supported by the test peer: " + algorithm);
        };
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(jdkName).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
