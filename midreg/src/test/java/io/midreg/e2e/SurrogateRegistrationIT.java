package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.registrar.surrogate.SurrogateStats;
import io.midreg.server.MidregServer;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.RegisteredContact;
import io.midreg.testing.TestConfig;
import io.midreg.testing.TestDevice;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Surrogate registration against a real Kamailio with digest auth (user U's password is pw-U)
 * that grants at most 20 s: midreg authenticates devices itself, registers the AOR upstream in
 * its own name, refreshes it on its own schedule with no device traffic, de-registers it when
 * the device leaves, and with a wrong upstream password tries once (two REGISTERs) and then holds
 * the AOR in the negative cache. Every REGISTER is counted at Kamailio.
 */
@Timeout(120)
class SurrogateRegistrationIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;

    private KamailioRegistrar kamailio;
    private MidregServer midreg;

    @AfterEach
    void stop() {
        if (midreg != null) midreg.close();
        if (kamailio != null) kamailio.close();
    }

    /** Kamailio with auth granting 10 s; midreg in {@code mode} with credentials for {@code users} (user, password pairs). */
    private void start(String mode, String... users) throws Exception {
        start(KamailioOptions.withAuth().minExpires(5).maxExpires(20), mode, users);
    }

    private Path dir;
    private String yaml;
    /** upstream.survival.newDevices for the next start, or null. */
    private String newDevices;

    private void start(KamailioOptions options, String mode, String... users) throws Exception {
        kamailio = KamailioRegistrar.start(options);
        dir = Files.createTempDirectory("midreg-surrogate");
        StringBuilder creds = new StringBuilder("# test credentials\n");
        for (int i = 0; i < users.length; i += 2) {
            creds.append("- aor: sip:").append(users[i]).append('@').append(DOMAIN).append('\n')
                    .append("  realm: ").append(DOMAIN).append('\n')
                    .append("  password: ").append(users[i + 1]).append('\n');
        }
        Path file = Files.writeString(dir.resolve("credentials.yaml"), creds.toString());
        TestConfig config = TestConfig.loopback(kamailio.address().getPort(), dir.resolve("midreg.store"))
                .registrar("mode", mode).registrar("minExpires", 2).upstream("expires", 60).upstream("credentials", file)
                .upstream("negativeCacheFor", 300);
        if (newDevices != null) config.upstream("survival", "{newDevices: " + newDevices + "}");
        yaml = config.yaml();
        midreg = new MidregServer(LoadedConfig.parse("surrogate.yaml", yaml), System::currentTimeMillis, RegistrarEndToEnd.FAST);
        midreg.start();
    }

    private InetSocketAddress midregAddress() {
        return midreg.listeners().stream().filter(l -> l.config().protocol() == TransportProtocol.UDP).map(BoundListener::address)
                .findFirst().orElseThrow();
    }

    private SurrogateStats.Snapshot stats() {
        return midreg.surrogate().stats().snapshot();
    }

    private long distinctRegistersSince(RegistersAtUpstream.Mark mark) {
        return atKamailio().distinctSince(mark);
    }

    private RegistersAtUpstream.Mark mark() {
        return atKamailio().mark();
    }

    private RegistersAtUpstream atKamailio() {
        return new RegistersAtUpstream(kamailio::registerRequestsReceived, midreg);
    }

    @Test
    void aorModeRegistersRefreshesOnItsOwnScheduleAndDeRegisters() throws Exception {
        start("aor", "sa", "pw-sa");
        registersRefreshesAndDeRegisters("sa");
    }

    @Test
    void contactModeRegistersRefreshesOnItsOwnScheduleAndDeRegisters() throws Exception {
        start("contact", "sc", "pw-sc");
        registersRefreshesAndDeRegisters("sc");
    }

    private void registersRefreshesAndDeRegisters(String user) throws Exception {
        String aor = user + "@" + DOMAIN;
        try (TestDevice phone = new TestDevice(midregAddress(), user, DOMAIN, "pw-" + user)) {
            long before = kamailio.registerRequestsReceived();
            ReceivedMessage challenge = phone.register(60);
            assertThat(challenge.status()).as("midreg challenges the new device itself").isEqualTo(401);
            assertThat(challenge.wwwAuthenticates()).as("the default device challenge: MD5 alone").hasSize(1);
            assertThat(challenge.wwwAuthenticates().get(0)).contains("algorithm=MD5");
            assertThat(kamailio.registerRequestsReceived()).as("the challenge came from midreg").isEqualTo(before);

            ReceivedMessage ok = phone.registerWithAuth(60);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.contacts()).hasSize(1);
            assertThat(ok.contacts().get(0).expires()).as("the device's own lifetime").isBetween(59L, 60L);
            long afterRegister = kamailio.registerRequestsReceived();
            assertThat(afterRegister - before).as("midreg's REGISTER and its answer to Kamailio's challenge").isBetween(2L, 3L);
            List<RegisteredContact> up = kamailio.contactsOf(aor);
            assertThat(up).hasSize(1);
            assertThat(up.get(0).uri()).contains("@127.0.0.1:" + midregAddress().getPort()).doesNotContain(user + "@127.0.0.1");
            assertThat(kamailio.registeredUsers()).isGreaterThanOrEqualTo(1);

            // No device traffic for 25 s: Kamailio granted 20 s, midreg refreshes on its own (at half-life), and the binding never lapses.
            long refreshesBefore = stats().refreshes();
            long end = System.currentTimeMillis() + 25_000;
            int looks = 0;
            while (System.currentTimeMillis() < end && looks < 200) {
                List<RegisteredContact> held;
                try {
                    held = kamailio.contactsOf(aor);
                } catch (RuntimeException e) { // kamcmd says "AOR has no contacts"
                    held = List.of();
                }
                long t = System.currentTimeMillis();
                assertThat(held).as(() -> "the upstream binding while no device refreshes, at " + t + "; midreg " + stats() + " "
                        + midreg.registrar().stats().snapshot() + "; store " + midreg.store().get("sip:" + aor) + "; kamailio log:\n" + kamailio.log())
                        .hasSize(1);
                looks++;
                Thread.sleep(400);
            }
            assertThat(stats().refreshes() - refreshesBefore).as("refreshes on midreg's schedule").isGreaterThanOrEqualTo(2);
            // each refresh is challenged by Kamailio: REGISTER + answer
            assertThat(kamailio.registerRequestsReceived() - afterRegister).as("refresh REGISTERs at Kamailio").isGreaterThanOrEqualTo(4);
            assertThat(kamailio.contactsOf(aor).get(0).uri()).as("the same Contact refreshed").isEqualTo(up.get(0).uri());

            // The device leaves (it continues its registration: no credentials needed): midreg de-registers upstream with its credentials.
            ReceivedMessage bye = phone.register(0);
            assertThat(bye.status()).isEqualTo(200);
            waitUntil(() -> kamailio.contactsOf(aor).isEmpty(), 10_000);
            assertThat(stats().deregistrations()).isEqualTo(1);
            assertThat(midreg.registrar().stats().snapshot().upstreamDeregisterFailures()).isZero();
        }
    }

    @Test
    void anOperatorsForcedRefreshOfASurrogateAorGoesUpstreamAtOnce() throws Exception {
        start("aor", "sf", "pw-sf");
        String aor = "sip:sf@" + DOMAIN;
        try (TestDevice phone = new TestDevice(midregAddress(), "sf", DOMAIN, "pw-sf")) {
            assertThat(phone.register(60).status()).isEqualTo(401);
            assertThat(phone.registerWithAuth(60).status()).isEqualTo(200);
            long registeredAt = midreg.store().get(aor).orElseThrow().upstream().lastRefreshAt();
            long before = kamailio.registerRequestsReceived();
            long refreshes = stats().refreshes();
            // Kamailio granted 20 s: midreg's own refresh is not due for about 10 s.
            assertThat(midreg.registrar().operations().refreshUpstream(aor)).isTrue();
            long deadline = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < deadline && kamailio.registerRequestsReceived() < before + 2) Thread.sleep(100);
            assertThat(kamailio.registerRequestsReceived() - before).as("midreg's REGISTER and its answer to the challenge, no device traffic")
                    .isBetween(2L, 3L);
            assertThat(stats().refreshes() - refreshes).isEqualTo(1);
            deadline = System.currentTimeMillis() + 2_000;
            while (System.currentTimeMillis() < deadline && midreg.store().get(aor).orElseThrow().upstream().lastRefreshAt() == registeredAt) {
                Thread.sleep(50);
            }
            assertThat(midreg.store().get(aor).orElseThrow().upstream().lastRefreshAt()).as("the refresh recorded").isGreaterThan(registeredAt);
            assertThat(kamailio.contactsOf("sf@" + DOMAIN)).hasSize(1);
            assertThat(midreg.registrar().operations().refreshUpstream("sip:nobody@" + DOMAIN)).as("unknown AOR").isFalse();
        }
    }

    /**
     * A device whose own lifetime (4 s) is shorter than the upstream refresh margin, refreshing
     * every 2 s (a NAT keep-alive lifetime): midreg still refreshes the AOR upstream on its
     * schedule, so the upstream binding never lapses. (It did: the scheduler took "every device
     * expires before the upstream registration" for "the devices are gone".)
     */
    @Test
    void aShortLivedDeviceThatKeepsRefreshingKeepsTheAorRegisteredUpstream() throws Exception {
        start("aor", "nat", "pw-nat");
        String aor = "nat@" + DOMAIN;
        try (TestDevice phone = new TestDevice(midregAddress(), "nat", DOMAIN, "pw-nat")) {
            assertThat(phone.registerWithAuth(4).status()).isEqualTo(200);
            long registers = stats().registers();
            long end = System.currentTimeMillis() + 26_000;
            int looks = 0;
            while (System.currentTimeMillis() < end && looks < 100) {
                assertThat(phone.register(4).status()).as("the device's refresh").isEqualTo(200);
                List<RegisteredContact> held;
                try {
                    held = kamailio.contactsOf(aor);
                } catch (RuntimeException e) { // kamcmd: "AOR has no contacts"
                    held = List.of();
                }
                long t = System.currentTimeMillis();
                assertThat(held).as(() -> "the upstream binding at " + t + "; midreg " + stats()).hasSize(1);
                looks++;
                Thread.sleep(2000);
            }
            assertThat(stats().refreshes()).as("midreg's own refreshes (Kamailio grants 20 s)").isGreaterThanOrEqualTo(1);
            assertThat(stats().registers()).as("no registration started by a device refresh").isEqualTo(registers);
        }
    }

    @Test
    void aDeviceWithAWrongPasswordIsRefusedByMidregAndNothingReachesKamailio() throws Exception {
        start("aor", "intruded", "pw-intruded");
        try (TestDevice intruder = new TestDevice(midregAddress(), "intruded", DOMAIN, "guessed")) {
            long before = kamailio.registerRequestsReceived();
            ReceivedMessage r = intruder.registerWithAuth(60);
            assertThat(r.status()).as("challenged again, never accepted").isEqualTo(401);
            assertThat(kamailio.registerRequestsReceived()).isEqualTo(before);
            assertThat(midreg.store().get("sip:intruded@" + DOMAIN)).isEmpty();
            assertThat(stats().localAuthFailures()).isEqualTo(1);
            assertThat(stats().localAuthFailuresByReason()).containsEntry("wrong-password", 1L);
            assertThat(stats().registers()).isZero();
        }
    }

    @Test
    void aBadUpstreamPasswordIsTriedOnceThenTheNegativeCacheHolds() throws Exception {
        // midreg's credentials for "stale" are wrong upstream (Kamailio wants pw-stale); devices use the same ones with midreg.
        start("aor", "stale", "old-password");
        try (TestDevice phone = new TestDevice(midregAddress(), "stale", DOMAIN, "old-password")) {
            RegistersAtUpstream.Mark before = mark();
            ReceivedMessage r = phone.registerWithAuth(60);
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.header("Retry-After")).isNotNull();
            assertThat(Long.parseLong(r.header("Retry-After").trim())).isBetween(290L, 300L);
            assertThat(distinctRegistersSince(before)).as("one attempt: REGISTER and the answered challenge").isEqualTo(2);
            assertThat(midreg.surrogate().negativeCache().added()).isEqualTo(1);

            for (int i = 0; i < 3; i++) {
                ReceivedMessage again = phone.registerWithAuth(60);
                assertThat(again.status()).isEqualTo(503);
            }
            Thread.sleep(2500); // the refresh schedule would have acted by now
            assertThat(distinctRegistersSince(before)).as("nothing more while the negative cache holds").isEqualTo(2);
            assertThat(stats().negativeCacheAnswers()).isEqualTo(3);
            assertThat(stats().credentialsRefused()).isEqualTo(1);
            assertThat(midreg.store().get("sip:stale@" + DOMAIN)).isEmpty();
        }
    }

    @Test
    void a423IsAnsweredWithTheMinExpiresItAsks() throws Exception {
        // midreg asks 60 s; Kamailio wants at least 120 s.
        start(KamailioOptions.withAuth().minExpires(120), "aor", "brief", "pw-brief");
        try (TestDevice phone = new TestDevice(midregAddress(), "brief", DOMAIN, "pw-brief")) {
            RegistersAtUpstream.Mark before = mark();
            assertThat(phone.registerWithAuth(60).status()).isEqualTo(200);
            // REGISTER (401), answer (423), REGISTER with 120 s (401), answer (200)
            assertThat(distinctRegistersSince(before)).isEqualTo(4);
            List<RegisteredContact> up = kamailio.contactsOf("brief@" + DOMAIN);
            assertThat(up).hasSize(1);
            assertThat(up.get(0).expiresSeconds()).isBetween(110L, 120L);
            long upstreamEnd = midreg.store().get("sip:brief@" + DOMAIN).orElseThrow().upstream().expiresAt();
            assertThat(upstreamEnd - System.currentTimeMillis()).isBetween(100_000L, 120_000L);
        }
    }

    @Test
    void contactModeDeRegistersWithCredentialsWhenTheDeviceGoesSilent() throws Exception {
        start("contact", "quiet", "pw-quiet");
        try (TestDevice phone = new TestDevice(midregAddress(), "quiet", DOMAIN, "pw-quiet")) {
            assertThat(phone.registerWithAuth(3).status()).isEqualTo(200);
        }
        assertThat(kamailio.contactsOf("quiet@" + DOMAIN)).hasSize(1);
        RegistersAtUpstream.Mark before = mark();
        // the device's 3 s run out before the upstream's 20 s: no refresh; the reaper drops it and midreg de-registers
        waitUntil(() -> kamailio.contactsOf("quiet@" + DOMAIN).isEmpty(), 15_000);
        assertThat(distinctRegistersSince(before)).as("de-registration and its answer to the challenge").isEqualTo(2);
        assertThat(stats().refreshes()).isZero();
        assertThat(stats().deregistrations()).isEqualTo(1);
        assertThat(midreg.store().get("sip:quiet@" + DOMAIN)).isEmpty();
    }

    @Test
    void aRestartSendsNothingUpstreamThatWasNotDueAndDevicesStayAnsweredLocally() throws Exception {
        start(KamailioOptions.withAuth(), "aor", "steady", "pw-steady"); // Kamailio grants the 60 s asked
        try (TestDevice phone = new TestDevice(midregAddress(), "steady", DOMAIN, "pw-steady")) {
            assertThat(phone.registerWithAuth(60).status()).isEqualTo(200);
            InetSocketAddress address = midregAddress();
            midreg.close();
            long before = kamailio.registerRequestsReceived();
            // a new JVM would do the same: the same config on the same store and the same port
            String again = yaml.replace("port: 0", "port: " + address.getPort());
            midreg = new MidregServer(LoadedConfig.parse("surrogate.yaml", again), System::currentTimeMillis, RegistrarEndToEnd.FAST);
            midreg.start();
            Thread.sleep(3000); // three scheduler passes
            ReceivedMessage refreshed = phone.register(60);
            assertThat(refreshed.status()).as("a continuing refresh, answered locally").isEqualTo(200);
            assertThat(kamailio.registerRequestsReceived() - before).as("REGISTERs upstream after the restart").isZero();
            assertThat(stats().refreshes() + stats().registers()).isZero();
        }
    }

    @Test
    void devicesOfOneAorRegisteringAtOnceMakeOneUpstreamRegistration() throws Exception {
        start("aor", "family", "pw-family");
        int n = 4;
        List<TestDevice> phones = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) phones.add(new TestDevice(midregAddress(), "family", DOMAIN, "pw-family"));
        try {
            RegistersAtUpstream.Mark before = mark();
            var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
            try {
                List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
                for (TestDevice p : phones) answers.add(pool.submit(() -> p.registerWithAuth(60).status()));
                for (var a : answers) assertThat(a.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
            } finally {
                pool.shutdownNow();
            }
            assertThat(distinctRegistersSince(before)).as("one surrogate REGISTER and its answer, for all four").isEqualTo(2);
            assertThat(stats().registers()).isEqualTo(1);
            assertThat(kamailio.contactsOf("family@" + DOMAIN)).hasSize(1);
            assertThat(midreg.store().get("sip:family@" + DOMAIN).orElseThrow().bindings()).hasSize(n);
        } finally {
            for (TestDevice p : phones) p.close();
        }
    }

    @Test
    void provisionalModeAcceptsAnAuthenticatedDeviceWhileTheUpstreamIsSilentAndRegistersItWhenItAnswers() throws Exception {
        newDevices = "provisional";
        start("aor", "early", "pw-early");
        String aor = "early@" + DOMAIN;
        try (TestDevice phone = new TestDevice(midregAddress(), "early", DOMAIN, "pw-early");
             TestDevice intruder = new TestDevice(midregAddress(), "early", DOMAIN, "guessed")) {
            kamailio.setMode(io.midreg.testing.RegistrarMode.DROP);
            long dropStarted = System.currentTimeMillis();
            assertThat(intruder.registerWithAuth(60).status()).as("local authentication still holds").isEqualTo(401);
            ReceivedMessage ok = phone.registerWithAuth(60); // midreg's REGISTER times out (timer F, 3.2 s here)
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.contacts()).hasSize(1);
            assertThat(stats().provisional()).isEqualTo(1);
            assertThat(kamailio.contactsOf(aor)).isEmpty();
            long attempts = stats().registers() + stats().refreshes();
            assertThat(phone.register(60).status()).as("its refresh, answered here").isEqualTo(200);
            assertThat(stats().registers() + stats().refreshes()).as("the refresh triggers nothing").isEqualTo(attempts);

            Thread.sleep(Math.max(0, 13_000 - (System.currentTimeMillis() - dropStarted))); // the retry 5 s after the acceptance times out meanwhile
            kamailio.setMode(io.midreg.testing.RegistrarMode.NORMAL);
            waitUntil(() -> kamailio.contactsOf(aor).size() == 1, 20_000);
            assertThat(stats().failures()).as("retries while the upstream was silent").isGreaterThanOrEqualTo(2);
            assertThat(midreg.store().get("sip:" + aor).orElseThrow().upstream().status()).isEqualTo(io.midreg.store.UpstreamStatus.REGISTERED);
        }
    }

    private static void waitUntil(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("not reached within " + millis + " ms");
            Thread.sleep(200);
        }
    }
}
