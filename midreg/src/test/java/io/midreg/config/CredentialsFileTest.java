package io.midreg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.midreg.registrar.AorNormalizer;
import io.midreg.sip.auth.DigestAlgorithm;
import io.midreg.sip.auth.DigestSecret;
import io.midreg.sip.auth.Ha1;
import io.midreg.registrar.surrogate.Credentials;
import io.midreg.registrar.surrogate.SurrogateCredential;
import io.midreg.testing.TestConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialsFileTest {
    private static final AorNormalizer AORS = new AorNormalizer(Map.of("alias.example.com", "example.com"));
    private static final String MD5_HA1 = Ha1.compute(DigestAlgorithm.MD5, "bob", "example.com", "hunter2");

    @Test
    void aFileOfOneHundredThousandAorsLoads() throws Exception {
        // ~11 MB: past snakeyaml's default 3 MB document limit, which refused it as "not valid YAML"
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            b.append("- aor: sip:user").append(i).append("@example.com\n  username: trunk\n  realm: example.com\n  password: pw-").append(i)
                    .append('\n');
        }
        List<SurrogateCredential> creds = CredentialsFile.parse("big.yaml", b.toString(), AORS);
        assertThat(creds).hasSize(100_000);
        assertThat(creds.get(99_999).aor()).isEqualTo("sip:user99999@example.com");
    }

    @Test
    void readsPasswordsAndHa1sWithNormalisedAors() throws Exception {
        String text = """
                # surrogate credentials
                - aor: sip:Alice@ALIAS.example.com:5060
                  realm: example.com
                  password: s3cret
                - aor: sip:bob@example.com
                  username: bob-auth
                  realm: example.com
                  ha1: %s
                  algorithm: MD5
                """.formatted(MD5_HA1);
        List<SurrogateCredential> creds = CredentialsFile.parse("creds.yaml", text, AORS);
        assertThat(creds).hasSize(2);
        assertThat(creds.get(0).aor()).isEqualTo("sip:Alice@example.com");
        assertThat(creds.get(0).username()).as("defaults to the AOR's user").isEqualTo("Alice");
        assertThat(creds.get(0).secret()).isInstanceOf(DigestSecret.Password.class);
        assertThat(creds.get(0).challenge()).as("the default device challenge").containsExactly(DigestAlgorithm.MD5);
        assertThat(creds.get(1).username()).isEqualTo("bob-auth");
        assertThat(creds.get(1).secret()).isInstanceOf(DigestSecret.PrecomputedHa1.class);
        assertThat(creds.get(1).challenge()).containsExactly(DigestAlgorithm.MD5);
        assertThat(new Credentials(creds).lookup("sip:bob@example.com")).isPresent();
    }

    @Test
    void theDeviceChallengeIsTheDefaultOrTheEntrysOwnLessWhatAnHa1CannotVerify() throws Exception {
        String sha256Ha1 = Ha1.compute(DigestAlgorithm.SHA_256, "carol", "example.com", "pw");
        String text = """
                - aor: sip:alice@example.com
                  realm: example.com
                  password: s3cret
                - aor: sip:bob@example.com
                  realm: example.com
                  ha1: %s
                - aor: sip:carol@example.com
                  realm: example.com
                  ha1: %s
                  algorithm: SHA-256
                - aor: sip:dave@example.com
                  realm: example.com
                  password: pw
                  deviceChallenge: [md5, SHA-256]
                """.formatted(MD5_HA1, sha256Ha1);
        List<SurrogateCredential> creds = CredentialsFile.parse("creds.yaml", text, AORS, List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5));
        assertThat(creds.get(0).challenge()).containsExactly(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);
        assertThat(creds.get(1).challenge()).as("an MD5 HA1 verifies MD5 only").containsExactly(DigestAlgorithm.MD5);
        assertThat(creds.get(2).challenge()).containsExactly(DigestAlgorithm.SHA_256);
        assertThat(creds.get(3).challenge()).as("the entry's own, in its order").containsExactly(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256);
    }

    @Test
    void aDeviceChallengeTheSecretCannotVerifyIsAnErrorWithItsLine() {
        String sha256Ha1 = Ha1.compute(DigestAlgorithm.SHA_256, "carol", "example.com", "pw");
        String text = """
                - aor: sip:bob@example.com
                  realm: example.com
                  ha1: %s
                  deviceChallenge: [SHA-256]
                - aor: sip:carol@example.com
                  realm: example.com
                  ha1: %s
                  algorithm: SHA-256
                - aor: sip:dave@example.com
                  realm: example.com
                  password: pw
                  deviceChallenge: [MD5, SHA-512-256]
                - aor: sip:erin@example.com
                  realm: example.com
                  password: pw
                  deviceChallenge: [MD5, md5]
                - aor: sip:frank@example.com
                  realm: example.com
                  password: pw
                  deviceChallenge: []
                """.formatted(MD5_HA1, sha256Ha1);
        assertThatThrownBy(() -> CredentialsFile.parse("creds.yaml", text, AORS))
                .hasMessageContaining("creds.yaml line 4: '[0].deviceChallenge' offers SHA-256, which an HA1 of MD5 cannot verify")
                .hasMessageContaining("creds.yaml line 7: '[1].ha1' is an HA1 of SHA-256, which cannot verify the device challenge [MD5]")
                .hasMessageContaining("give this entry deviceChallenge: [SHA-256]")
                .hasMessageContaining("creds.yaml line 12: '[2].deviceChallenge[1]' must be MD5 or SHA-256, not 'SHA-512-256'")
                .hasMessageContaining("creds.yaml line 16: '[3].deviceChallenge[1]' repeats MD5")
                .hasMessageContaining("creds.yaml line 20: '[4].deviceChallenge' needs at least one algorithm");
    }

    @Test
    void neverShowsASecretInToString() throws Exception {
        String text = "- aor: sip:alice@example.com\n  realm: example.com\n  password: TopSecretPw\n"
                + "- aor: sip:bob@example.com\n  username: bob\n  realm: example.com\n  ha1: " + MD5_HA1 + "\n";
        List<SurrogateCredential> creds = CredentialsFile.parse("creds.yaml", text, AORS);
        String shown = creds.toString() + new Credentials(creds);
        assertThat(shown).contains("sip:alice@example.com").contains("***").doesNotContain("TopSecretPw").doesNotContain(MD5_HA1);
    }

    @Test
    void everyProblemIsReportedWithFileLineAndKeyAndNoSecret() {
        String text = """
                - aor: sip:alice@example.com
                  realm: example.com
                  password: OnePassword
                  ha1: 0123
                - aor: not-a-sip-uri
                  realm: example.com
                  password: TwoPassword
                - aor: sip:carol@example.com
                  realm: example.com
                  ha1: nothex
                - aor: sip:dave@example.com
                  realm: example.com
                  password: ThreePassword
                - aor: sip:dave@example.com
                  realm: example.com
                  password: FourPassword
                """;
        assertThatThrownBy(() -> CredentialsFile.parse("creds.yaml", text, AORS))
                .hasMessageContaining("creds.yaml line 4: '[0].ha1' needs exactly one of password and ha1")
                .hasMessageContaining("creds.yaml line 5: '[1].aor' must be a SIP AOR")
                .hasMessageContaining("creds.yaml line 10: '[2].ha1' must be 32 hex digits for MD5")
                .hasMessageContaining("creds.yaml line 14: '[4].aor' repeats sip:dave@example.com")
                .message().doesNotContain("OnePassword").doesNotContain("TwoPassword").doesNotContain("ThreePassword").doesNotContain("FourPassword");
    }

    @Test
    void anUnknownKeyIsNamedWithItsLine() {
        String text = "- aor: sip:alice@example.com\n  realm: example.com\n  pasword: typo\n";
        assertThatThrownBy(() -> CredentialsFile.parse("creds.yaml", text, AORS))
                .hasMessageContaining("creds.yaml line 3").hasMessageContaining("unknown key 'pasword'").message().doesNotContain("typo");
    }

    @Test
    void aMissingFileIsAnErrorNamingIt() {
        assertThatThrownBy(() -> CredentialsFile.load(Path.of("/nonexistent/creds.yaml"), AORS)).hasMessageContaining("/nonexistent/creds.yaml");
    }

    @Test
    void configKeysAreCheckedWithTheirLines() throws Exception {
        Path store = Path.of("/tmp/never-opened.store");
        LoadedConfig ok = LoadedConfig.parse("t.yaml", TestConfig.loopback(5060, store).upstream("credentials", "/etc/midreg/creds.yaml").yaml());
        assertThat(ok.upstream().credentials()).isEqualTo(Path.of("/etc/midreg/creds.yaml"));
        assertThat(ok.upstream().negativeCacheFor().toSeconds()).isEqualTo(300);
        assertThat(LoadedConfig.parse("t.yaml", TestConfig.loopback(5060, store).yaml()).upstream().credentials()).isNull();
        assertThatThrownBy(() -> LoadedConfig.parse("t.yaml", TestConfig.loopback(5060, store).registrar("mode", "mirror")
                .upstream("credentials", "/c.yaml").yaml())).hasMessageContaining("line").hasMessageContaining("'upstream.credentials' needs registrar.mode contact or aor");
        assertThat(ok.upstream().provisionalNewDevices()).isFalse();
        assertThat(LoadedConfig.parse("t.yaml", TestConfig.loopback(5060, store).upstream("survival", "{newDevices: provisional}").yaml())
                .upstream().provisionalNewDevices()).isTrue();
        assertThatThrownBy(() -> LoadedConfig.parse("t.yaml", TestConfig.loopback(5060, store).upstream("survival", "{newDevices: maybe}").yaml()))
                .hasMessageContaining("line").hasMessageContaining("'upstream.survival.newDevices' must be reject or provisional");
        assertThatThrownBy(() -> LoadedConfig.parse("t.yaml", TestConfig.loopback(5060, store).upstream("negativeCacheFor", 0).yaml()))
                .hasMessageContaining("line").hasMessageContaining("'upstream.negativeCacheFor' must be within 1..86400");
        assertThat(ok.upstream().deviceChallenge()).as("default").containsExactly(DigestAlgorithm.MD5);
        assertThat(LoadedConfig.parse("t.yaml", TestConfig.loopback(5060, store).upstream("deviceChallenge", "[SHA-256, MD5]").yaml())
                .upstream().deviceChallenge()).containsExactly(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);
        assertThatThrownBy(() -> LoadedConfig.parse("t.yaml", TestConfig.loopback(5060, store).upstream("deviceChallenge", "[SHA-1]").yaml()))
                .hasMessageMatching("(?s).*t\\.yaml line \\d+: 'upstream\\.deviceChallenge\\[0\\]' must be MD5 or SHA-256, not 'SHA-1'.*");
        assertThatThrownBy(() -> LoadedConfig.parse("t.yaml", TestConfig.loopback(5060, store).upstream("deviceChallenge", "[]").yaml()))
                .hasMessageContaining("line").hasMessageContaining("'upstream.deviceChallenge' needs at least one algorithm");
    }
}
