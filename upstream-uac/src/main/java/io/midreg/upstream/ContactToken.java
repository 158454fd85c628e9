package io.midreg.upstream;

import io.midreg.sip.auth.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * The user part midreg puts in every Contact it registers upstream: it names the AOR and the
 * device binding (or the AOR alone, in aor mode) so an incoming call finds its way back, and is
 * signed with HMAC-SHA256 so a forged or altered token matches nothing. Stateless: the store is
 * not consulted to decode it.
 *
 * <p>Form: {@code base64url(aor LF bindingKey) "." base64url(first 12 octets of the MAC)}; only
 * URI user characters, so it needs no escaping.
 */
public final class ContactToken {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int MAC_BYTES = 12;
    private static final int MAX_TOKEN = 1024;

    private final HmacSha256 hmac;

    /** @param secret at least 16 octets; the same secret must survive restarts, or old tokens stop matching */
    public ContactToken(byte[] secret) {
        if (secret == null || secret.length < 16) throw new IllegalArgumentException("token secret must be at least 16 octets");
        this.hmac = new HmacSha256(secret);
    }

    /** What a token names. {@code bindingKey} is empty for an AOR-level (aor mode) token. */
    public record Subject(String aor, String bindingKey) {
    }

    public String encode(String aor, String bindingKey) {
        byte[] payload = (aor + "\n" + (bindingKey == null ? "" : bindingKey)).getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload));
    }

    /** The subject of a genuine token; empty for anything forged, altered or malformed. */
    public Optional<Subject> decode(String token) {
        if (token == null || token.length() > MAX_TOKEN) return Optional.empty();
        int dot = token.indexOf('.');
        if (dot <= 0 || dot == token.length() - 1) return Optional.empty();
        byte[] payload;
        byte[] given;
        try {
            payload = B64D.decode(token.substring(0, dot));
            given = B64D.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac(payload), given)) return Optional.empty();
        String s = new String(payload, StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        if (nl < 0) return Optional.empty();
        return Optional.of(new Subject(s.substring(0, nl), s.substring(nl + 1)));
    }

    private byte[] mac(byte[] payload) {
        return hmac.truncated(payload, MAC_BYTES);
    }
}
