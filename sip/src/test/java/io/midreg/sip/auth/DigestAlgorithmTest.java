package io.midreg.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DigestAlgorithmTest {

    @Test
    void parsesWireTokensIgnoringCase() throws Exception {
        assertThat(DigestAlgorithm.parse("md5")).isEqualTo(DigestAlgorithm.MD5);
        assertThat(DigestAlgorithm.parse("MD5-SESS")).isEqualTo(DigestAlgorithm.MD5_SESS);
        assertThat(DigestAlgorithm.parse("sha-256")).isEqualTo(DigestAlgorithm.SHA_256);
        assertThat(DigestAlgorithm.parse("SHA-256-sess")).isEqualTo(DigestAlgorithm.SHA_256_SESS);
    }

    @Test
    void absentAlgorithmMeansMd5() throws Exception {
        assertThat(DigestAlgorithm.parse(null)).isEqualTo(DigestAlgorithm.MD5);
    }

    @Test
    void unknownAlgorithmIsTypedError() {
        assertThatThrownBy(() -> DigestAlgorithm.parse("SHA-512-256"))
                .isInstanceOf(DigestParseException.class)
                .hasMessageContaining("SHA-512-256")
                .extracting(e -> ((DigestParseException) e).reason())
                .isEqualTo(DigestParseException.Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void hexDigestJoinsPartsWithColons() {
        assertThat(DigestAlgorithm.MD5.hexDigest("Mufasa", "testrealm@host.com", "Circle Of Life"))
                .isEqualTo(DigestAlgorithm.MD5.hexDigest("Mufasa:testrealm@host.com:Circle Of Life"))
                .isEqualTo("939e7578ed9e3c518a452acee763bce9"); // RFC 2617 §3.5 HA1
        assertThat(DigestAlgorithm.SHA_256.hexDigest(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void hexDigestOfLongAndNonAsciiPartsMatchesPlainUtf8() throws Exception {
        String longPart = "x".repeat(200) + "é€😀" + "y".repeat(70);
        byte[] whole = java.security.MessageDigest.getInstance("SHA-256")
                .digest(("a:" + longPart).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(DigestAlgorithm.SHA_256.hexDigest("a", longPart)).isEqualTo(Hex.encode(whole));
    }

    @Test
    void baseDropsSess() {
        assertThat(DigestAlgorithm.SHA_256_SESS.base()).isEqualTo(DigestAlgorithm.SHA_256);
        assertThat(DigestAlgorithm.MD5_SESS.base()).isEqualTo(DigestAlgorithm.MD5);
        assertThat(DigestAlgorithm.SHA_256.hexLength()).isEqualTo(64);
    }

    @Test
    void ha1IsTheStoredFormEvenForSess() {
        assertThat(Ha1.compute(DigestAlgorithm.MD5_SESS, "Mufasa", "testrealm@host.com", "Circle Of Life"))
                .isEqualTo("939e7578ed9e3c518a452acee763bce9");
    }
}
