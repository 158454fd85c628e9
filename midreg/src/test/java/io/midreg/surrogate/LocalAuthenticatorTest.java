package io.midreg.surrogate;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.auth.DigestAlgorithm;
import io.midreg.sip.auth.DigestChallenge;
import io.midreg.sip.auth.DigestClient;
import io.midreg.sip.auth.DigestSecret;
import io.midreg.sip.auth.DigestSession;
import io.midreg.sip.auth.Ha1;
import io.midreg.sip.auth.NonceService;
import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalAuthenticatorTest {
    private static final String REALM = "example.com";
    private static final SurrogateCredential ALICE = new SurrogateCredential("sip:alice@example.com", REALM, new DigestSecret.Password("alice", "s3cret"));
    private final MutableClock clock = new MutableClock();
    private final NonceService nonces = new NonceService("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(300), clock,
            new SecureRandom());
    private final LocalAuthenticator auth = new LocalAuthenticator(nonces);
    private final DigestClient client = new DigestClient(new SecureRandom());

    @Test
    void offersSha256FirstThenMd5ForAPasswordAndOnlyItsOwnForAnHa1() throws Exception {
        List<String> offered = auth.challenges(ALICE, false);
        assertThat(offered).hasSize(2);
        assertThat(DigestChallenge.parse(offered.get(0)).algorithm()).isEqualTo(DigestAlgorithm.SHA_256);
        assertThat(DigestChallenge.parse(offered.get(1)).algorithm()).isEqualTo(DigestAlgorithm.MD5);
        assertThat(DigestChallenge.parse(offered.get(1)).realm()).isEqualTo(REALM);
        SurrogateCredential ha1 = new SurrogateCredential("sip:bob@example.com", REALM,
                new DigestSecret.PrecomputedHa1("bob", REALM, DigestAlgorithm.MD5, Ha1.compute(DigestAlgorithm.MD5, "bob", REALM, "pw")));
        assertThat(auth.challenges(ha1, false)).hasSize(1).allSatisfy(v -> assertThat(v).contains("MD5"));
    }

    @Test
    void aRightAnswerToEitherAlgorithmIsOk() throws Exception {
        List<String> offered = auth.challenges(ALICE, false);
        for (String challenge : offered) {
            SipRequest r = register(answer(challenge, "s3cret", "sip:example.com"));
            assertThat(auth.check(r, ALICE)).as(challenge).isEqualTo(LocalAuthenticator.Outcome.OK);
        }
    }

    @Test
    void aWrongPasswordUserOrUriIsWrongAndNoCredentialsAreMissing() throws Exception {
        String challenge = auth.challenges(ALICE, false).get(1);
        assertThat(auth.check(register(answer(challenge, "guess", "sip:example.com")), ALICE)).isEqualTo(LocalAuthenticator.Outcome.WRONG);
        assertThat(auth.check(register(answer(challenge, "s3cret", "sip:other.example.com")), ALICE)).isEqualTo(LocalAuthenticator.Outcome.WRONG);
        SurrogateCredential mallory = new SurrogateCredential("sip:alice@example.com", REALM, new DigestSecret.Password("mallory", "s3cret"));
        assertThat(auth.check(register(answer(challenge, "s3cret", "sip:example.com")), mallory)).isEqualTo(LocalAuthenticator.Outcome.WRONG);
        assertThat(auth.check(register(null), ALICE)).isEqualTo(LocalAuthenticator.Outcome.MISSING);
    }

    @Test
    void aRightAnswerToAnExpiredNonceIsStale() throws Exception {
        String challenge = auth.challenges(ALICE, false).get(0);
        String creds = answer(challenge, "s3cret", "sip:example.com");
        clock.advance(Duration.ofSeconds(301));
        assertThat(auth.check(register(creds), ALICE)).isEqualTo(LocalAuthenticator.Outcome.STALE);
        assertThat(DigestChallenge.parse(auth.challenges(ALICE, true).get(0)).stale()).isTrue();
    }

    private String answer(String challenge, String password, String uri) throws Exception {
        return client.answer(DigestSession.start(DigestChallenge.parse(challenge)).nextRequest(), new DigestSecret.Password("alice", password),
                "REGISTER", uri, null).toHeaderValue();
    }

    private static SipRequest register(String authorization) throws Exception {
        String text = "REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.7;branch=z9hG4bK1\r\n"
                + "From: <sip:alice@example.com>;tag=1\r\nTo: <sip:alice@example.com>\r\nCall-ID: c1\r\nCSeq: 2 REGISTER\r\n"
                + "Contact: <sip:alice@10.0.0.7>\r\n" + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return (SipRequest) new SipMessageParser().parse(b, b.length);
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-03T18:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
