package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.registrar.RegistrarStats;
import io.midreg.server.MidregServer;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.testing.CounterSamples;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.Parallel;
import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.RegistrarMode;
import io.midreg.testing.TestConfig;
import io.midreg.testing.TestDevice;
import io.midreg.upstream.health.BreakerState;
import io.midreg.upstream.health.CircuitBreaker;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The circuit breaker and survival while the upstream is down, with real peers: midreg (breaker after 3 failures, 1 s doubling to 4 s,
 * survival lifetime 30 s, cap 20/s burst 5, transaction timers T1 = 50 ms so a silent peer
 * times out in 3.2 s) in front of a real Kamailio whose REGISTERs and OPTIONS are switched
 * live: silent, then 503 with Retry-After, then back. Every REGISTER and OPTIONS is counted at
 * Kamailio. Asserted: the breaker opens after exactly 3 failed REGISTERs and nothing more
 * reaches the silent peer but bounded probes; established devices keep getting 200 and stay in
 * the store; a new device gets 503 with Retry-After; no REGISTER and no OPTIONS reaches the peer
 * before its Retry-After has run out; once it is back, every device's pending refresh reaches
 * it and the REGISTER rate there never exceeds the cap.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class UpstreamOutageIT {
    private static final int DEVICES = 40;
    private static final int FAILURES = 3;
    private static final long RATE = 20;
    private static final long BURST = 5;
    /** The devices register for 30 s: with upstream.expires 60 and refreshMargin 0.1 (6 s) a fresh upstream binding is not due. */
    private static final long FIRST_EXPIRES = 30;
    /** Then refresh for 55 s: 55 + 6 > 60, so every refresh is due upstream until its upstream binding is renewed. */
    private static final long DEVICE_EXPIRES = 55;
    private static final long SURVIVAL = 30;
    private static final int RETRY_AFTER = 4;

    private KamailioRegistrar kamailio;
    private MidregServer midreg;
    private InetSocketAddress at;
    private final List<TestDevice> devices = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        kamailio = KamailioRegistrar.start(KamailioOptions.withoutAuth());
        Path dir = Files.createTempDirectory("midreg-outage");
        String yaml = TestConfig.loopback(kamailio.address().getPort(), dir.resolve("midreg.store"))
                .upstream("rate", RATE).upstream("burst", BURST)
                .upstream("expires", 60).upstream("refreshMargin", 0.1).upstream("expiresDeviation", 0)
                .upstream("breaker", "{failures: " + FAILURES + ", openFor: 1, maxOpenFor: 4}")
                .upstream("survival", "{expires: " + SURVIVAL + "}").yaml();
        midreg = new MidregServer(LoadedConfig.parse("outage.yaml", yaml), System::currentTimeMillis, RegistrarEndToEnd.FAST);
        midreg.start();
        at = midreg.listeners().stream().filter(l -> l.config().protocol() == TransportProtocol.UDP).map(BoundListener::address)
                .findFirst().orElseThrow();
        for (int i = 0; i < DEVICES; i++) devices.add(new TestDevice(at, "out" + i, KamailioOptions.DEFAULT_REALM, "pw"));
    }

    @AfterAll
    void stop() {
        devices.forEach(TestDevice::close);
        if (midreg != null) midreg.close();
        if (kamailio != null) kamailio.close();
    }

    @Test
    void survivesASilentThenUnavailableUpstreamAndCatchesUpPacedWhenItReturns() throws Exception {
        CircuitBreaker breaker = (CircuitBreaker) midreg.registrar().relay().health();
        for (TestDevice d : devices) assertThat(d.register(FIRST_EXPIRES).status()).isEqualTo(200);
        assertThat(kamailio.registeredUsers()).isEqualTo(DEVICES);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);

        // 1. Silent (REGISTER and OPTIONS unanswered): each due refresh times out upstream but the
        // device gets 200 from the store; the third failure opens the breaker.
        kamailio.setOptionsFollowMode(true);
        kamailio.setMode(RegistrarMode.DROP);
        Thread.sleep(500); // the pacer's bucket refills (the registrations emptied it): due refreshes are forwarded, not absorbed paced
        RegistrarStats.Snapshot s0 = stats();
        for (int i = 0; i < FAILURES; i++) {
            ReceivedMessage r = devices.get(i).register(DEVICE_EXPIRES);
            assertThat(r.status()).as("refresh %d with the upstream silent", i).isEqualTo(200);
            assertThat(r.contacts().get(0).expires()).isBetween(1L, SURVIVAL);
        }
        long openedAt = System.nanoTime();
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(stats().forwarded() - s0.forwarded()).isEqualTo(FAILURES);
        long registersAtOpen = kamailio.registerRequestsReceived();
        long rounds = refreshAllFor(6_000);
        RegistrarStats.Snapshot s1 = stats();
        assertThat(s1.forwarded() - s0.forwarded()).as("nothing forwarded once open").isEqualTo(FAILURES);
        assertThat(kamailio.registerRequestsReceived()).as("no REGISTER reached the silent peer once open").isEqualTo(registersAtOpen);
        assertThat(s1.absorbedWhileDown() - s0.absorbedWhileDown()).isEqualTo(FAILURES + rounds * DEVICES);
        double openSeconds = (System.nanoTime() - openedAt) / 1e9;
        // each probe waits for its time-out (3.2 s) and a spell of at least 0.75 s before the next
        assertThat(breaker.probes()).as("probes in %.1f s open", openSeconds).isBetween(1L, (long) (openSeconds / 3.2) + 1);
        assertStoreHoldsEveryDevice();

        // 2. A new device while the target is down: 503 with Retry-After, nothing upstream.
        try (TestDevice newcomer = new TestDevice(at, "out-new", KamailioOptions.DEFAULT_REALM, "pw")) {
            ReceivedMessage r = newcomer.register(DEVICE_EXPIRES);
            assertThat(r.status()).isEqualTo(503);
            assertThat(Long.parseLong(r.header("Retry-After").trim())).isBetween(1L, 5L);
            assertThat(midreg.store().get("sip:out-new@" + KamailioOptions.DEFAULT_REALM)).isEmpty();
            assertThat(kamailio.registerRequestsReceived()).isEqualTo(registersAtOpen);
            assertThat(stats().rejectedWhileDown()).isEqualTo(s0.rejectedWhileDown() + 1);
        }

        // 3. 503 with Retry-After (to OPTIONS too): the probe that gets it is the last thing the
        // peer sees until the Retry-After has run out.
        kamailio.setRetryAfter(RETRY_AFTER);
        kamailio.setMode(RegistrarMode.UNAVAILABLE_503);
        long options = kamailio.statistic("rcv_requests_options");
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (kamailio.statistic("rcv_requests_options") == options && System.nanoTime() < deadline) Thread.sleep(20);
        long answeredAt = System.nanoTime();
        assertThat(kamailio.statistic("rcv_requests_options")).as("a probe reached the 503ing peer").isGreaterThan(options);
        // that may have been a retransmission of a probe sent while the peer was silent, dropped just
        // before the switch: the next one (timer E, at most T2 = 400 ms later) gets the 503
        Thread.sleep(500);
        long optionsAfter = kamailio.statistic("rcv_requests_options");
        long registersAfter = kamailio.registerRequestsReceived();
        while (System.nanoTime() - answeredAt < (RETRY_AFTER * 1000L - 300) * 1_000_000L) {
            for (TestDevice d : devices) assertThat(d.register(DEVICE_EXPIRES).status()).isEqualTo(200);
            Thread.sleep(100);
        }
        assertThat(kamailio.statistic("rcv_requests_options")).as("no OPTIONS before the Retry-After ran out").isEqualTo(optionsAfter);
        assertThat(kamailio.registerRequestsReceived()).as("no REGISTER before the Retry-After ran out").isEqualTo(registersAfter);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertStoreHoldsEveryDevice();

        // 4. Back: a probe half-opens it, a trial REGISTER closes it, and every device's pending
        // refresh goes upstream through the pacer.
        long registersBefore = kamailio.registerRequestsReceived();
        long backAt = System.currentTimeMillis();
        kamailio.setMode(RegistrarMode.NORMAL);
        long txBefore = midreg.stack().transactions().stats().retransmissionsSent();
        CounterSamples samples = new CounterSamples(kamailio::registerRequestsReceived);
        ExecutorService pool = Executors.newFixedThreadPool(DEVICES);
        int catchUpRounds;
        try {
            catchUpRounds = samples.during(Duration.ZERO, Duration.ZERO, 900, () -> {
                for (int round = 1; round <= 60; round++) {
                    List<TestDevice> pending = pendingSince(backAt);
                    if (pending.isEmpty()) return round - 1;
                    for (ReceivedMessage r : Parallel.all(pool, pending, d -> d.register(DEVICE_EXPIRES))) assertThat(r.status()).as("refresh after the upstream came back").isEqualTo(200);
                    Thread.sleep(300);
                }
                return -1;
            });
        } finally {
            pool.shutdownNow();
        }
        assertThat(catchUpRounds).as("every pending refresh reached the upstream; breaker %s after %d probes, %d opens; %s; %s",
                breaker.state(), breaker.probes(), breaker.opens(), stats(), upstreamTimes()).isPositive();
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        samples.assertCapHeld(BURST, RATE, midreg.stack().transactions().stats().retransmissionsSent() - txBefore, 5);
        assertThat(kamailio.registerRequestsReceived() - registersBefore).isGreaterThanOrEqualTo(DEVICES);
        assertThat(kamailio.registeredUsers()).isEqualTo(DEVICES);
        RegistrarStats.Snapshot end = stats();
        System.out.printf("outage IT: %d forwarded before open, %d refresh rounds absorbed while silent, %d probes, %d absorbed while down,"
                        + " %d rejected while down; caught up in %d rounds, %d REGISTERs upstream after recovery (%d samples)%n",
                FAILURES, rounds, breaker.probes(), end.absorbedWhileDown(), end.rejectedWhileDown(), catchUpRounds,
                kamailio.registerRequestsReceived() - registersBefore, samples.samples().size());
    }

    private RegistrarStats.Snapshot stats() {
        return midreg.registrar().stats().snapshot();
    }

    /** Every device refreshes, one after another, in rounds for {@code millis}; each gets 200. Returns the rounds. */
    private long refreshAllFor(long millis) throws Exception {
        long end = System.nanoTime() + millis * 1_000_000L;
        long rounds = 0;
        while (System.nanoTime() < end && rounds < 200) {
            for (TestDevice d : devices) {
                ReceivedMessage r = d.register(DEVICE_EXPIRES);
                assertThat(r.status()).as("refresh of %s while the upstream is down", d.contact()).isEqualTo(200);
                assertThat(r.contacts().get(0).expires()).isBetween(1L, SURVIVAL);
            }
            rounds++;
            Thread.sleep(200);
        }
        return rounds;
    }

    private void assertStoreHoldsEveryDevice() {
        long now = System.currentTimeMillis();
        for (int i = 0; i < DEVICES; i++) {
            AorRecord rec = midreg.store().get("sip:out" + i + "@" + KamailioOptions.DEFAULT_REALM).orElseThrow();
            assertThat(rec.bindings()).as("device %d", i).hasSize(1).allSatisfy(b -> assertThat(b.expiresAt()).isGreaterThan(now));
        }
    }

    private List<String> upstreamTimes() {
        List<String> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < DEVICES; i++) {
            AorRecord rec = midreg.store().get("sip:out" + i + "@" + KamailioOptions.DEFAULT_REALM).orElse(null);
            if (rec == null) out.add("none");
            else for (Binding b : rec.bindings()) out.add(b.upstream() == null ? "no-upstream" : (now - b.upstream().lastRefreshAt()) + "ms/" + (b.upstream().expiresAt() - now));
        }
        return out;
    }

    /** The devices whose upstream binding was not renewed since {@code t}: their refresh is still pending. */
    private List<TestDevice> pendingSince(long t) {
        List<TestDevice> out = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            AorRecord rec = midreg.store().get("sip:out" + i + "@" + KamailioOptions.DEFAULT_REALM).orElse(null);
            boolean renewed = rec != null && !rec.bindings().isEmpty();
            if (rec != null) for (Binding b : rec.bindings()) if (b.upstream() == null || b.upstream().lastRefreshAt() < t) renewed = false;
            if (!renewed) out.add(devices.get(i));
        }
        return out;
    }
}
