package io.midreg.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestClientTest {

    private final DigestClient client = new DigestClient(new SecureRandom());
    private final DigestSecret alice = new DigestSecret.Password("alice", "s3cret");

    private static DigestChallenge challenge(String nonce, boolean stale, List<String> qop) {
        return new DigestChallenge("example.com", List.of(), nonce, null, stale, DigestAlgorithm.MD5, qop, null,
                false, List.of());
    }

    @Test
    void prefersAuthOverAuthInt() {
        DigestCredentials creds = answer(challenge("n", false, List.of("auth-int", "auth")), null);
        assertThat(creds.qop()).isEqualTo("auth");
    }

    @Test
    void usesAuthIntWhenItIsTheOnlyOfferAndHashesTheBody() {
        DigestChallenge onlyAuthInt = challenge("n", false, List.of("auth-int"));
        DigestSession session = DigestSession.start(onlyAuthInt).nextRequest();
        DigestCredentials withBody = client.answer(session, alice, "REGISTER", "sip:example.com",
                "v=0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "c");
        DigestCredentials otherBody = client.answer(session, alice, "REGISTER", "sip:example.com",
                "v=1".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "c");
        assertThat(withBody.qop()).isEqualTo("auth-int");
        assertThat(withBody.response()).isNotEqualTo(otherBody.response());
    }

    @Test
    void answersRfc2069StyleWithoutQop() {
        DigestCredentials creds = answer(challenge("n", false, List.of()), null);
        assertThat(creds.qop()).isNull();
        assertThat(creds.cnonce()).isNull();
        assertThat(creds.nc()).isZero();
        assertThat(creds.toHeaderValue()).doesNotContain("nc=");
    }

    @Test
    void refusesChallengeWithOnlyUnknownQop() {
        DigestChallenge odd = challenge("n", false, List.of("auth-conf"));
        assertThat(DigestClient.canAnswer(odd, alice)).isFalse();
        assertThatThrownBy(() -> answer(odd, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void freshCnonceEveryRequest() {
        DigestSession session = DigestSession.start(challenge("n", false, List.of("auth"))).nextRequest();
        String first = client.answer(session, alice, "REGISTER", "sip:example.com", null).cnonce();
        String second = client.answer(session, alice, "REGISTER", "sip:example.com", null).cnonce();
        assertThat(first).isNotEqualTo(second).hasSizeGreaterThanOrEqualTo(16);
    }

    @Test
    void sessionCountsRequestsPerNonceAndResetsOnNewOrStaleNonce() {
        DigestSession session = DigestSession.start(challenge("n1", false, List.of("auth")));
        session = session.nextRequest();
        assertThat(client.answer(session, alice, "REGISTER", "sip:example.com", null).toHeaderValue())
                .contains("nc=00000001");
        session = session.nextRequest().nextRequest();
        assertThat(client.answer(session, alice, "REGISTER", "sip:example.com", null).ncHex()).isEqualTo("00000003");

        assertThat(session.onChallenge(challenge("n1", false, List.of("auth"))).nc()).isEqualTo(3);
        assertThat(session.onChallenge(challenge("n1", true, List.of("auth"))).nc()).isZero();
        assertThat(session.onChallenge(challenge("n2", false, List.of("auth"))).nc()).isZero();
    }

    @Test
    void refusesToAnswerBeforeNextRequest() {
        DigestSession fresh = DigestSession.start(challenge("n", false, List.of("auth")));
        assertThatThrownBy(() -> client.answer(fresh, alice, "REGISTER", "sip:example.com", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nextRequest");
    }

    @Test
    void precomputedHa1AnswersOnlyItsRealmAndHash() {
        String ha1 = Ha1.compute(DigestAlgorithm.MD5, "alice", "example.com", "s3cret");
        DigestSecret stored = new DigestSecret.PrecomputedHa1("alice", "example.com", DigestAlgorithm.MD5,
                ha1.toUpperCase(java.util.Locale.ROOT));
        DigestChallenge md5 = challenge("n", false, List.of("auth"));
        DigestSession session = DigestSession.start(md5).nextRequest();
        assertThat(client.answer(session, stored, "REGISTER", "sip:example.com", null, "c"))
                .isEqualTo(client.answer(session, alice, "REGISTER", "sip:example.com", null, "c"));

        DigestChallenge sha = DigestChallenge.create("example.com", "n", DigestAlgorithm.SHA_256, false);
        assertThat(DigestClient.canAnswer(sha, stored)).isFalse();
        assertThat(DigestClient.canAnswer(DigestChallenge.create("other", "n", DigestAlgorithm.MD5, false), stored))
                .isFalse();
    }

    @Test
    void userhashSendsHashedUsername() {
        DigestChallenge challenge = new DigestChallenge("example.com", List.of(), "n", null, false,
                DigestAlgorithm.SHA_256, List.of("auth"), "UTF-8", true, List.of());
        DigestCredentials creds = answer(challenge, null);
        assertThat(creds.userhash()).isTrue();
        assertThat(creds.username()).isEqualTo(DigestAlgorithm.SHA_256.hexDigest("alice", "example.com"));
    }

    @Test
    void secretsStayOutOfToString() {
        assertThat(alice.toString()).doesNotContain("s3cret");
        assertThat(new DigestSecret.PrecomputedHa1("a", "r", DigestAlgorithm.MD5,
                "939e7578ed9e3c518a452acee763bce9").toString()).doesNotContain("939e");
    }

    private DigestCredentials answer(DigestChallenge challenge, byte[] body) {
        return client.answer(DigestSession.start(challenge).nextRequest(), alice, "REGISTER", "sip:example.com",
                body);
    }
}
