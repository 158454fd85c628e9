package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.server.MidregServer;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.FreeLoopbackPort;
import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.SippUas;
import io.midreg.testing.TestConfig;
import io.midreg.testing.TestDevice;
import io.midreg.upstream.health.BreakerState;
import io.midreg.upstream.health.CircuitBreaker;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An upstream outage with a SIPp UAS as the upstream, one SIPp per phase on the same port: it
 * answers 503 with Retry-After, then stays silent, then comes back. Counted at SIPp (its message
 * trace; a retransmission counts once): the 503 with Retry-After opens the breaker at once and
 * nothing reaches the peer until it has run out; while the peer is silent only OPTIONS probes
 * reach it, spaced by the growing back-off, no REGISTER; the devices already registered keep
 * getting 200 from the store and a new device gets 503 with Retry-After; once the peer is back
 * every device's pending refresh reaches it, within the cap (burst + rate * t in any window).
 */
@Timeout(180)
class UpstreamSippOutageIT {
    private static final int DEVICES = 20;
    private static final long RATE = 10;
    private static final long BURST = 3;
    private static final int RETRY_AFTER = 3;
    /** With upstream.expires 60 and refreshMargin 0.1, a first registration for 30 s is not due upstream... */
    private static final long FIRST_EXPIRES = 30;
    /** ...and every refresh for 55 s is (55 + 6 > 60) until its upstream binding is renewed. */
    private static final long DEVICE_EXPIRES = 55;
    /**
     * Once the peer is back: 40 + 6 s is beyond what is left of a binding not renewed since the
     * first registrations (under 45 s by then), and within a renewed one (60 s): each device's
     * refresh goes up once, then is absorbed.
     */
    private static final long CATCH_UP_EXPIRES = 40;
    private static final String DOMAIN = "outage.test";

    private final List<SippUas> peers = new ArrayList<>();
    private final List<TestDevice> devices = new ArrayList<>();
    private MidregServer midreg;

    @AfterEach
    void stop() {
        devices.forEach(TestDevice::close);
        if (midreg != null) midreg.close();
        peers.forEach(SippUas::close);
    }

    private SippUas peer(String scenario, int port, boolean answers, String... extra) throws Exception {
        SippUas uas = SippUas.start(scenario, port, answers, extra);
        peers.add(uas);
        return uas;
    }

    @Test
    void backsOffOnRetryAfterProbesWhileSilentKeepsDevicesAndCatchesUpPaced() throws Exception {
        int port = FreeLoopbackPort.pick();
        SippUas up = peer("upstream-200-uas.xml", port, true);
        Path dir = Files.createTempDirectory("midreg-sipp-outage");
        String yaml = TestConfig.loopback(port, dir.resolve("midreg.store"))
                .upstream("rate", RATE).upstream("burst", BURST)
                .upstream("expires", 60).upstream("refreshMargin", 0.1).upstream("expiresDeviation", 0)
                .upstream("breaker", "{failures: 3, openFor: 1, maxOpenFor: 4}")
                .upstream("survival", "{expires: 30}").yaml();
        midreg = new MidregServer(LoadedConfig.parse("sipp-outage.yaml", yaml), System::currentTimeMillis, RegistrarEndToEnd.FAST);
        midreg.start();
        InetSocketAddress at = midreg.listeners().stream().filter(l -> l.config().protocol() == TransportProtocol.UDP)
                .map(BoundListener::address).findFirst().orElseThrow();
        CircuitBreaker breaker = (CircuitBreaker) midreg.registrar().relay().health();
        for (int i = 0; i < DEVICES; i++) devices.add(new TestDevice(at, "so" + i, DOMAIN, "pw"));
        for (TestDevice d : devices) {
            assertThat(d.register(FIRST_EXPIRES).status()).isEqualTo(200);
            Thread.sleep(1000 / RATE); // registered within the cap, so the bucket is full again below
        }
        assertThat(up.count("REGISTER")).isEqualTo(DEVICES);
        up.close();

        // 1. 503 with Retry-After: the first due refresh meets it; the breaker opens at once; the
        // device is answered from the store; nothing reaches the peer before the Retry-After is over.
        SippUas unavailable = peer("upstream-503-uas.xml", port, true, "-key", "retry", Integer.toString(RETRY_AFTER));
        Thread.sleep(1000);
        long t503 = System.currentTimeMillis();
        ReceivedMessage first = devices.get(0).register(DEVICE_EXPIRES);
        assertThat(first.status()).as("a known device outlives the 503").isEqualTo(200);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        while (System.currentTimeMillis() - t503 < RETRY_AFTER * 1000L - 500) {
            for (TestDevice d : devices) assertThat(d.register(DEVICE_EXPIRES).status()).isEqualTo(200);
            Thread.sleep(100);
        }
        assertThat(unavailable.requests()).as("what reached the 503ing peer before its Retry-After ran out")
                .extracting(SippUas.Received::method).containsExactly("REGISTER");
        unavailable.close();

        // 2. Silent: probes only, spaced by the back-off (each waits for its time-out, 3.2 s with
        // T1 = 50 ms, then an open spell of 1, 2, 4 s less jitter); no REGISTER; devices kept; a new
        // device gets 503 with Retry-After.
        SippUas silent = peer("upstream-silent-uas.xml", port, false);
        long silentFrom = System.currentTimeMillis();
        while (System.currentTimeMillis() - silentFrom < 12_000) {
            for (TestDevice d : devices) {
                ReceivedMessage r = d.register(DEVICE_EXPIRES);
                assertThat(r.status()).as("a known device while the upstream is silent").isEqualTo(200);
                assertThat(r.contacts().get(0).expires()).isBetween(1L, 30L);
            }
            Thread.sleep(200);
        }
        try (TestDevice newcomer = new TestDevice(at, "so-new", DOMAIN, "pw")) {
            ReceivedMessage r = newcomer.register(DEVICE_EXPIRES);
            assertThat(r.status()).isEqualTo(503);
            assertThat(Long.parseLong(r.header("Retry-After").trim())).isBetween(1L, 5L);
        }
        List<SippUas.Received> heard = silent.requests();
        assertThat(heard).as("the silent peer hears probes only").extracting(SippUas.Received::method).containsOnly("OPTIONS");
        // 12 s: at most one probe per time-out plus the shortest spell (3.2 + 0.75 s), and at least one
        assertThat(heard).hasSizeBetween(1, 4);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        silent.close();

        // 3. Back: a probe half-opens the breaker, a trial REGISTER closes it, and every device's
        // pending refresh reaches the peer, paced, once.
        SippUas back = peer("upstream-200-uas.xml", port, true);
        Set<String> reached = new HashSet<>();
        long deadline = System.currentTimeMillis() + 60_000;
        while (reached.size() < DEVICES && System.currentTimeMillis() < deadline) {
            for (TestDevice d : devices) assertThat(d.register(CATCH_UP_EXPIRES).status()).isEqualTo(200);
            Thread.sleep(300);
            reached.clear();
            for (SippUas.Received r : back.requests()) if (r.method().equals("REGISTER")) reached.add(r.toUser());
        }
        assertThat(reached).as("devices whose refresh reached the peer once it was back").hasSize(DEVICES);
        for (TestDevice d : devices) assertThat(d.register(CATCH_UP_EXPIRES).status()).isEqualTo(200);
        assertThat(back.count("REGISTER")).as("one refresh upstream per device, the rest absorbed").isEqualTo(DEVICES);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        List<Long> times = back.requests().stream().filter(r -> r.method().equals("REGISTER")).map(SippUas.Received::atMillis).sorted().toList();
        for (int i = 0; i < times.size(); i++) {
            for (int j = i; j < times.size(); j++) {
                double window = (times.get(j) - times.get(i)) / 1000.0;
                assertThat((double) (j - i + 1)).as("REGISTERs at the peer within %.2f s", window).isLessThanOrEqualTo(BURST + RATE * window + 1);
            }
        }
        System.out.printf("sipp outage IT: %d probes while silent, %d opens, catch-up %d REGISTERs over %.1f s%n", heard.size(), breaker.opens(),
                times.size(), (times.get(times.size() - 1) - times.get(0)) / 1000.0);
    }

    /**
     * Two SIPp upstreams, A (priority 1) and B (priority 2), each with midreg's real circuit
     * breaker: A goes silent; after two timed-out REGISTERs its breaker opens and new devices
     * register at B; A hears only OPTIONS probes meanwhile; once A answers again a probe closes
     * its breaker and new devices go to A again.
     */
    @Test
    void theSecondTargetTakesOverWhileTheFirstsBreakerIsOpen() throws Exception {
        int portA = FreeLoopbackPort.pick();
        int portB = FreeLoopbackPort.pick();
        SippUas a = peer("upstream-200-uas.xml", portA, true);
        SippUas b = peer("upstream-200-uas.xml", portB, true);
        Path dir = Files.createTempDirectory("midreg-sipp-failover");
        String yaml = TestConfig.loopback(0, dir.resolve("midreg.store")).withoutUpstreamTarget()
                .upstream("targets", "[\"127.0.0.1:" + portA + ";priority=1\", \"127.0.0.1:" + portB + ";priority=2\"]")
                .upstream("breaker", "{failures: 2, openFor: 2, maxOpenFor: 2}").yaml();
        midreg = new MidregServer(LoadedConfig.parse("sipp-failover.yaml", yaml), System::currentTimeMillis, RegistrarEndToEnd.FAST);
        midreg.start();
        InetSocketAddress at = midreg.listeners().stream().filter(l -> l.config().protocol() == TransportProtocol.UDP)
                .map(BoundListener::address).findFirst().orElseThrow();
        for (int i = 0; i < 4; i++) devices.add(new TestDevice(at, "fa" + i, DOMAIN, "pw"));
        for (TestDevice d : devices) assertThat(d.register(300).status()).isEqualTo(200);
        assertThat(a.count("REGISTER")).isEqualTo(4);
        assertThat(b.count("REGISTER")).isZero();

        a.close();
        SippUas silentA = peer("upstream-silent-uas.xml", portA, false);
        // new devices: the first two meet A's silence (no store entry to answer from: 408); that opens A's breaker
        for (int i = 0; i < 2; i++) {
            TestDevice d = new TestDevice(at, "fa-new" + i, DOMAIN, "pw");
            devices.add(d);
            assertThat(d.register(300).status()).as("new device %d while A is silent, before its breaker opens", i).isEqualTo(408);
        }
        long openedAt = System.currentTimeMillis();
        for (int i = 0; i < 5; i++) {
            TestDevice d = new TestDevice(at, "fa-next" + i, DOMAIN, "pw");
            devices.add(d);
            assertThat(d.register(300).status()).as("new device %d once A's breaker is open", i).isEqualTo(200);
        }
        assertThat(b.count("REGISTER")).as("new devices at B").isEqualTo(5);
        assertThat(silentA.count("REGISTER")).as("REGISTERs that reached the silent A: the two that opened its breaker").isEqualTo(2);
        Thread.sleep(Math.max(0, 3000 - (System.currentTimeMillis() - openedAt)));
        assertThat(silentA.count("OPTIONS")).as("A is probed while its breaker is open").isGreaterThanOrEqualTo(1);
        silentA.close();

        SippUas backA = peer("upstream-200-uas.xml", portA, true);
        // the next probe (within the open spell of at most 2 s, after the last one's 3.2 s time-out) half-opens it
        long deadline = System.currentTimeMillis() + 20_000;
        int n = 0;
        while (backA.count("REGISTER") == 0 && System.currentTimeMillis() < deadline) {
            TestDevice d = new TestDevice(at, "fa-back" + n++, DOMAIN, "pw");
            devices.add(d);
            assertThat(d.register(300).status()).isEqualTo(200);
            Thread.sleep(250);
        }
        assertThat(backA.count("REGISTER")).as("a new device goes to A again once it answers").isGreaterThanOrEqualTo(1);
        assertThat(backA.count("OPTIONS")).as("the probe that found A back").isGreaterThanOrEqualTo(1);
        TestDevice last = new TestDevice(at, "fa-last", DOMAIN, "pw");
        devices.add(last);
        long before = backA.count("REGISTER");
        assertThat(last.register(300).status()).isEqualTo(200);
        assertThat(backA.count("REGISTER")).as("A closed again: new devices go to A").isEqualTo(before + 1);
    }
}
