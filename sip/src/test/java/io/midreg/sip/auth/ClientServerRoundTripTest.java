package io.midreg.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** midreg as client and as server through header strings only, as on the wire. */
class ClientServerRoundTripTest {

    private static final String REALM = "pbx.example";
    private static final String REQUEST_URI = "sip:pbx.example;transport=tcp";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final NonceService nonces = new NonceService(
            "round-trip-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII), clock, new SecureRandom());
    private final DigestVerifier verifier = new DigestVerifier(nonces, REALM);
    private final DigestClient client = new DigestClient(new SecureRandom());
    private final DigestSecret secret = new DigestSecret.Password("2001", "pässwörd");

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void refreshesReuseTheNonceWithIncreasingNcUntilStale(DigestAlgorithm algorithm) throws Exception {
        String storedHa1 = Ha1.compute(algorithm, "2001", REALM, "pässwörd");

        // 401 with our challenge; the client parses it from the header value.
        String wwwAuthenticate = DigestChallenge.create(REALM, nonces.issue(REALM, algorithm), algorithm, false).toHeaderValue();
        DigestSession session = DigestSession.start(DigestChallenge.parse(wwwAuthenticate));

        for (int request = 1; request <= 3; request++) {
            session = session.nextRequest();
            String authorization = client.answer(session, secret, "REGISTER", REQUEST_URI, null).toHeaderValue();
            assertThat(authorization).contains("qop=auth", String.format("nc=%08x", request));

            DigestCredentials received = DigestCredentials.parse(authorization);
            assertThat(verifier.verify(received, "REGISTER", storedHa1, algorithm)).isEqualTo(VerificationResult.OK);
            clock.advance(Duration.ofSeconds(60));
        }

        // Past the validity: right response on an old nonce → stale challenge → client resets nc and succeeds.
        clock.advance(Duration.ofSeconds(300));
        session = session.nextRequest();
        DigestCredentials late = DigestCredentials.parse(
                client.answer(session, secret, "REGISTER", REQUEST_URI, null).toHeaderValue());
        assertThat(verifier.verify(late, "REGISTER", storedHa1, algorithm)).isEqualTo(VerificationResult.STALE_NONCE);

        String staleChallenge = DigestChallenge.create(REALM, nonces.issue(REALM, algorithm), algorithm, true).toHeaderValue();
        session = session.onChallenge(DigestChallenge.parse(staleChallenge)).nextRequest();
        DigestCredentials retry = DigestCredentials.parse(
                client.answer(session, secret, "REGISTER", REQUEST_URI, null).toHeaderValue());
        assertThat(retry.nc()).isEqualTo(1);
        assertThat(verifier.verify(retry, "REGISTER", storedHa1, algorithm)).isEqualTo(VerificationResult.OK);
    }
}
