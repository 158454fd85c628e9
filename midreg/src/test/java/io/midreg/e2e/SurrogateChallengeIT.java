package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.registrar.surrogate.SurrogateStats;
import io.midreg.server.MidregServer;
import io.midreg.sip.auth.DigestAlgorithm;
import io.midreg.sip.auth.DigestChallenge;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.Sipp;
import io.midreg.testing.TestConfig;
import io.midreg.testing.TestDevice;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The challenge midreg sends the devices of a surrogate AOR, with SIPp (MD5-only, as SIPp 3.6 is)
 * and a SHA-256-capable device, against Kamailio (digest auth, password {@code pw-U}) upstream:
 * what each device challenge lets register, and how a refused answer is counted.
 */
@Timeout(120)
class SurrogateChallengeIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;

    private KamailioRegistrar kamailio;
    private MidregServer midreg;

    @AfterEach
    void stop() {
        if (midreg != null) midreg.close();
        if (kamailio != null) kamailio.close();
    }

    private void start(String deviceChallenge, String... users) throws Exception {
        start(KamailioOptions.withAuth(), deviceChallenge, users);
    }

    private void start(KamailioOptions options, String deviceChallenge, String... users) throws Exception {
        kamailio = KamailioRegistrar.start(options);
        Path dir = Files.createTempDirectory("midreg-challenge");
        StringBuilder creds = new StringBuilder();
        for (String u : users) creds.append("- aor: sip:").append(u).append('@').append(DOMAIN).append("\n  realm: ").append(DOMAIN)
                .append("\n  password: pw-").append(u).append('\n');
        TestConfig config = TestConfig.loopback(kamailio.address().getPort(), dir.resolve("midreg.store")).registrar("mode", "aor")
                .upstream("expires", 60).upstream("credentials", Files.writeString(dir.resolve("credentials.yaml"), creds.toString()));
        if (deviceChallenge != null) config.upstream("deviceChallenge", deviceChallenge);
        midreg = new MidregServer(LoadedConfig.parse("challenge.yaml", config.yaml()), System::currentTimeMillis, RegistrarEndToEnd.FAST);
        midreg.start();
    }

    private InetSocketAddress midregAddress() {
        return RegistrarEndToEnd.udpAddress(midreg);
    }

    private SurrogateStats.Snapshot stats() {
        return midreg.surrogate().stats().snapshot();
    }

    private Sipp.Result sipp(String user, String finalStatus) throws Exception {
        return Sipp.run("register-auth-uac.xml", midregAddress(), "u1", 1, 1, 15, "-s", user, "-au", user, "-ap", "pw-" + user,
                "-set", "final", finalStatus);
    }

    @Test
    void withTheDefaultMd5ChallengeSippRegisters() throws Exception {
        start((String) null, "md5user");
        Sipp.Result r = sipp("md5user", "200");
        assertThat(r.allCallsSucceeded()).as(r.output()).isTrue();
        assertThat(stats().localAuthenticated()).isEqualTo(1);
        assertThat(kamailio.contactsOf("md5user@" + DOMAIN)).hasSize(1);
    }

    @Test
    void offeredSha256AloneSippCannotAnswerAndNothingIsRegistered() throws Exception {
        start("[SHA-256]", "shaonly");
        long before = kamailio.registerRequestsReceived();
        Sipp.Result r = sipp("shaonly", "200");
        assertThat(r.allCallsSucceeded()).as("SIPp 3.6 answers MD5 only: " + r.output()).isFalse();
        assertThat(stats().localAuthenticated()).isZero();
        assertThat(midreg.store().get("sip:shaonly@" + DOMAIN)).isEmpty();
        assertThat(kamailio.registerRequestsReceived()).isEqualTo(before);
    }

    @Test
    void offeredBothADeviceAnsweringEitherRegistersAndTheOrderIsTheConfiguredOne() throws Exception {
        start("[SHA-256, MD5]", "sha", "md5");
        try (TestDevice sha = new TestDevice(midregAddress(), "sha", DOMAIN, "pw-sha");
             TestDevice md5 = new TestDevice(midregAddress(), "md5", DOMAIN, "pw-md5")) {
            ReceivedMessage challenge = sha.register(60);
            assertThat(challenge.wwwAuthenticates()).hasSize(2);
            assertThat(DigestChallenge.parse(challenge.wwwAuthenticates().get(0)).algorithm()).isEqualTo(DigestAlgorithm.SHA_256);
            assertThat(DigestChallenge.parse(challenge.wwwAuthenticates().get(1)).algorithm()).isEqualTo(DigestAlgorithm.MD5);
            assertThat(sha.registerWithAuth(60).status()).as("the first challenge, SHA-256, answered").isEqualTo(200);
            // SIPp takes the first challenge too, and cannot do SHA-256: an MD5-only client needs MD5 first or alone.
            Sipp.Result r = sipp("md5", "200");
            assertThat(r.allCallsSucceeded()).as(r.output()).isFalse();
            assertThat(stats().localAuthenticated()).isEqualTo(1);
        }
    }

    /** An answer in an algorithm midreg did not offer: 401 again, counted as algorithm-not-offered, nothing upstream. */
    @Test
    void anAnswerInAnAlgorithmNotOfferedIsChallengedAgainAndCountedByReason() throws Exception {
        start((String) null, "stubborn");
        long before = kamailio.registerRequestsReceived();
        try (TestDevice phone = new TestDevice(midregAddress(), "stubborn", DOMAIN, "pw-stubborn")) {
            ReceivedMessage r = phone.registerWithAuthIn("SHA-256", 60);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.wwwAuthenticates()).hasSize(1).allSatisfy(v -> assertThat(v).contains("algorithm=MD5"));
            assertThat(stats().localAuthFailuresByReason()).containsEntry("algorithm-not-offered", 1L).containsEntry("wrong-password", 0L);
            assertThat(stats().localAuthFailures()).isEqualTo(1);
            assertThat(kamailio.registerRequestsReceived()).isEqualTo(before);
            assertThat(phone.registerWithAuth(60).status()).as("the same device answering the MD5 challenge").isEqualTo(200);
        }
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + midreg.admin().address().getPort() + "/metrics")).timeout(java.time.Duration.ofSeconds(10)).build();
        String metrics = java.net.http.HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("midreg_surrogate_local_auth_failures_total{reason=\"algorithm-not-offered\"} 1.0");
    }

    /**
     * midreg's own REGISTERs answer whatever the upstream challenges with: Kamailio's auth module
     * configured for MD5, then for SHA-256 (its {@code algorithm} parameter; one challenge each).
     */
    @ParameterizedTest
    @ValueSource(strings = {"MD5", "SHA-256"})
    void midregsOwnRegistrationAnswersTheUpstreamsAlgorithm(String algorithm) throws Exception {
        start(KamailioOptions.withAuth().authAlgorithm(algorithm), null, "up");
        try (TestDevice probe = new TestDevice(kamailio.address(), "probe", DOMAIN, "pw-probe")) {
            assertThat(probe.register(60).wwwAuthenticates()).as("Kamailio challenges in " + algorithm + " alone")
                    .singleElement().asString().contains("algorithm=" + algorithm);
        }
        try (TestDevice phone = new TestDevice(midregAddress(), "up", DOMAIN, "pw-up")) {
            assertThat(phone.registerWithAuth(60).status()).as(() -> "midreg " + stats() + "; kamailio log:\n" + kamailio.log()).isEqualTo(200);
            // (Kamailio's count of REGISTERs includes retransmissions, which the fast test timers make under load.)
            assertThat(stats().registered()).as("midreg's answer to the " + algorithm + " challenge accepted").isEqualTo(1);
            assertThat(kamailio.contactsOf("up@" + DOMAIN)).hasSize(1);
            assertThat(stats().credentialsRefused()).isZero();
        }
    }
}
