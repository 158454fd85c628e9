package io.midreg.sip.auth;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 (RFC 2104) under one key, for the values midreg signs to keep no state — Contact
 * tokens, Record-Route parameters. Thread-safe: one keyed {@link Mac} per thread, because a Mac
 * is not thread-safe and creating and keying one costs more than a MAC over a short input.
 * Comparing MACs is the caller's, in constant time ({@link java.security.MessageDigest#isEqual}).
 */
public final class HmacSha256 {
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public HmacSha256(byte[] secret) {
        if (secret == null || secret.length == 0) throw new IllegalArgumentException("an HMAC key must not be empty");
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** The first {@code octets} octets of the MAC of {@code data} (RFC 2104 §5 truncation). */
    public byte[] truncated(byte[] data, int octets) {
        byte[] full = macs.get().doFinal(data); // doFinal resets the Mac for the next use
        return octets == full.length ? full : Arrays.copyOf(full, octets);
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e); // mandatory in every Java platform
        }
    }
}
