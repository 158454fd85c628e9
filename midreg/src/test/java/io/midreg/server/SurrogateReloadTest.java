package io.midreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.config.ReloadOutcome;
import io.midreg.registrar.surrogate.Credentials;
import io.midreg.sip.auth.DigestChallenge;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.TestConfig;
import io.midreg.testing.TestDevice;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The surrogate credentials file: read at start, read again on reload, a wrong one changes nothing. */
@Timeout(60)
class SurrogateReloadTest {
    private MidregServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void aReloadReadsTheCredentialsFileAgainAndAWrongFileChangesNothing() throws Exception {
        Path dir = Files.createTempDirectory("midreg-surrogate-reload");
        Path creds = Files.writeString(dir.resolve("creds.yaml"), "- aor: sip:alice@example.com\n  realm: example.com\n  password: pw-a\n");
        Path file = Files.writeString(dir.resolve("midreg.yaml"), TestConfig.loopback(9, dir.resolve("s.store"))
                .upstream("credentials", creds).upstream("negativeCacheFor", 60).yaml());
        server = new MidregServer(LoadedConfig.load(file));
        server.start();
        Credentials c = server.surrogate().credentials();
        assertThat(c.aors()).containsExactly("sip:alice@example.com");
        server.surrogate().negativeCache().add("sip:alice@example.com", "403", System.currentTimeMillis());

        Files.writeString(creds, "- aor: sip:alice@example.com\n  realm: example.com\n  password: pw-new\n"
                + "- aor: sip:bob@example.com\n  realm: example.com\n  password: pw-b\n");
        ReloadOutcome ok = server.reload();
        assertThat(ok.ok()).isTrue();
        assertThat(c.aors()).containsExactlyInAnyOrder("sip:alice@example.com", "sip:bob@example.com");
        assertThat(server.surrogate().negativeCache().remainingMillis("sip:alice@example.com", System.currentTimeMillis()))
                .as("new credentials deserve a try").isZero();

        Files.writeString(creds, "- aor: sip:carol@example.com\n  realm: example.com\n  password: LeakMe\n  ha1: 00\n");
        ReloadOutcome refused = server.reload();
        assertThat(refused.ok()).isFalse();
        assertThat(refused.error()).contains(creds.toString()).contains("line 4").doesNotContain("LeakMe");
        assertThat(c.aors()).as("unchanged").containsExactlyInAnyOrder("sip:alice@example.com", "sip:bob@example.com");
    }

    /** upstream.deviceChallenge and an entry's own deviceChallenge change what devices are offered, on reload, on the wire. */
    @Test
    void theDeviceChallengeFollowsTheConfigAndTheCredentialsFileOnReload() throws Exception {
        Path dir = Files.createTempDirectory("midreg-surrogate-challenge");
        Path creds = Files.writeString(dir.resolve("creds.yaml"), "- aor: sip:alice@example.com\n  realm: example.com\n  password: pw-a\n");
        TestConfig config = TestConfig.loopback(9, dir.resolve("s.store")).upstream("credentials", creds);
        Path file = Files.writeString(dir.resolve("midreg.yaml"), config.yaml());
        server = new MidregServer(LoadedConfig.load(file));
        server.start();
        InetSocketAddress midreg = server.listeners().stream().filter(l -> l.config().protocol() == TransportProtocol.UDP)
                .map(BoundListener::address).findFirst().orElseThrow();
        try (TestDevice phone = new TestDevice(midreg, "alice", "example.com", "pw-a")) {
            assertThat(algorithms(phone.register(60))).as("the default").containsExactly("MD5");

            Files.writeString(file, config.upstream("deviceChallenge", "[SHA-256, MD5]").yaml());
            ReloadOutcome both = server.reload();
            assertThat(both.ok()).as(both.toString()).isTrue();
            assertThat(algorithms(phone.register(60))).as("upstream.deviceChallenge, in its order").containsExactly("SHA-256", "MD5");

            Files.writeString(creds, "- aor: sip:alice@example.com\n  realm: example.com\n  password: pw-a\n  deviceChallenge: [SHA-256]\n");
            assertThat(server.reload().ok()).isTrue();
            assertThat(algorithms(phone.register(60))).as("the entry's own").containsExactly("SHA-256");

            Files.writeString(file, config.upstream("deviceChallenge", "[MD4]").yaml());
            ReloadOutcome refused = server.reload();
            assertThat(refused.ok()).isFalse();
            assertThat(refused.error()).contains("line").contains("'upstream.deviceChallenge[0]' must be MD5 or SHA-256, not 'MD4'");
            assertThat(algorithms(phone.register(60))).as("unchanged").containsExactly("SHA-256");
        }
    }

    private static java.util.List<String> algorithms(ReceivedMessage challenge) throws Exception {
        assertThat(challenge.status()).isEqualTo(401);
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String v : challenge.wwwAuthenticates()) out.add(DigestChallenge.parse(v).algorithm().token());
        return out;
    }

    @Test
    void aWrongCredentialsFileStopsTheStart() throws Exception {
        Path dir = Files.createTempDirectory("midreg-surrogate-start");
        Path file = Files.writeString(dir.resolve("midreg.yaml"), TestConfig.loopback(9, dir.resolve("s.store"))
                .upstream("credentials", dir.resolve("missing.yaml")).yaml());
        server = new MidregServer(LoadedConfig.load(file));
        org.assertj.core.api.Assertions.assertThatThrownBy(server::start).hasMessageContaining("missing.yaml");
    }
}
