package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.server.MidregServer;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.store.AorRecord;
import io.midreg.testing.Cleanup;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.RegistrarMode;
import io.midreg.testing.TestConfig;
import io.midreg.testing.TestDevice;
import io.midreg.upstream.health.BreakerState;
import io.midreg.upstream.health.CircuitBreaker;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mirror mode (every REGISTER relayed) survives an upstream outage like the other modes, with a
 * real Kamailio that goes silent and comes back: the refresh that times out upstream and every
 * refresh while the breaker is open are answered from the store with at most the survival
 * lifetime, nothing reaches the silent peer, a new device and a removal get 503 with
 * Retry-After; once the peer is back, refreshes are relayed again with the device's own lifetime.
 */
@Timeout(120)
class MirrorModeSurvivalIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;
    private static final int DEVICES = 8;
    private static final long EXPIRES = 60;
    private static final long SURVIVAL = 20;

    private final Cleanup started = new Cleanup();
    private final List<TestDevice> devices = new ArrayList<>();

    @AfterEach
    void stop() {
        started.close();
    }

    @Test
    void knownDevicesKeepTheirRegistrationWhileTheUpstreamIsSilent() throws Exception {
        KamailioRegistrar kamailio = started.add(KamailioRegistrar.start(KamailioOptions.withoutAuth()));
        Path dir = Files.createTempDirectory("midreg-mirror-survival");
        String yaml = TestConfig.loopback(kamailio.address().getPort(), dir.resolve("midreg.store")).registrar("mode", "mirror")
                .upstream("breaker", "{failures: 1, openFor: 2, maxOpenFor: 4}").upstream("survival", "{expires: " + SURVIVAL + "}").yaml();
        MidregServer midreg = started.add(new MidregServer(LoadedConfig.parse("mirror-survival.yaml", yaml), System::currentTimeMillis,
                RegistrarEndToEnd.FAST));
        midreg.start();
        InetSocketAddress at = midreg.listeners().stream().filter(l -> l.config().protocol() == TransportProtocol.UDP)
                .map(BoundListener::address).findFirst().orElseThrow();
        CircuitBreaker breaker = (CircuitBreaker) midreg.registrar().relay().health();
        for (int i = 0; i < DEVICES; i++) devices.add(started.add(new TestDevice(at, "mirror" + i, DOMAIN, "pw")));
        for (TestDevice d : devices) assertThat(d.register(EXPIRES).status()).isEqualTo(200);
        long relayed = kamailio.registerRequestsReceived();
        assertThat(relayed).isEqualTo(DEVICES);
        for (TestDevice d : devices) assertThat(d.register(EXPIRES).status()).isEqualTo(200);
        assertThat(kamailio.registerRequestsReceived()).as("mirror mode relays every refresh").isEqualTo(2L * DEVICES);

        // 1. Silent: the first refresh times out upstream (3.2 s with these timers), opens the
        // breaker, and is answered from the store with the survival lifetime.
        kamailio.setOptionsFollowMode(true);
        kamailio.setMode(RegistrarMode.DROP);
        ReceivedMessage first = devices.get(0).register(EXPIRES);
        assertThat(first.status()).as("the refresh whose upstream timed out").isEqualTo(200);
        assertThat(first.contacts().get(0).expires()).isBetween(1L, SURVIVAL);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        long atOpen = kamailio.registerRequestsReceived();

        // 2. Open: every known device's refresh is answered here, nothing is relayed.
        for (int round = 0; round < 2; round++) {
            for (TestDevice d : devices) {
                ReceivedMessage r = d.register(EXPIRES);
                assertThat(r.status()).as("%s while the upstream is down", d).isEqualTo(200);
                assertThat(r.contacts().get(0).expires()).isBetween(1L, SURVIVAL);
            }
        }
        assertThat(kamailio.registerRequestsReceived()).as("no REGISTER reached the silent peer").isEqualTo(atOpen);
        long now = System.currentTimeMillis();
        for (int i = 0; i < DEVICES; i++) {
            AorRecord r = midreg.store().get("sip:mirror" + i + "@" + DOMAIN).orElseThrow();
            assertThat(r.bindings()).hasSize(1);
            assertThat(r.bindings().get(0).expiresAt()).isBetween(now, now + SURVIVAL * 1000);
        }
        assertThat(midreg.registrar().stats().snapshot().absorbedWhileDown()).isGreaterThanOrEqualTo(2L * DEVICES);

        // 3. A new device and a removal cannot be answered here: 503 with Retry-After.
        try (TestDevice newcomer = new TestDevice(at, "mirror-new", DOMAIN, "pw")) {
            ReceivedMessage r = newcomer.register(EXPIRES);
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.header("Retry-After")).isNotNull();
        }
        ReceivedMessage removal = devices.get(1).register(0);
        assertThat(removal.status()).isEqualTo(503);
        assertThat(midreg.store().get("sip:mirror1@" + DOMAIN)).as("the binding is kept").isPresent();
        assertThat(kamailio.registerRequestsReceived()).isEqualTo(atOpen);

        // 4. Back: a probe half-opens the breaker, the first refresh is the trial that closes it, and
        // refreshes are relayed again with the device's own lifetime.
        kamailio.setMode(RegistrarMode.NORMAL);
        long deadline = System.currentTimeMillis() + 20_000;
        while (breaker.state() == BreakerState.OPEN && System.currentTimeMillis() < deadline) Thread.sleep(100);
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        long before = kamailio.registerRequestsReceived();
        for (TestDevice d : devices) {
            ReceivedMessage r = d.register(EXPIRES);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.contacts().get(0).expires()).isBetween(EXPIRES - 1, EXPIRES);
        }
        assertThat(kamailio.registerRequestsReceived() - before).as("relayed again").isEqualTo(DEVICES);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    }
}
