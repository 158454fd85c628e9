package io.midreg.sip.auth;

import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.midreg.testing.FuzzBounds;
import io.midreg.testing.FuzzSeeds;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the digest parser (RFC 7616 / RFC 2617 auth-params) on one header value, decoded as the
 * message decodes header values: Authorization / Proxy-Authorization credentials, WWW- /
 * Proxy-Authenticate challenges and the bare scheme. It may refuse a value only with
 * {@link DigestParseException}; what parses prints and parses again; parsed credentials go
 * through the stateless verifier (signed-nonce check included), which must answer with a
 * {@link VerificationResult}, never throw.
 * Seeds: the corpus's Authorization and authenticate headers and {@code DigestParserFuzzTestInputs/}.
 */
class DigestParserFuzzTest {
    private static final String REALM = "example.com";
    private static final NonceService NONCES = new NonceService("fuzz-secret-0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII),
            Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC), new SecureRandom());
    private static final DigestVerifier VERIFIER = new DigestVerifier(NONCES, REALM);
    private static final String HA1 = Ha1.compute(DigestAlgorithm.MD5, "alice", REALM, "secret");

    static Stream<Arguments> corpus() {
        return FuzzSeeds.headerValues("Authorization", "Proxy-Authorization", "WWW-Authenticate", "Proxy-Authenticate")
                .stream().map(s -> arguments(named(s.name(), s.bytes())));
    }

    @MethodSource("corpus")
    @FuzzTest(maxDuration = "15s")
    void authHeader(byte[] input) {
        String value = new String(input, StandardCharsets.UTF_8);
        FuzzBounds.check("AuthParams.schemeOf", input, () -> AuthParams.schemeOf(value), DigestParseException.class);
        FuzzBounds.check("DigestCredentials", input, () -> {
            DigestCredentials c = DigestCredentials.parse(value);
            DigestCredentials.parse(c.toHeaderValue());
            VERIFIER.verify(c, "REGISTER", HA1, DigestAlgorithm.MD5);
            VERIFIER.verify(c, "INVITE", input, HA1, DigestAlgorithm.MD5);
        }, DigestParseException.class);
        FuzzBounds.check("DigestChallenge", input, () -> {
            DigestChallenge c = DigestChallenge.parse(value);
            DigestChallenge.parse(c.toHeaderValue());
        }, DigestParseException.class);
    }
}
