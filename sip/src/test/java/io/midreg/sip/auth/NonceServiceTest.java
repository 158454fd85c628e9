package io.midreg.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NonceServiceTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final NonceService nonces = new NonceService(SECRET, clock, new SecureRandom());

    @Test
    void freshNonceIsValidAndUnique() {
        String nonce = nonces.issue("example.com");
        assertThat(nonces.check(nonce, "example.com")).isEqualTo(NonceStatus.VALID);
        assertThat(nonces.issue("example.com")).isNotEqualTo(nonce);
        assertThat(nonce).matches("[A-Za-z0-9_-]{48}"); // safe inside a quoted-string, no escaping needed
    }

    @Test
    void validUntilTheEndOfItsLifetimeThenStale() {
        String nonce = nonces.issue("example.com");
        clock.advance(NonceService.DEFAULT_VALIDITY);
        assertThat(nonces.check(nonce, "example.com")).isEqualTo(NonceStatus.VALID);
        clock.advance(Duration.ofSeconds(1));
        assertThat(nonces.check(nonce, "example.com")).isEqualTo(NonceStatus.STALE);
        clock.advance(Duration.ofDays(365));
        assertThat(nonces.check(nonce, "example.com")).isEqualTo(NonceStatus.STALE);
    }

    @Test
    void everyTamperedCharacterIsInvalid() {
        String nonce = nonces.issue("example.com");
        for (int i = 0; i < nonce.length(); i++) {
            char replacement = nonce.charAt(i) == 'A' ? 'B' : 'A';
            String tampered = nonce.substring(0, i) + replacement + nonce.substring(i + 1);
            assertThat(nonces.check(tampered, "example.com")).as("index %d", i).isEqualTo(NonceStatus.INVALID);
        }
    }

    @Test
    void nonceOfAnotherRealmOrSecretIsInvalid() {
        String nonce = nonces.issue("example.com");
        assertThat(nonces.check(nonce, "example.org")).isEqualTo(NonceStatus.INVALID);
        NonceService otherSecret = new NonceService("another secret of 32 bytes......".getBytes(
                StandardCharsets.US_ASCII), clock, new SecureRandom());
        assertThat(otherSecret.check(nonce, "example.com")).isEqualTo(NonceStatus.INVALID);
    }

    @Test
    void garbageIsInvalid() {
        String nonce = nonces.issue("r");
        assertThat(nonces.check(null, "r")).isEqualTo(NonceStatus.INVALID);
        assertThat(nonces.check("", "r")).isEqualTo(NonceStatus.INVALID);
        assertThat(nonces.check("dcd98b7102dd2f0e8b11d0f600bfb0c093", "r")).isEqualTo(NonceStatus.INVALID);
        assertThat(nonces.check(nonce.substring(1) + "=", "r")).isEqualTo(NonceStatus.INVALID);
        assertThat(nonces.check(nonce.replace(nonce.charAt(3), '+'), "r")).isEqualTo(NonceStatus.INVALID);
        assertThat(nonces.check(nonce + "AAAA", "r")).isEqualTo(NonceStatus.INVALID);
        assertThat(nonces.check("\u0000".repeat(48), "r")).isEqualTo(NonceStatus.INVALID);
    }

    @Test
    void nonceFromTheFutureIsInvalid() {
        clock.advance(Duration.ofMinutes(10));
        String nonce = nonces.issue("r");
        clock.advance(Duration.ofMinutes(-10));
        assertThat(nonces.check(nonce, "r")).isEqualTo(NonceStatus.INVALID);
    }

    @Test
    void anotherNodeWithTheSameSecretAccepts() {
        String nonce = nonces.issue("r");
        NonceService peer = new NonceService(SECRET.clone(), Duration.ofSeconds(30), clock, new SecureRandom());
        assertThat(peer.check(nonce, "r")).isEqualTo(NonceStatus.VALID);
        clock.advance(Duration.ofSeconds(31));
        assertThat(peer.check(nonce, "r")).isEqualTo(NonceStatus.STALE);
        assertThat(nonces.check(nonce, "r")).isEqualTo(NonceStatus.VALID);
    }

    @Test
    void secretIsCopiedAndMustBeLongEnough() {
        byte[] secret = SECRET.clone();
        NonceService service = new NonceService(secret, clock, new SecureRandom());
        String nonce = service.issue("r");
        secret[0] ^= 1;
        assertThat(service.check(nonce, "r")).isEqualTo(NonceStatus.VALID);
        assertThatThrownBy(() -> new NonceService(new byte[8], clock, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNonceIssuedForAnAlgorithmIsValidForThatAlgorithmOnly() {
        String nonce = nonces.issue("example.com", DigestAlgorithm.SHA_256);
        assertThat(nonces.check(nonce, "example.com", DigestAlgorithm.SHA_256)).isEqualTo(NonceStatus.VALID);
        assertThat(nonces.check(nonce, "example.com", DigestAlgorithm.MD5)).isEqualTo(NonceStatus.INVALID);
        assertThat(nonces.check(nonce, "example.com")).isEqualTo(NonceStatus.INVALID);
        assertThat(nonces.check(nonces.issue("example.com"), "example.com", DigestAlgorithm.MD5)).isEqualTo(NonceStatus.INVALID);
    }
}
