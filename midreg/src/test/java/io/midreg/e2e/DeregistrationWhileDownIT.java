package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.registrar.RegistrarStats;
import io.midreg.server.MidregServer;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.RegistrarMode;
import io.midreg.testing.TestConfig;
import io.midreg.testing.TestDevice;
import io.midreg.upstream.health.BreakerState;
import io.midreg.upstream.health.CircuitBreaker;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * midreg's own de-registration (a device went silent) against a real Kamailio that answers
 * 503 with Retry-After: the breaker opens at once, nothing (no retry, no probe) reaches the
 * peer before the Retry-After has run out, and once the peer is back the retry removes the
 * Contact upstream.
 */
@Timeout(90)
class DeregistrationWhileDownIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;
    private static final int RETRY_AFTER = 5;

    private KamailioRegistrar kamailio;
    private MidregServer midreg;

    @AfterEach
    void stop() {
        if (midreg != null) midreg.close();
        if (kamailio != null) kamailio.close();
    }

    @Test
    void aDeRegistrationAnswered503WaitsForTheRetryAfterAndTheBreaker() throws Exception {
        kamailio = KamailioRegistrar.start(KamailioOptions.withoutAuth());
        Path dir = Files.createTempDirectory("midreg-dereg-down");
        String yaml = TestConfig.loopback(kamailio.address().getPort(), dir.resolve("midreg.store")).registrar("minExpires", 2)
                .upstream("breaker", "{openFor: 1, maxOpenFor: 2}").yaml();
        midreg = new MidregServer(LoadedConfig.parse("dereg-down.yaml", yaml), System::currentTimeMillis, RegistrarEndToEnd.FAST);
        midreg.start();
        InetSocketAddress at = midreg.listeners().stream().filter(l -> l.config().protocol() == TransportProtocol.UDP)
                .map(BoundListener::address).findFirst().orElseThrow();
        String user = "gone";
        try (TestDevice phone = new TestDevice(at, user, DOMAIN, "pw")) {
            assertThat(phone.register(3).status()).isEqualTo(200);
        }
        assertThat(kamailio.contactsOf(user + "@" + DOMAIN)).hasSize(1);
        kamailio.setRetryAfter(RETRY_AFTER);
        kamailio.setOptionsFollowMode(true);
        kamailio.setMode(RegistrarMode.UNAVAILABLE_503);
        long registers = kamailio.registerRequestsReceived();

        // The device stays silent: its 3 s run out and midreg de-registers; the 503 opens the breaker.
        waitUntil(() -> kamailio.registerRequestsReceived() > registers, 15_000);
        long refusedAt = System.nanoTime();
        CircuitBreaker breaker = (CircuitBreaker) midreg.registrar().relay().health();
        waitUntil(() -> breaker.state() == BreakerState.OPEN, 2_000);
        Thread.sleep(200);
        long registersAfter = kamailio.registerRequestsReceived();
        long optionsAfter = kamailio.statistic("rcv_requests_options");
        assertThat(registersAfter).isEqualTo(registers + 1);
        kamailio.setMode(RegistrarMode.NORMAL);
        while (System.nanoTime() - refusedAt < (RETRY_AFTER * 1000L - 400) * 1_000_000L) Thread.sleep(100);
        assertThat(kamailio.registerRequestsReceived()).as("no retry before the Retry-After ran out").isEqualTo(registersAfter);
        assertThat(kamailio.statistic("rcv_requests_options")).as("no probe before the Retry-After ran out").isEqualTo(optionsAfter);

        waitUntil(() -> kamailio.contactsOf(user + "@" + DOMAIN).isEmpty(), 20_000);
        RegistrarStats.Snapshot s = midreg.registrar().stats().snapshot();
        assertThat(s.upstreamDeregistrations()).as("the first try and the retry").isEqualTo(2);
        assertThat(s.upstreamDeregisterFailures()).isZero();
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.probes()).isGreaterThanOrEqualTo(1);
    }

    private static void waitUntil(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("not reached within " + millis + " ms");
            Thread.sleep(50);
        }
    }
}
