package io.midreg.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The worked examples of RFC 2617 §3.5 and RFC 7616 §3.9.1. Note the passwords differ: RFC 2617 uses
 * "Circle Of Life", RFC 7616 "Circle of Life" (checked against the published responses).
 */
class RfcExamplesTest {

    private static final String RFC2617_CHALLENGE = "Digest\r\n"
            + "                 realm=\"testrealm@host.com\",\r\n"
            + "                 qop=\"auth,auth-int\",\r\n"
            + "                 nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\",\r\n"
            + "                 opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

    private static final String RFC2617_AUTHORIZATION = "Digest username=\"Mufasa\",\r\n"
            + "                 realm=\"testrealm@host.com\",\r\n"
            + "                 nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\",\r\n"
            + "                 uri=\"/dir/index.html\",\r\n"
            + "                 qop=auth,\r\n"
            + "                 nc=00000001,\r\n"
            + "                 cnonce=\"0a4f113b\",\r\n"
            + "                 response=\"6629fae49393a05397450978507c4ef1\",\r\n"
            + "                 opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

    private static String rfc7616Challenge(String algorithm) {
        return "Digest\n"
                + "    realm=\"http-auth@example.org\",\n"
                + "    qop=\"auth, auth-int\",\n"
                + "    algorithm=" + algorithm + ",\n"
                + "    nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\",\n"
                + "    opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    }

    private static final String RFC7616_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    private final DigestClient client = new DigestClient(new java.security.SecureRandom());

    @Test
    void rfc2617Section35() throws Exception {
        DigestChallenge challenge = DigestChallenge.parse(RFC2617_CHALLENGE);
        assertThat(challenge.algorithm()).isEqualTo(DigestAlgorithm.MD5); // absent means MD5
        assertThat(challenge.qopOptions()).containsExactly("auth", "auth-int");

        DigestCredentials creds = client.answer(DigestSession.start(challenge).nextRequest(),
                new DigestSecret.Password("Mufasa", "Circle Of Life"), "GET", "/dir/index.html", null, "0a4f113b");

        assertThat(creds.response()).isEqualTo("6629fae49393a05397450978507c4ef1");
        assertThat(creds).isEqualTo(DigestCredentials.parse(RFC2617_AUTHORIZATION));
    }

    @Test
    void rfc7616Section391Md5() throws Exception {
        DigestCredentials creds = answerRfc7616("MD5");
        assertThat(creds.response()).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
        assertThat(creds.qop()).isEqualTo("auth");
        assertThat(creds.ncHex()).isEqualTo("00000001");
        assertThat(creds.opaque()).isEqualTo("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
    }

    @Test
    void rfc7616Section391Sha256() throws Exception {
        DigestCredentials creds = answerRfc7616("SHA-256");
        assertThat(creds.algorithm()).isEqualTo(DigestAlgorithm.SHA_256);
        assertThat(creds.response())
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void rfc7616ResponsesVerifyOnTheServerSide() throws Exception {
        // The verifier recomputes the same digest from the parsed header (nonce is not ours, so only the digest part).
        DigestCredentials creds = answerRfc7616("SHA-256");
        byte[] expected = ResponseDigest.compute(DigestAlgorithm.SHA_256,
                Ha1.compute(DigestAlgorithm.SHA_256, "Mufasa", "http-auth@example.org", "Circle of Life"),
                creds.nonce(), creds.ncHex(), creds.cnonce(), creds.qop(), "GET", creds.uri(), null);
        assertThat(Hex.encode(expected)).isEqualTo(DigestCredentials.parse(creds.toHeaderValue()).response());
    }

    @Test
    void sessVariantsMatchAnIndependentComputation() throws Exception {
        // No RFC publishes a -sess vector; these were computed separately (Python hashlib) from RFC 7616 §3.4.2:
        // HA1 = H(H(user:realm:pass):nonce:cnonce).
        for (var expected : java.util.Map.of(
                "MD5-sess", "8e3825c57e897f5a0dec6c2d4e5059d0",
                "SHA-256-sess", "b8822e12417cb7750f4e2b8515f0dcf25b7dd26993e80bee1426201446a7f59b").entrySet()) {
            DigestChallenge challenge = DigestChallenge.parse(RFC2617_CHALLENGE + ", algorithm=" + expected.getKey());
            DigestCredentials creds = client.answer(DigestSession.start(challenge).nextRequest(),
                    new DigestSecret.Password("Mufasa", "Circle Of Life"), "GET", "/dir/index.html", null,
                    "0a4f113b");
            assertThat(creds.response()).as(expected.getKey()).isEqualTo(expected.getValue());
        }
    }

    private DigestCredentials answerRfc7616(String algorithm) throws DigestParseException {
        DigestChallenge challenge = DigestChallenge.parse(rfc7616Challenge(algorithm));
        return client.answer(DigestSession.start(challenge).nextRequest(),
                new DigestSecret.Password("Mufasa", "Circle of Life"), "GET", "/dir/index.html", null,
                RFC7616_CNONCE);
    }
}
