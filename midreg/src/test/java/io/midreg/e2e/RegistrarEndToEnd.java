package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.registrar.RegistrarStats;
import io.midreg.server.MidregServer;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.store.AorRecord;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.RegistrarMode;
import io.midreg.testing.Sipp;
import io.midreg.testing.TestDevice;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * midreg between real devices (SIPp and a Java phone on UDP) and a real Kamailio registrar with
 * digest authentication, on loopback. Each mode's subclass says what the upstream must see;
 * the scenarios are the registrar's cases (first registration through the challenge, absorbed
 * refreshes and retransmissions, a second device, a Call-ID from another port, max contacts,
 * the wildcard). Every REGISTER is counted at Kamailio.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
abstract class RegistrarEndToEnd {
    static final String DOMAIN = KamailioOptions.DEFAULT_REALM;
    /** T1 = 50 ms: an unanswered upstream REGISTER times out after 3.2 s instead of 32 s. */
    static final TimerConfig FAST = new TimerConfig(Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofMillis(500), Duration.ofSeconds(32), Duration.ofSeconds(5));

    KamailioRegistrar kamailio;
    MidregServer midreg;
    Path dir;
    private int users;

    abstract String mode();

    /** upstream.insertion for this class. */
    String insertion() {
        return "contact";
    }

    /** What the upstream must hold for a device registered through midreg. */
    void assertUpstreamContact(io.midreg.testing.RegisteredContact c) {
        assertThat(c.uri()).contains("@127.0.0.1:" + midregAddress().getPort());
    }

    @BeforeAll
    void start() throws Exception {
        kamailio = KamailioRegistrar.start(KamailioOptions.withAuth());
        dir = Files.createTempDirectory("midreg-e2e");
        String yaml = io.midreg.testing.TestConfig.loopback(kamailio.address().getPort(), dir.resolve("midreg.store"))
                .registrar("mode", mode()).registrar("maxContacts", 2).upstream("insertion", insertion()).yaml();
        midreg = new MidregServer(LoadedConfig.parse("e2e.yaml", yaml), System::currentTimeMillis, FAST);
        midreg.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (midreg != null) midreg.close();
        if (kamailio != null) kamailio.close();
    }

    @AfterEach
    void normalUpstream() {
        kamailio.setMode(RegistrarMode.NORMAL);
    }

    InetSocketAddress midregAddress() {
        return udpAddress(midreg);
    }

    /** Where {@code server} takes SIP over UDP. */
    static InetSocketAddress udpAddress(MidregServer server) {
        return server.listeners().stream().filter(l -> l.config().protocol() == TransportProtocol.UDP).map(BoundListener::address).findFirst()
                .orElseThrow();
    }

    /** A fresh user for each test, so tests do not see each other's bindings. */
    String newUser() {
        return "u" + mode() + (++users);
    }

    String aor(String user) {
        return "sip:" + user + "@" + DOMAIN;
    }

    TestDevice device(String user) throws Exception {
        return new TestDevice(midregAddress(), user, DOMAIN, "pw-" + user);
    }

    Optional<AorRecord> stored(String user) {
        return midreg.store().get(aor(user));
    }

    RegistrarStats.Snapshot stats() {
        return midreg.registrar().stats().snapshot();
    }

    /** REGISTERs midreg sends upstream for 20 refreshes that each cost SIPp {@code perRefresh} REGISTERs. */
    abstract long upstreamRegistersFor20Refreshes();

    @Test
    void sippRegistersThroughTheChallengeThenRefreshes20Times() throws Exception {
        String user = newUser();
        long before = kamailio.registerRequestsReceived();
        long absorbedBefore = stats().absorbed();
        io.midreg.sip.transaction.TransactionStats tx = midreg.stack().transactions().stats();
        long upstreamTxBefore = tx.clientCreated();
        long retransBefore = tx.retransmissionsSent();
        Sipp.Result r = Sipp.run("register-refresh-uac.xml", midregAddress(), "u1", 1, 1, 60,
                "-s", user, "-au", user, "-ap", "pw-" + user, "-set", "domain", DOMAIN, "-set", "expires", "60",
                "-set", "refreshes", "20", "-set", "pause_ms", "20");
        assertThat(r.allCallsSucceeded()).as(r.output()).isTrue();
        long upstream = kamailio.registerRequestsReceived() - before;
        long expected = 2 + upstreamRegistersFor20Refreshes(); // the first: REGISTER, 401 relayed, REGISTER with credentials, 200
        assertThat(tx.clientCreated() - upstreamTxBefore).as("REGISTER transactions midreg started upstream").isEqualTo(expected);
        // Kamailio counts datagrams: on a loaded machine midreg's timer E may resend one (500 ms).
        assertThat(upstream).as("REGISTERs that reached Kamailio").isBetween(expected, expected + tx.retransmissionsSent() - retransBefore);
        assertThat(kamailio.contactsOf(user + "@" + DOMAIN)).as("the upstream holds one contact for the device").hasSize(1)
                .allSatisfy(this::assertUpstreamContact);
        assertThat(stored(user)).isPresent();
        assertThat(stats().absorbed() - absorbedBefore).isEqualTo(upstreamRegistersFor20Refreshes() == 0 ? 20 : 0);
    }

    @Test
    void deviceSeesItsOwnLifetimeAndContact() throws Exception {
        String user = newUser();
        try (TestDevice phone = device(user)) {
            ReceivedMessage ok = phone.registerWithAuth(60);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.contacts()).hasSize(1);
            assertThat(ok.contacts().get(0).uri()).isEqualTo(phone.contact());
            assertThat(ok.contacts().get(0).expires()).isBetween(59L, 60L);
            assertThat(ok.header("Expires")).isNull();
            assertThat(midreg.registrar().activeCounts().bindings()).isGreaterThanOrEqualTo(1);
            assertThat(midreg.registrar().activeCounts().aors()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aRetransmittedRefreshGetsTheSameAnswerAndNothingMoreGoesUpstream() throws Exception {
        String user = newUser();
        try (TestDevice phone = device(user)) {
            assertThat(phone.registerWithAuth(60).status()).isEqualTo(200);
            long afterFirst = kamailio.registerRequestsReceived();
            assertThat(phone.resendLast().status()).as("the accepted first registration, retransmitted").isEqualTo(200);
            assertThat(kamailio.registerRequestsReceived()).isEqualTo(afterFirst);
            // mirror mode forwards refreshes too, so they must answer upstream's challenge
            ReceivedMessage refreshed = upstreamRegistersFor20Refreshes() == 0 ? phone.register(60) : phone.registerWithAuth(60);
            assertThat(refreshed.status()).isEqualTo(200);
            long upstream = kamailio.registerRequestsReceived();
            AorRecord before = stored(user).orElseThrow();

            ReceivedMessage again = phone.resendLast();

            assertThat(again.status()).isEqualTo(200);
            assertThat(again.callId()).isEqualTo(refreshed.callId());
            assertThat(again.cseqNumber()).isEqualTo(refreshed.cseqNumber());
            assertThat(again.contacts()).extracting(ReceivedMessage.Contact::uri).containsExactly(phone.contact());
            assertThat(kamailio.registerRequestsReceived()).as("nothing more upstream").isEqualTo(upstream);
            assertThat(stored(user).orElseThrow().bindings()).extracting(io.midreg.store.Binding::cseq)
                    .isEqualTo(before.bindings().stream().map(io.midreg.store.Binding::cseq).toList());
        }
    }

    @Test
    void secondDeviceOfARegisteredAorIsChallengedByUpstream() throws Exception {
        String user = newUser();
        try (TestDevice first = device(user); TestDevice second = device(user)) {
            assertThat(first.registerWithAuth(60).status()).isEqualTo(200);
            long before = kamailio.registerRequestsReceived();
            ReceivedMessage r = second.register(60);
            assertThat(r.status()).as("a new device is never accepted silently").isEqualTo(401);
            assertThat(kamailio.registerRequestsReceived()).isEqualTo(before + 1);
            assertThat(stored(user).orElseThrow().bindings()).hasSize(1);
        }
    }

    @Test
    void callIdReusedFromAnotherSourcePortIsNotAbsorbed() throws Exception {
        String user = newUser();
        try (TestDevice phone = device(user); TestDevice intruder = device(user)) {
            assertThat(phone.registerWithAuth(60).status()).isEqualTo(200);
            intruder.adoptRegistration(phone.callId(), phone.cseq());
            long before = kamailio.registerRequestsReceived();
            long absorbed = stats().absorbed();
            ReceivedMessage r = intruder.register(60);
            assertThat(r.status()).isEqualTo(401);
            assertThat(kamailio.registerRequestsReceived()).isEqualTo(before + 1);
            assertThat(stats().absorbed()).isEqualTo(absorbed);
        }
    }

    @Test
    void tooBriefIs423WithMinExpiresAndNothingGoesUpstream() throws Exception {
        String user = newUser();
        try (TestDevice phone = device(user)) {
            long before = kamailio.registerRequestsReceived();
            ReceivedMessage r = phone.register(10);
            assertThat(r.status()).isEqualTo(423);
            assertThat(r.minExpires()).isEqualTo(30);
            assertThat(kamailio.registerRequestsReceived()).isEqualTo(before);
        }
    }

    @Test
    void maxContactsRefusesAThirdDeviceWithoutGoingUpstream() throws Exception {
        String user = newUser();
        try (TestDevice a = device(user); TestDevice b = device(user); TestDevice c = device(user)) {
            assertThat(a.registerWithAuth(60).status()).isEqualTo(200);
            assertThat(b.registerWithAuth(60).status()).isEqualTo(200);
            long before = kamailio.registerRequestsReceived();
            ReceivedMessage r = c.register(60);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.reason()).contains("too many contacts");
            assertThat(kamailio.registerRequestsReceived()).isEqualTo(before);
            assertThat(stored(user).orElseThrow().bindings()).hasSize(2);
        }
    }

    @Test
    void wildcardRemovesEverythingHereAndUpstream() throws Exception {
        String user = newUser();
        try (TestDevice a = device(user); TestDevice b = device(user)) {
            assertThat(a.registerWithAuth(60).status()).isEqualTo(200);
            assertThat(b.registerWithAuth(60).status()).isEqualTo(200);
            ReceivedMessage r = a.unregisterAll();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.contacts()).isEmpty();
            assertThat(stored(user)).isEmpty();
            assertThat(kamailio.contactsOf(user + "@" + DOMAIN)).isEmpty();
        }
    }

    @Test
    void upstream403ForANewDeviceLeavesTheGoodBindingInPlace() throws Exception {
        String user = newUser();
        try (TestDevice good = device(user); TestDevice bad = device(user)) {
            assertThat(good.registerWithAuth(60).status()).isEqualTo(200);
            AorRecord before = stored(user).orElseThrow();
            kamailio.setMode(RegistrarMode.REJECT_403);
            ReceivedMessage r = bad.registerWithAuth(60);
            assertThat(r.status()).isEqualTo(403);
            assertThat(stored(user)).contains(before);
        }
    }

    @Test
    void upstreamSilenceGivesTheDevice408AndCommitsNothing() throws Exception {
        String user = newUser();
        try (TestDevice phone = device(user)) {
            long timeouts = stats().upstreamTimeouts();
            kamailio.setMode(RegistrarMode.DROP);
            ReceivedMessage r = phone.register(60);
            assertThat(r.status()).isEqualTo(408);
            assertThat(stored(user)).isEmpty();
            assertThat(stats().upstreamTimeouts()).isEqualTo(timeouts + 1);
        }
    }

    @Test
    void lowerCSeqOnTheSameCallIdIs400() throws Exception {
        String user = newUser();
        try (TestDevice phone = device(user)) {
            assertThat(phone.registerWithAuth(60).status()).isEqualTo(200);
            phone.setCseq(1);
            assertThat(phone.register(60).status()).isEqualTo(400);
        }
    }
}
