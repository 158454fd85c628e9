package io.midreg.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChallengeSelectorTest {

    private static final String MD5 = "Digest realm=\"r\", nonce=\"a\", algorithm=MD5, qop=\"auth\"";
    private static final String SHA = "Digest realm=\"r\", nonce=\"b\", algorithm=SHA-256, qop=\"auth\"";
    private static final String SHA512 = "Digest realm=\"r\", nonce=\"c\", algorithm=SHA-512-256, qop=\"auth\"";

    @Test
    void picksStrongestSupportedWhateverTheOrder() {
        assertThat(ChallengeSelector.strongest(List.of(MD5, SHA512, SHA)))
                .hasValueSatisfying(c -> assertThat(c.algorithm()).isEqualTo(DigestAlgorithm.SHA_256));
        assertThat(ChallengeSelector.strongest(List.of(SHA, MD5)))
                .hasValueSatisfying(c -> assertThat(c.nonce()).isEqualTo("b"));
    }

    @Test
    void skipsGarbageAndOtherSchemes() {
        assertThat(ChallengeSelector.strongest(List.of("Basic realm=\"r\"", "Digest realm=\"", MD5)))
                .hasValueSatisfying(c -> assertThat(c.nonce()).isEqualTo("a"));
        assertThat(ChallengeSelector.strongest(List.of("NoOneKnowsThisScheme x=y", SHA512))).isEmpty();
    }

    @Test
    void honoursWhatTheSecretCanAnswer() {
        DigestSecret md5Only = new DigestSecret.PrecomputedHa1("u", "r", DigestAlgorithm.MD5,
                Ha1.compute(DigestAlgorithm.MD5, "u", "r", "p"));
        assertThat(ChallengeSelector.strongest(List.of(SHA, MD5), md5Only))
                .hasValueSatisfying(c -> assertThat(c.algorithm()).isEqualTo(DigestAlgorithm.MD5));
    }
}
