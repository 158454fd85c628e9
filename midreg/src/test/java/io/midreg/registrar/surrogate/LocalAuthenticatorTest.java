package io.midreg.registrar.surrogate;

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

    private static final SurrogateCredential BOTH = new SurrogateCredential("sip:alice@example.com", REALM, new DigestSecret.Password("alice", "s3cret"),
            List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5));

    @Test
    void offersMd5AloneByDefaultAndTheConfiguredAlgorithmsInTheirOrder() throws Exception {
        List<String> byDefault = auth.challenges(ALICE, false);
        assertThat(byDefault).hasSize(1);
        assertThat(DigestChallenge.parse(byDefault.get(0)).algorithm()).isEqualTo(DigestAlgorithm.MD5);
        assertThat(DigestChallenge.parse(byDefault.get(0)).realm()).isEqualTo(REALM);
        List<String> offered = auth.challenges(BOTH, false);
        assertThat(offered).hasSize(2);
        assertThat(DigestChallenge.parse(offered.get(0)).algorithm()).isEqualTo(DigestAlgorithm.SHA_256);
        assertThat(DigestChallenge.parse(offered.get(1)).algorithm()).isEqualTo(DigestAlgorithm.MD5);
        SurrogateCredential md5First = new SurrogateCredential(ALICE.aor(), REALM, ALICE.secret(), List.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256));
        assertThat(auth.challenges(md5First, false)).extracting(v -> DigestChallenge.parse(v).algorithm())
                .containsExactly(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256);
    }

    @Test
    void aRightAnswerToEitherOfferedAlgorithmIsOk() throws Exception {
        List<String> offered = auth.challenges(BOTH, false);
        for (String challenge : offered) {
            SipRequest r = register(answer(challenge, "s3cret", "sip:example.com"));
            assertThat(auth.check(r, BOTH)).as(challenge).isEqualTo(LocalAuthenticator.Outcome.OK);
        }
    }

    @Test
    void aWrongPasswordUserOrUriIsRefusedWithItsReasonAndNoCredentialsAreMissing() throws Exception {
        String challenge = auth.challenges(ALICE, false).get(0);
        assertThat(auth.check(register(answer(challenge, "guess", "sip:example.com")), ALICE)).isEqualTo(LocalAuthenticator.Outcome.WRONG_PASSWORD);
        assertThat(auth.check(register(answer(challenge, "s3cret", "sip:other.example.com")), ALICE)).isEqualTo(LocalAuthenticator.Outcome.WRONG_URI);
        SurrogateCredential mallory = new SurrogateCredential("sip:alice@example.com", REALM, new DigestSecret.Password("mallory", "s3cret"));
        assertThat(auth.check(register(answer(challenge, "s3cret", "sip:example.com")), mallory)).isEqualTo(LocalAuthenticator.Outcome.WRONG_USER);
        assertThat(auth.check(register(null), ALICE)).isEqualTo(LocalAuthenticator.Outcome.MISSING);
        assertThat(auth.check(register("Digest username=\"alice\", realm=\"" + REALM + "\", nonce=\"n\", uri=\"sip:example.com\", response=\"00\""), ALICE))
                .as("no qop, cnonce or nc").isEqualTo(LocalAuthenticator.Outcome.MALFORMED);
        assertThat(LocalAuthenticator.Outcome.WRONG_PASSWORD.reason()).isEqualTo("wrong-password");
        assertThat(LocalAuthenticator.Outcome.MISSING.failed()).isFalse();
    }

    /** The answer is checked against the challenge it answered: midreg offered MD5 only, so a SHA-256 answer is refused. */
    @Test
    void anAnswerInAnAlgorithmNotOfferedIsRefusedAsSuch() throws Exception {
        // A SHA-256 challenge made up by the device (or one midreg offered before a reload took SHA-256 out).
        String sha = auth.challenges(BOTH, false).get(0);
        assertThat(auth.check(register(answer(sha, "s3cret", "sip:example.com")), ALICE)).isEqualTo(LocalAuthenticator.Outcome.ALGORITHM_NOT_OFFERED);
        String unknown = "Digest username=\"alice\", realm=\"" + REALM + "\", nonce=\"n\", uri=\"sip:example.com\", response=\"00\", "
                + "algorithm=SHA-512-256, qop=auth, cnonce=\"c\", nc=00000001";
        assertThat(auth.check(register(unknown), BOTH)).isEqualTo(LocalAuthenticator.Outcome.ALGORITHM_NOT_OFFERED);
    }

    /** RFC 8760 §2.4: a nonce belongs to one challenge; MD5 over the SHA-256 challenge's nonce answers neither. */
    @Test
    void anAnswerThatMixesTheTwoChallengesIsAWrongNonce() throws Exception {
        DigestChallenge sha = DigestChallenge.parse(auth.challenges(BOTH, false).get(0));
        String md5WithShaNonce = answer(DigestChallenge.create(REALM, sha.nonce(), DigestAlgorithm.MD5, false).toHeaderValue(), "s3cret", "sip:example.com");
        assertThat(auth.check(register(md5WithShaNonce), BOTH)).isEqualTo(LocalAuthenticator.Outcome.WRONG_NONCE);
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
