package io.midreg.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.midreg.sip.auth.DigestParseException.Reason;
import io.midreg.testing.ConformanceCorpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthParamsTest {

    @Test
    void parsesTokensQuotedStringsAndEscapes() throws Exception {
        AuthParams params = AuthParams.parse("Digest realm=\"a \\\"b\\\" \\\\c\", algorithm=MD5,nc=00000001");
        assertThat(params.scheme()).isEqualTo("Digest");
        assertThat(params.params()).containsExactly(
                new AuthParam("realm", "a \"b\" \\c", true),
                new AuthParam("algorithm", "MD5", false),
                new AuthParam("nc", "00000001", false));
    }

    @Test
    void toleratesLinearWhitespaceFoldsAndEmptyElements() throws Exception {
        AuthParams params = AuthParams.parse(" \tDIGEST  realm \t=\r\n  \"x\" ,, ,\r\n\tnonce= \"a\r\n b\" ,");
        assertThat(params.isDigest()).isTrue();
        assertThat(params.value("REALM")).contains("x");
        assertThat(params.value("nonce")).contains("a b"); // a fold inside quotes is one space
    }

    @Test
    void keepsUnknownParametersAndWritesThemBack() throws Exception {
        String value = "Digest realm=\"r\", x-vendor=abc, x-quoted=\"has space\"";
        AuthParams params = AuthParams.parse(value);
        assertThat(params.toHeaderValue()).isEqualTo(value);
        assertThat(AuthParams.parse(params.toHeaderValue())).isEqualTo(params);
    }

    @Test
    void otherSchemeIsReportedNotCrashed() throws Exception {
        // RFC 4475 §3.3.7 (regaut01): a registrar ignores it or challenges.
        String value = "NoOneKnowsThisScheme opaque-data=here";
        assertThat(AuthParams.schemeOf(value)).isEqualTo("NoOneKnowsThisScheme");
        AuthParams params = AuthParams.parse(value);
        assertThat(params.isDigest()).isFalse();
        assertThat(params.value("opaque-data")).contains("here");

        DigestParseException e = catchThrowableOfType(DigestParseException.class,
                () -> DigestCredentials.parse(value));
        assertThat(e.reason()).isEqualTo(Reason.NOT_DIGEST_SCHEME);
        assertThat(e).hasMessageContaining("NoOneKnowsThisScheme");
    }

    @Test
    void rfc4475Regaut01FromTheConformanceCorpus() throws Exception {
        String header = new String(ConformanceCorpus.read("rfc4475/regaut01.dat"), StandardCharsets.ISO_8859_1).lines()
                .filter(line -> line.startsWith("Authorization:"))
                .findFirst().orElseThrow()
                .substring("Authorization:".length());
        DigestParseException e = catchThrowableOfType(DigestParseException.class,
                () -> DigestCredentials.parse(header));
        assertThat(e.reason()).isEqualTo(Reason.NOT_DIGEST_SCHEME);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        ",,,,",
        "Digest realm=\"unterminated",
        "Digest realm=\"ends in backslash\\",
        "Digest realm",
        "Digest realm \"x\"",
        "Digest realm=",
        "Digest realm=,nonce=x",
        "Digest =x",
        "Digest realm=\"a\" nonce=\"b\"",
        "Digest realm=\"a\"x",
        "Digest realm=a\"b\"",
        "Digest,realm=x",
        "Digest realm=x, realm=y",
        "Digest realm=\"a\r\nb\"",
        "Digest realm=\"a\u0000b\"",
        "Digest realm=a\u0000b",
        "Digest realm=\"a\\\u0000\"",
        "Digest\u0000 realm=x",
        "Di\u0000gest realm=x",
        "\"Digest\" realm=x",
        "Digest realm=\"x\",, , ;",
    })
    void garbageGivesTypedException(String garbage) {
        DigestParseException e = catchThrowableOfType(DigestParseException.class, () -> AuthParams.parse(garbage));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void nullAndHugeValuesGiveTypedException() {
        assertThat(catchThrowableOfType(DigestParseException.class, () -> AuthParams.parse(null)).reason())
                .isEqualTo(Reason.MALFORMED);
        String huge = "Digest realm=\"" + "a".repeat(10 * 1024) + "\"";
        assertThat(catchThrowableOfType(DigestParseException.class, () -> AuthParams.parse(huge)).reason())
                .isEqualTo(Reason.TOO_LONG);
        assertThat(catchThrowableOfType(DigestParseException.class, () -> DigestChallenge.parse(huge)).reason())
                .isEqualTo(Reason.TOO_LONG);
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertThat(catchThrowableOfType(DigestParseException.class,
                () -> AuthParams.parse("Digest realm=\"abc")))
                .hasMessageContaining("unterminated quoted-string").hasMessageContaining("realm");
        assertThat(catchThrowableOfType(DigestParseException.class,
                () -> AuthParams.parse("Digest realm")))
                .hasMessageContaining("'='").hasMessageContaining("realm");
        assertThat(catchThrowableOfType(DigestParseException.class,
                () -> AuthParams.parse("Digest realm=x, realm=y")))
                .hasMessageContaining("duplicate parameter 'realm'");
        assertThat(catchThrowableOfType(DigestParseException.class,
                () -> AuthParams.parse("Digest realm=\"a\u0000\"")))
                .hasMessageContaining("U+0000");
    }

    @Test
    void onlyCommasAfterDigestIsMissingRealm() {
        DigestParseException e = catchThrowableOfType(DigestParseException.class,
                () -> DigestChallenge.parse("Digest , , ,"));
        assertThat(e.reason()).isEqualTo(Reason.MISSING_PARAMETER);
        assertThat(e).hasMessageContaining("realm");
    }

    @Test
    void randomBytesNeverEscapeAsAnotherException() {
        Random random = new Random(4475); // fixed seed: reproducible
        String alphabet = "Digest realm=\"\\,\r\n\t \u0000\u00e9=abcnonce";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder(random.nextBoolean() ? "Digest " : "");
            int length = random.nextInt(60);
            for (int j = 0; j < length; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String input = sb.toString();
            for (ThrowingParse parse : List.<ThrowingParse>of(AuthParams::parse, DigestChallenge::parse,
                    DigestCredentials::parse)) {
                assertThatCode(() -> {
                    try {
                        parse.apply(input);
                    } catch (DigestParseException expected) {
                        // the only failure allowed
                    }
                }).as("input %s", input.replace("\u0000", "\\0")).doesNotThrowAnyException();
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingParse {
        Object apply(String value) throws DigestParseException;
    }
}
