package io.midreg.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DigestAnswerTest {
    /** RFC 2617 §3.5: the worked example, response 6629fae49393a05397450978507c4ef1. */
    @Test
    void reproducesTheRfc2617Example() {
        String challenge = "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
                + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

        String answer = DigestAnswer.authorization(challenge, "Mufasa", "Circle Of Life", "GET", "/dir/index.html", "0a4f113b");

        assertThat(answer).startsWith("Digest username=\"Mufasa\", realm=\"testrealm@host.com\"")
                .contains("response=\"6629fae49393a05397450978507c4ef1\"")
                .contains("qop=auth, nc=00000001, cnonce=\"0a4f113b\"")
                .contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
    }

    /** RFC 7616 §3.9.1: the same request with SHA-256, response 753927fa...a8ef1. */
    @Test
    void reproducesTheRfc7616Sha256Example() {
        String challenge = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
                + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

        String answer = DigestAnswer.authorization(challenge, "Mufasa", "Circle of Life", "GET", "/dir/index.html",
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");

        assertThat(answer).contains("response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\"")
                .contains("algorithm=SHA-256");
    }

    @Test
    void withoutQopTheResponseCoversNonceAndRequestOnly() {
        String answer = DigestAnswer.authorization("Digest realm=\"r\", nonce=\"n\"", "u", "p", "REGISTER", "sip:r", "c");

        assertThat(answer).doesNotContain("qop").doesNotContain("cnonce").contains("response=\"");
    }

    @Test
    void refusesWhatIsNotADigestChallenge() {
        assertThatThrownBy(() -> DigestAnswer.authorization("Basic realm=\"r\"", "u", "p", "REGISTER", "sip:r"))
                .hasMessageContaining("not a digest challenge");
    }
}
