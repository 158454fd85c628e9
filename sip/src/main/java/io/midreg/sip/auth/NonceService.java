package io.midreg.sip.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks nonces without storing them: a nonce carries its issue time and is signed, so any midreg
 * sharing the secret can verify it after a restart.
 *
 * <pre>
 *   nonce = base64url( issue-time seconds (8 bytes, big-endian)
 *                    | random (12 bytes)
 *                    | HMAC-SHA256(secret, issue-time | random | realm [| NUL algorithm]) truncated to 16 bytes )
 * </pre>
 *
 * <p>A nonce issued for an algorithm ({@link #issue(String, DigestAlgorithm)}) is valid for that algorithm only: a
 * server offering one challenge per algorithm (RFC 8760 §2.4) can then tell which challenge an answer answered, and an
 * answer that names another algorithm than the challenge whose nonce it carries does not verify.
 *
 * <p>Trade-off of statelessness: nothing remembers which nonce counts were used, so a captured Authorization can be
 * replayed (same or any nc) until the nonce expires. Keep the validity short (default 300 s); the registrar's CSeq and
 * Call-ID ordering limit what a replayed REGISTER can do within that window.
 */
public final class NonceService {

    /** Default lifetime of a nonce. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofSeconds(300);

    /** Nonces dated up to this far in the future are accepted: peers sharing the secret may disagree on the time. */
    private static final long MAX_CLOCK_SKEW_SECONDS = 5;

    private static final String HMAC = "HmacSHA256";
    private static final int TIME_BYTES = 8;
    private static final int RANDOM_BYTES = 12;
    private static final int MAC_BYTES = 16;
    private static final int SIGNED_BYTES = TIME_BYTES + RANDOM_BYTES;
    private static final int NONCE_BYTES = SIGNED_BYTES + MAC_BYTES;
    private static final int NONCE_CHARS = (NONCE_BYTES * 8 + 5) / 6; // unpadded base64
    private static final int MIN_SECRET_BYTES = 16;

    private final SecretKeySpec key;
    private final long validitySeconds;
    private final Clock clock;
    private final SecureRandom random;

    /** A service with the default validity of 300 s. */
    public NonceService(byte[] secret, Clock clock, SecureRandom random) {
        this(secret, DEFAULT_VALIDITY, clock, random);
    }

    /**
     * @param secret   HMAC key, at least 16 bytes (copied); the same on every node that must accept the nonces
     * @param validity how long a nonce is VALID before it turns STALE, at least one second
     * @param clock    time source (tests move it)
     * @param random   source of the random part
     */
    public NonceService(byte[] secret, Duration validity, Clock clock, SecureRandom random) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("nonce secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        if (validity.getSeconds() < 1) {
            throw new IllegalArgumentException("validity must be at least one second");
        }
        this.key = new SecretKeySpec(secret.clone(), HMAC);
        this.validitySeconds = validity.getSeconds();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** How long a nonce stays VALID. */
    public Duration validity() {
        return Duration.ofSeconds(validitySeconds);
    }

    /** A fresh nonce for {@code realm}, valid for any algorithm. */
    public String issue(String realm) {
        return issue(realm, null);
    }

    /** A fresh nonce for a challenge of {@code realm} and {@code algorithm} (null: any algorithm). */
    public String issue(String realm, DigestAlgorithm algorithm) {
        byte[] nonce = new byte[NONCE_BYTES];
        ByteBuffer.wrap(nonce).putLong(clock.instant().getEpochSecond());
        byte[] randomPart = new byte[RANDOM_BYTES];
        random.nextBytes(randomPart);
        System.arraycopy(randomPart, 0, nonce, TIME_BYTES, RANDOM_BYTES);
        System.arraycopy(sign(nonce, realm, algorithm), 0, nonce, SIGNED_BYTES, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    /** Whether {@code nonce} was issued by this service for {@code realm} (any algorithm), and whether it is still fresh. */
    public NonceStatus check(String nonce, String realm) {
        return check(nonce, realm, null);
    }

    /**
     * Whether {@code nonce} was issued by this service for {@code realm} and {@code algorithm} (null: for any
     * algorithm), and whether it is still fresh.
     */
    public NonceStatus check(String nonce, String realm, DigestAlgorithm algorithm) {
        if (nonce == null || realm == null || nonce.length() != NONCE_CHARS) {
            return NonceStatus.INVALID;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException notBase64) {
            return NonceStatus.INVALID;
        }
        if (bytes.length != NONCE_BYTES) {
            return NonceStatus.INVALID;
        }
        byte[] expected = sign(bytes, realm, algorithm);
        byte[] actual = Arrays.copyOfRange(bytes, SIGNED_BYTES, NONCE_BYTES);
        if (!MessageDigest.isEqual(expected, actual)) {
            return NonceStatus.INVALID;
        }
        long issued = ByteBuffer.wrap(bytes).getLong();
        long age = clock.instant().getEpochSecond() - issued;
        if (age < -MAX_CLOCK_SKEW_SECONDS) {
            return NonceStatus.INVALID;
        }
        return age > validitySeconds ? NonceStatus.STALE : NonceStatus.VALID;
    }

    /** Truncated HMAC over the time and random parts followed by the realm and, if any, NUL and the algorithm's token. */
    private byte[] sign(byte[] nonce, String realm, DigestAlgorithm algorithm) {
        Mac mac;
        try {
            // A Mac per call: Mac is not thread-safe, and getInstance is cheap next to a SIP transaction.
            mac = Mac.getInstance(HMAC);
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e); // mandatory in every Java platform
        }
        mac.update(nonce, 0, SIGNED_BYTES);
        // The signed prefix has a fixed length, so "time|random|realm" cannot be confused with another split.
        mac.update(realm.getBytes(StandardCharsets.UTF_8));
        if (algorithm != null) {
            // A realm holds no control character (it is a quoted-string we write), so NUL separates it unambiguously.
            mac.update((byte) 0);
            mac.update(algorithm.token().getBytes(StandardCharsets.US_ASCII));
        }
        return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
    }
}
