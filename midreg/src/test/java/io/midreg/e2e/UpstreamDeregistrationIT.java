package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.registrar.RegistrarStats;
import io.midreg.server.MidregServer;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.TestConfig;
import io.midreg.testing.TestDevice;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * midreg de-registers upstream what it registered there when a device goes silent (its binding
 * expires) or is evicted at the contact limit, against a real Kamailio: the upstream no longer
 * holds midreg's Contact, and received exactly one de-registration; a challenged one is tried once.
 */
@Timeout(90)
class UpstreamDeregistrationIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;

    private KamailioRegistrar kamailio;
    private MidregServer midreg;

    @AfterEach
    void stop() throws Exception {
        if (midreg != null) midreg.close();
        if (kamailio != null) kamailio.close();
    }

    private void start(KamailioOptions options, String mode, String... registrar) throws Exception {
        kamailio = KamailioRegistrar.start(options);
        Path dir = Files.createTempDirectory("midreg-dereg");
        TestConfig config = TestConfig.loopback(kamailio.address().getPort(), dir.resolve("midreg.store"))
                .registrar("mode", mode).registrar("minExpires", 2);
        for (int i = 0; i < registrar.length; i += 2) config.registrar(registrar[i], registrar[i + 1]);
        midreg = new MidregServer(LoadedConfig.parse("dereg.yaml", config.yaml()), System::currentTimeMillis, RegistrarEndToEnd.FAST);
        midreg.start();
    }

    private InetSocketAddress midregAddress() {
        return midreg.listeners().stream().filter(l -> l.config().protocol() == TransportProtocol.UDP).map(BoundListener::address)
                .findFirst().orElseThrow();
    }

    private RegistrarStats.Snapshot stats() {
        return midreg.registrar().stats().snapshot();
    }

    @Test
    void contactModeDeRegistersTheTokenContactOfADeviceThatWentSilent() throws Exception {
        start(KamailioOptions.withoutAuth(), "contact");
        silentDeviceIsDeRegisteredUpstream("silent-c");
    }

    @Test
    void aorModeDeRegistersTheAorContactWhenItsLastDeviceWentSilent() throws Exception {
        start(KamailioOptions.withoutAuth(), "aor");
        silentDeviceIsDeRegisteredUpstream("silent-a");
    }

    private void silentDeviceIsDeRegisteredUpstream(String user) throws Exception {
        try (TestDevice phone = new TestDevice(midregAddress(), user, DOMAIN, "pw-" + user)) {
            assertThat(phone.register(3).status()).isEqualTo(200);
        }
        assertThat(kamailio.contactsOf(user + "@" + DOMAIN)).as("midreg's Contact upstream").hasSize(1);
        long before = kamailio.registerRequestsReceived();
        // The device stays silent: its 3 s run out, the reaper drops it and midreg de-registers upstream.
        waitUntil(() -> kamailio.contactsOf(user + "@" + DOMAIN).isEmpty(), 15_000);
        assertThat(midreg.store().get("sip:" + user + "@" + DOMAIN)).isEmpty();
        Thread.sleep(1500); // no second de-registration follows
        assertThat(kamailio.registerRequestsReceived() - before).as("de-registrations at Kamailio").isEqualTo(1);
        assertThat(stats().upstreamDeregistrations()).isEqualTo(1);
        assertThat(stats().upstreamDeregisterFailures()).isZero();
    }

    @Test
    void contactModeDeRegistersTheBindingEvictedAtTheContactLimit() throws Exception {
        start(KamailioOptions.withoutAuth(), "contact", "maxContacts", "1", "maxContactsPolicy", "evict-oldest");
        String user = "evicted";
        String aor = user + "@" + DOMAIN;
        try (TestDevice first = new TestDevice(midregAddress(), user, DOMAIN, "pw");
             TestDevice second = new TestDevice(midregAddress(), user, DOMAIN, "pw")) {
            assertThat(first.register(60).status()).isEqualTo(200);
            String firstUpstream = kamailio.contactsOf(aor).get(0).uri();
            long before = kamailio.registerRequestsReceived();
            assertThat(second.register(60).status()).isEqualTo(200);
            waitUntil(() -> kamailio.contactsOf(aor).size() == 1, 10_000);
            assertThat(kamailio.contactsOf(aor).get(0).uri()).as("the second device's Contact stays upstream").isNotEqualTo(firstUpstream);
            Thread.sleep(1500);
            assertThat(kamailio.registerRequestsReceived() - before).as("the second REGISTER and one de-registration").isEqualTo(2);
            assertThat(stats().upstreamDeregistrations()).isEqualTo(1);
        }
    }

    @Test
    void aChallengedDeRegistrationIsTriedOnceAndCounted() throws Exception {
        start(KamailioOptions.withAuth(), "contact");
        String user = "challenged";
        try (TestDevice phone = new TestDevice(midregAddress(), user, DOMAIN, "pw-" + user)) {
            assertThat(phone.registerWithAuth(3).status()).isEqualTo(200);
        }
        long before = kamailio.registerRequestsReceived();
        waitUntil(() -> stats().upstreamDeregisterFailures() == 1, 15_000);
        Thread.sleep(3000); // a retry would come after 0.5..1 s
        assertThat(kamailio.registerRequestsReceived() - before).as("de-registration attempts at Kamailio").isEqualTo(1);
        assertThat(stats().upstreamDeregisterFailures()).isEqualTo(1);
        assertThat(kamailio.contactsOf(user + "@" + DOMAIN)).as("upstream keeps the binding until it lapses").hasSize(1);
    }

    private static void waitUntil(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("not reached within " + millis + " ms");
            Thread.sleep(200);
        }
    }
}
