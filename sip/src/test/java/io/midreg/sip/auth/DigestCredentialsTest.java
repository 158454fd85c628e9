package io.midreg.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.midreg.sip.auth.DigestParseException.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestCredentialsTest {

    private static final DigestCredentials FULL = new DigestCredentials("bob", "biloxi.com", "n\"1",
            "sip:bob@biloxi.com", "0123456789abcdef0123456789abcdef", DigestAlgorithm.MD5, "c1", "op", "auth", 0x1aL,
            false, List.of(new AuthParam("x-ext", "v", false)));

    @Test
    void formatsNcAsEightHexDigitsAndQuotesPerRfc7616() {
        assertThat(FULL.toHeaderValue()).isEqualTo("Digest username=\"bob\", realm=\"biloxi.com\", "
                + "nonce=\"n\\\"1\", uri=\"sip:bob@biloxi.com\", response=\"0123456789abcdef0123456789abcdef\", "
                + "algorithm=MD5, cnonce=\"c1\", opaque=\"op\", qop=auth, nc=0000001a, x-ext=v");
    }

    @Test
    void roundTrips() throws Exception {
        assertThat(DigestCredentials.parse(FULL.toHeaderValue())).isEqualTo(FULL);
        DigestCredentials minimal = new DigestCredentials("u", "r", "n", "sip:r", "00", DigestAlgorithm.SHA_256,
                null, null, null, 0, true, List.of());
        assertThat(DigestCredentials.parse(minimal.toHeaderValue())).isEqualTo(minimal);
        assertThat(minimal.toHeaderValue()).doesNotContain("nc=").doesNotContain("qop=").contains("userhash=true");
    }

    @Test
    void acceptsWhatRealPhonesSend() throws Exception {
        // Quoted qop and algorithm, upper-case names, no spaces: seen from deployed UAs.
        DigestCredentials creds = DigestCredentials.parse("Digest USERNAME=\"alice\",Realm=\"r\",nonce=\"n\","
                + "uri=\"sip:r\",response=\"ab\",algorithm=\"MD5\",cnonce=\"c\",qop=\"auth\",NC=ffffffff");
        assertThat(creds.username()).isEqualTo("alice");
        assertThat(creds.qop()).isEqualTo("auth");
        assertThat(creds.nc()).isEqualTo(DigestCredentials.MAX_NC);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "0000001", "000000001", "0000000g", "00000000", "-0000001", "+0000001"})
    void rejectsMalformedNonceCount(String nc) {
        DigestParseException e = catchThrowableOfType(DigestParseException.class,
                () -> DigestCredentials.parse("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", "
                        + "response=\"x\", qop=auth, cnonce=\"c\", nc=" + nc));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_PARAMETER);
        assertThat(e).hasMessageContaining("nc");
    }

    @Test
    void missingResponseIsNamed() {
        DigestParseException e = catchThrowableOfType(DigestParseException.class,
                () -> DigestCredentials.parse("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:r\""));
        assertThat(e.reason()).isEqualTo(Reason.MISSING_PARAMETER);
        assertThat(e).hasMessageContaining("response");
    }
}
