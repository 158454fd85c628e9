package io.midreg.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.midreg.sip.auth.DigestParseException.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestChallengeTest {

    @Test
    void parsesEveryField() throws Exception {
        DigestChallenge challenge = DigestChallenge.parse("Digest realm=\"atlanta.com\", "
                + "domain=\"sip:ss1.carrier.com  sip:ss2.carrier.com\", nonce=\"n1\", opaque=\"o\", stale=TRUE, "
                + "algorithm=sha-256-SESS, qop=\"auth,auth-int\", charset=UTF-8, userhash=true, x-ext=\"1\"");
        assertThat(challenge).isEqualTo(new DigestChallenge("atlanta.com",
                List.of("sip:ss1.carrier.com", "sip:ss2.carrier.com"), "n1", "o", true,
                DigestAlgorithm.SHA_256_SESS, List.of("auth", "auth-int"), "UTF-8", true,
                List.of(new AuthParam("x-ext", "1", true))));
    }

    @Test
    void defaultsWhenOptionalParametersAreAbsent() throws Exception {
        DigestChallenge challenge = DigestChallenge.parse("Digest realm=\"r\",nonce=\"n\"");
        assertThat(challenge.algorithm()).isEqualTo(DigestAlgorithm.MD5);
        assertThat(challenge.stale()).isFalse();
        assertThat(challenge.qopOptions()).isEmpty();
        assertThat(challenge.domain()).isEmpty();
        assertThat(challenge.opaque()).isNull();
    }

    @Test
    void formatsAsRfc7616AndRoundTrips() throws Exception {
        DigestChallenge challenge = DigestChallenge.create("midreg \"test\"", "abc", DigestAlgorithm.SHA_256, true);
        String value = challenge.toHeaderValue();
        assertThat(value).isEqualTo(
                "Digest realm=\"midreg \\\"test\\\"\", nonce=\"abc\", stale=true, algorithm=SHA-256, qop=\"auth\"");
        assertThat(DigestChallenge.parse(value)).isEqualTo(challenge);
    }

    @Test
    void fullChallengeRoundTrips() throws Exception {
        DigestChallenge challenge = new DigestChallenge("r", List.of("sip:a", "sip:b"), "n", "op\\aque", false,
                DigestAlgorithm.MD5_SESS, List.of("auth-int", "auth"), "UTF-8", true,
                List.of(new AuthParam("x-token", "t", false), new AuthParam("x-q", "a, b", true)));
        assertThat(DigestChallenge.parse(challenge.toHeaderValue())).isEqualTo(challenge);
    }

    @Test
    void missingNonceIsNamed() {
        DigestParseException e = catchThrowableOfType(DigestParseException.class,
                () -> DigestChallenge.parse("Digest realm=\"r\""));
        assertThat(e.reason()).isEqualTo(Reason.MISSING_PARAMETER);
        assertThat(e).hasMessageContaining("nonce");
    }

    @Test
    void unsupportedAlgorithmIsTyped() {
        DigestParseException e = catchThrowableOfType(DigestParseException.class,
                () -> DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256"));
        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void refusesValuesThatWouldInjectHeaders() {
        assertThatThrownBy(() -> DigestChallenge.create("evil\r\nVia: x", "n", DigestAlgorithm.MD5, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
