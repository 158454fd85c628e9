package io.midreg.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestVerifierTest {

    private static final String REALM = "midreg.example";
    private static final String URI = "sip:midreg.example";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final NonceService nonces = new NonceService(
            "verifier-test-secret-0123456789ab".getBytes(StandardCharsets.US_ASCII), clock, new SecureRandom());
    private final DigestVerifier verifier = new DigestVerifier(nonces, REALM);
    private final DigestClient client = new DigestClient(new SecureRandom());
    private final String ha1 = Ha1.compute(DigestAlgorithm.MD5, "alice", REALM, "right");

    private DigestCredentials answer(String password, DigestChallenge challenge) {
        return client.answer(DigestSession.start(challenge).nextRequest(),
                new DigestSecret.Password("alice", password), "REGISTER", URI, null);
    }

    private DigestChallenge challenge(DigestAlgorithm algorithm) {
        return DigestChallenge.create(REALM, nonces.issue(REALM, algorithm), algorithm, false);
    }

    @Test
    void rightPasswordIsOk() {
        DigestCredentials creds = answer("right", challenge(DigestAlgorithm.MD5));
        assertThat(verifier.verify(creds, "REGISTER", ha1, DigestAlgorithm.MD5)).isEqualTo(VerificationResult.OK);
        assertThat(verifier.verify(creds, "REGISTER", ha1.toUpperCase(java.util.Locale.ROOT), DigestAlgorithm.MD5))
                .isEqualTo(VerificationResult.OK);
    }

    @Test
    void wrongPasswordIsWrongResponse() {
        DigestCredentials creds = answer("wrong", challenge(DigestAlgorithm.MD5));
        assertThat(verifier.verify(creds, "REGISTER", ha1, DigestAlgorithm.MD5))
                .isEqualTo(VerificationResult.WRONG_RESPONSE);
    }

    @Test
    void otherMethodOrUriIsWrongResponse() {
        DigestCredentials creds = answer("right", challenge(DigestAlgorithm.MD5));
        assertThat(verifier.verify(creds, "INVITE", ha1, DigestAlgorithm.MD5))
                .isEqualTo(VerificationResult.WRONG_RESPONSE);
        DigestCredentials otherUri = new DigestCredentials(creds.username(), creds.realm(), creds.nonce(),
                "sip:elsewhere", creds.response(), creds.algorithm(), creds.cnonce(), creds.opaque(), creds.qop(),
                creds.nc(), false, List.of());
        assertThat(verifier.verify(otherUri, "REGISTER", ha1, DigestAlgorithm.MD5))
                .isEqualTo(VerificationResult.WRONG_RESPONSE);
    }

    @Test
    void malformedResponseIsWrongResponse() {
        DigestCredentials creds = answer("right", challenge(DigestAlgorithm.MD5));
        for (String response : new String[] {"", "zz", creds.response() + "00", creds.response().substring(2)}) {
            DigestCredentials bad = new DigestCredentials(creds.username(), creds.realm(), creds.nonce(),
                    creds.uri(), response, creds.algorithm(), creds.cnonce(), null, creds.qop(), creds.nc(), false,
                    List.of());
            assertThat(verifier.verify(bad, "REGISTER", ha1, DigestAlgorithm.MD5))
                    .isEqualTo(VerificationResult.WRONG_RESPONSE);
        }
    }

    @Test
    void expiredNonceWithRightResponseIsStale() {
        DigestCredentials creds = answer("right", challenge(DigestAlgorithm.MD5));
        clock.advance(nonces.validity().plus(Duration.ofSeconds(1)));
        assertThat(verifier.verify(creds, "REGISTER", ha1, DigestAlgorithm.MD5))
                .isEqualTo(VerificationResult.STALE_NONCE);
        DigestCredentials wrong = answer("wrong", DigestChallenge.create(REALM, creds.nonce(), DigestAlgorithm.MD5,
                false));
        assertThat(verifier.verify(wrong, "REGISTER", ha1, DigestAlgorithm.MD5))
                .isEqualTo(VerificationResult.WRONG_RESPONSE); // stale=true only for a correct response
    }

    @Test
    void foreignNonceIsBadNonce() {
        DigestCredentials creds = answer("right", DigestChallenge.create(REALM, "not-ours", DigestAlgorithm.MD5,
                false));
        assertThat(verifier.verify(creds, "REGISTER", ha1, DigestAlgorithm.MD5))
                .isEqualTo(VerificationResult.BAD_NONCE);
    }

    @Test
    void realmAndAlgorithmMustMatch() {
        DigestChallenge otherRealm = DigestChallenge.create("other", nonces.issue("other", DigestAlgorithm.MD5), DigestAlgorithm.MD5,
                false);
        assertThat(verifier.verify(answer("right", otherRealm), "REGISTER", ha1, DigestAlgorithm.MD5))
                .isEqualTo(VerificationResult.REALM_MISMATCH);
        DigestCredentials sha = answer("right", challenge(DigestAlgorithm.SHA_256));
        assertThat(verifier.verify(sha, "REGISTER", ha1, DigestAlgorithm.MD5))
                .isEqualTo(VerificationResult.ALGORITHM_MISMATCH);
    }

    /** RFC 8760 §2.4: one challenge per algorithm; an answer in MD5 to the SHA-256 challenge's nonce answered no challenge. */
    @Test
    void anAnswerVerifiesOnlyAgainstTheChallengeItsNonceCameWith() {
        DigestChallenge sha = challenge(DigestAlgorithm.SHA_256);
        DigestCredentials md5WithShaNonce = answer("right", DigestChallenge.create(REALM, sha.nonce(), DigestAlgorithm.MD5, false));
        assertThat(verifier.verify(md5WithShaNonce, "REGISTER", ha1, DigestAlgorithm.MD5)).isEqualTo(VerificationResult.BAD_NONCE);
        DigestCredentials unbound = answer("right", DigestChallenge.create(REALM, nonces.issue(REALM), DigestAlgorithm.MD5, false));
        assertThat(verifier.verify(unbound, "REGISTER", ha1, DigestAlgorithm.MD5)).as("a nonce issued for no algorithm").isEqualTo(VerificationResult.BAD_NONCE);
    }

    @Test
    void credentialsWithoutQopOrCnonceAreMissingParameter() throws Exception {
        String nonce = nonces.issue(REALM, DigestAlgorithm.MD5);
        DigestCredentials rfc2069 = answer("right", new DigestChallenge(REALM, List.of(), nonce, null, false,
                DigestAlgorithm.MD5, List.of(), null, false, List.of()));
        assertThat(verifier.verify(rfc2069, "REGISTER", ha1, DigestAlgorithm.MD5))
                .isEqualTo(VerificationResult.MISSING_PARAMETER);
        DigestCredentials noCnonce = DigestCredentials.parse("Digest username=\"alice\", realm=\"" + REALM
                + "\", nonce=\"" + nonce + "\", uri=\"" + URI + "\", response=\"00\", qop=auth, nc=00000001");
        assertThat(verifier.verify(noCnonce, "REGISTER", ha1, DigestAlgorithm.MD5))
                .isEqualTo(VerificationResult.MISSING_PARAMETER);
        DigestCredentials oddQop = DigestCredentials.parse("Digest username=\"alice\", realm=\"" + REALM
                + "\", nonce=\"" + nonce + "\", uri=\"" + URI + "\", response=\"00\", qop=auth-conf, cnonce=\"c\", "
                + "nc=00000001");
        assertThat(verifier.verify(oddQop, "REGISTER", ha1, DigestAlgorithm.MD5))
                .isEqualTo(VerificationResult.UNSUPPORTED_QOP);
    }

    @Test
    void authIntCoversTheBody() {
        DigestChallenge challenge = new DigestChallenge(REALM, List.of(), nonces.issue(REALM, DigestAlgorithm.MD5), null, false,
                DigestAlgorithm.MD5, List.of("auth-int"), null, false, List.of());
        byte[] body = "<xml/>".getBytes(StandardCharsets.UTF_8);
        DigestCredentials creds = client.answer(DigestSession.start(challenge).nextRequest(),
                new DigestSecret.Password("alice", "right"), "REGISTER", URI, body);
        assertThat(verifier.verify(creds, "REGISTER", body, ha1, DigestAlgorithm.MD5))
                .isEqualTo(VerificationResult.OK);
        assertThat(verifier.verify(creds, "REGISTER", ha1, DigestAlgorithm.MD5))
                .isEqualTo(VerificationResult.WRONG_RESPONSE);
    }

    @Test
    void badStoredHa1IsAConfigurationError() {
        DigestCredentials creds = answer("right", challenge(DigestAlgorithm.MD5));
        assertThatThrownBy(() -> verifier.verify(creds, "REGISTER", "abc", DigestAlgorithm.MD5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
