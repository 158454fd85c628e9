package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.registrar.surrogate.SurrogateStats;
import io.midreg.server.MidregServer;
import io.midreg.store.AorRecord;
import io.midreg.testing.Baresip;
import io.midreg.testing.Baresips;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.RegisteredContact;
import io.midreg.testing.TestConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Surrogate registration with a real softphone nobody here wrote: baresip 1.0 from Debian (libre's
 * SIP stack, MD5 digest only), headless, registering through midreg, with Kamailio (digest auth,
 * password {@code pw-U}) as the upstream. With the default device challenge (MD5 alone) it
 * registers, refreshes and de-registers; offered SHA-256 alone it cannot answer and never
 * registers, as docs/operator-guide.md says.
 */
@Timeout(120)
class BaresipSurrogateIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;

    @RegisterExtension
    final Baresips phones = new Baresips();

    private KamailioRegistrar kamailio;
    private MidregServer midreg;

    @AfterEach
    void stop() {
        if (midreg != null) midreg.close();
        if (kamailio != null) kamailio.close();
    }

    /** Kamailio granting at most 20 s; midreg in aor mode holding {@code user}'s credentials, with {@code deviceChallenge} or the default. */
    private void start(String user, String deviceChallenge) throws Exception {
        kamailio = KamailioRegistrar.start(KamailioOptions.withAuth().minExpires(5).maxExpires(20));
        Path dir = Files.createTempDirectory("midreg-baresip");
        Path creds = Files.writeString(dir.resolve("credentials.yaml"),
                "- aor: sip:" + user + "@" + DOMAIN + "\n  realm: " + DOMAIN + "\n  password: pw-" + user + "\n");
        TestConfig config = TestConfig.loopback(kamailio.address().getPort(), dir.resolve("midreg.store"))
                .registrar("mode", "aor").registrar("minExpires", 2).upstream("expires", 60).upstream("credentials", creds);
        if (deviceChallenge != null) config.upstream("deviceChallenge", deviceChallenge);
        midreg = new MidregServer(LoadedConfig.parse("baresip.yaml", config.yaml()), System::currentTimeMillis, RegistrarEndToEnd.FAST);
        midreg.start();
    }

    private InetSocketAddress midregAddress() {
        return RegistrarEndToEnd.udpAddress(midreg);
    }

    private SurrogateStats.Snapshot stats() {
        return midreg.surrogate().stats().snapshot();
    }

    private List<RegisteredContact> upstreamContacts(String aor) {
        try {
            return kamailio.contactsOf(aor);
        } catch (RuntimeException e) { // kamcmd: "AOR has no contacts"
            return List.of();
        }
    }

    @Test
    void baresipRegistersRefreshesAndDeRegistersWithTheDefaultChallenge() throws Exception {
        start("bob", null);
        String aor = "bob@" + DOMAIN;
        long kamailioBefore = kamailio.registerRequestsReceived();
        // regint 6 s: libre refreshes before that runs out, several times within the test
        Baresip phone = phones.start(midregAddress(), "bob", DOMAIN, "pw-bob", 6);

        assertThat(phone.awaitLog(l -> l.contains("SIP/2.0 200 OK"), Duration.ofSeconds(15)))
                .as(() -> "baresip registered; midreg " + stats() + "\nbaresip log:\n" + phone.log()).isTrue();
        assertThat(phone.log()).as("midreg's challenge as baresip saw it").contains("WWW-Authenticate: Digest").contains("algorithm=MD5")
                .doesNotContain("algorithm=SHA-256");
        assertThat(stats().localAuthenticated()).as("baresip answered midreg's MD5 challenge").isGreaterThanOrEqualTo(1);
        assertThat(stats().localAuthFailures()).isZero();
        Optional<AorRecord> held = midreg.store().get("sip:" + aor);
        assertThat(held).isPresent();
        assertThat(held.get().bindings()).hasSize(1);
        assertThat(held.get().bindings().get(0).contactUri()).contains("127.0.0.1:" + phone.port());
        List<RegisteredContact> up = upstreamContacts(aor);
        assertThat(up).as(() -> "midreg registered the AOR at Kamailio in its own name; kamailio log:\n" + kamailio.log()).hasSize(1);
        assertThat(up.get(0).uri()).as("midreg's token Contact, not baresip's").doesNotContain(":" + phone.port());
        long registersAfterFirst = kamailio.registerRequestsReceived() - kamailioBefore;
        assertThat(registersAfterFirst).as("midreg's REGISTER and its answer to Kamailio's challenge").isBetween(2L, 3L);

        // baresip refreshes on its own (every few seconds): each is answered by midreg, never relayed.
        int sentBefore = phone.count("REGISTER sip:" + DOMAIN);
        long absorbedBefore = midreg.registrar().stats().snapshot().absorbed();
        assertThat(phone.awaitLog(l -> count(l, "REGISTER sip:" + DOMAIN) >= sentBefore + 2, Duration.ofSeconds(20)))
                .as(() -> "two refreshes by baresip\n" + phone.log()).isTrue();
        Thread.sleep(500); // the last answer
        assertThat(midreg.registrar().stats().snapshot().absorbed() - absorbedBefore).as("refreshes answered by midreg").isGreaterThanOrEqualTo(2);
        assertThat(phone.count("SIP/2.0 200 OK")).as("baresip's registration and its refreshes accepted").isGreaterThanOrEqualTo(3);
        assertThat(stats().registers()).as("no new upstream registration for a refresh").isEqualTo(1);
        assertThat(midreg.store().get("sip:" + aor).orElseThrow().bindings()).as("still the one binding").hasSize(1);
        assertThat(phone.isAlive()).isTrue();

        // SIGTERM: baresip de-registers (Expires 0) and exits; midreg, the last device gone, de-registers upstream.
        assertThat(phone.stop()).as(() -> "baresip exited by itself after de-registering\n" + phone.log()).isTrue();
        assertThat(phone.log()).as("baresip's de-registration").containsPattern("(?i)expires[:=] ?0");
        waitUntil(() -> midreg.store().get("sip:" + aor).isEmpty(), 5_000);
        assertThat(midreg.store().get("sip:" + aor)).as("the binding removed").isEmpty();
        waitUntil(() -> upstreamContacts(aor).isEmpty(), 10_000);
        assertThat(upstreamContacts(aor)).as("midreg de-registered the AOR at Kamailio").isEmpty();
        assertThat(stats().deregistrations()).isEqualTo(1);
    }

    /** The failure the default avoids: baresip takes SHA-256, cannot compute it, and never registers; the operator sees it in the counters. */
    @Test
    void baresipCannotRegisterWhenOnlySha256IsOffered() throws Exception {
        start("carol", "[SHA-256]");
        long kamailioBefore = kamailio.registerRequestsReceived();
        Baresip phone = phones.start(midregAddress(), "carol", DOMAIN, "pw-carol", 6);

        assertThat(phone.awaitLog(l -> l.contains("algorithm=SHA-256"), Duration.ofSeconds(15)))
                .as(() -> "midreg challenged baresip with SHA-256\n" + phone.log()).isTrue();
        Thread.sleep(3000); // time for any retry baresip makes
        assertThat(phone.log()).as("never accepted").doesNotContain("SIP/2.0 200 OK")
                .as("libre's own words for a challenge it cannot answer").contains("Register: Function not implemented");
        assertThat(stats().localChallenges()).isGreaterThanOrEqualTo(1);
        assertThat(stats().localAuthenticated()).isZero();
        assertThat(midreg.store().get("sip:carol@" + DOMAIN)).isEmpty();
        assertThat(kamailio.registerRequestsReceived()).as("nothing reached the upstream").isEqualTo(kamailioBefore);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) n++;
        return n;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline && !condition.getAsBoolean()) Thread.sleep(100);
    }
}
