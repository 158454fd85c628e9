package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.registrar.RegistrarOperations;
import io.midreg.registrar.RegistrarStats;
import io.midreg.server.MidregServer;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.RegistrarMode;
import io.midreg.testing.TestDevice;
import io.midreg.testing.TwoUpstreams;
import io.midreg.upstream.targets.TargetView;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Failover without waiting for each registration to fall due upstream, with two real Kamailio
 * registrars: A of priority 1 and B of priority 2, an upstream lifetime of an hour so no device
 * refresh is due upstream.
 * Devices register at A; A goes silent and a new device's REGISTER (timed out, 408) takes it out
 * of service. The devices' next refreshes, none of them due, are forwarded to B, paced by B's
 * rate (those without a token are absorbed and move on a later refresh; every device gets 200
 * throughout), until B holds every AOR and midreg's store says B holds them. Then A comes back:
 * the AORs stay at B (nothing reaches A, nothing more reaches B) although A is the choice again,
 * and a device's de-registration and an operator's go to B, where the bindings are. Contact mode
 * (each binding's own upstream registration); {@link UpstreamMoveAorModeIT} runs it in aor mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class UpstreamMoveIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;
    private static final int DEVICES = 20;
    private static final long RATE = 4;
    private static final long BURST = 4;
    /** Device lifetime: with upstream.expires 3600 and the default margin, never due upstream here. */
    private static final long DEVICE_EXPIRES = 60;
    /** How long the silent A stays out of service: long enough for every AOR to move at RATE, short enough to wait for. */
    private static final long OPEN_MILLIS = 14_000;

    private TwoUpstreams upstreams;
    private KamailioRegistrar a;
    private KamailioRegistrar b;
    private MidregServer midreg;
    private final List<TestDevice> devices = new ArrayList<>();
    private InetSocketAddress at;

    /** registrar.mode */
    String mode() {
        return "contact";
    }

    @BeforeAll
    void start() throws Exception {
        upstreams = TwoUpstreams.start(KamailioOptions.withoutAuth());
        a = upstreams.a();
        b = upstreams.b();
        Path dir = Files.createTempDirectory("midreg-move");
        String yaml = upstreams.config(dir.resolve("midreg.store"), ";priority=1", ";priority=2").registrar("mode", mode())
                .upstream("expires", 3600).upstream("expiresDeviation", 0).upstream("rate", RATE).upstream("burst", BURST)
                .upstream("queueDeadline", 10).yaml();
        midreg = upstreams.midreg("move.yaml", yaml, RegistrarEndToEnd.FAST, 1, OPEN_MILLIS);
        midreg.start();
        assertThat(midreg.registrar().settings().mode().name()).isEqualToIgnoringCase(mode());
        at = TwoUpstreams.udpAddress(midreg);
        for (int i = 0; i < DEVICES; i++) devices.add(new TestDevice(at, "mv" + i, DOMAIN, "pw"));
    }

    @AfterAll
    void stop() {
        devices.forEach(TestDevice::close);
        if (midreg != null) midreg.close();
        if (upstreams != null) upstreams.close();
    }

    private long resent() {
        return midreg.stack().transactions().stats().retransmissionsSent();
    }

    private static String nameOf(KamailioRegistrar k) {
        return TwoUpstreams.nameOf(k);
    }

    private static String aor(int i) {
        return "sip:mv" + i + "@" + DOMAIN;
    }

    private long moved() {
        return midreg.registrar().stats().snapshot().forwardReasons().getOrDefault("target_moved", 0L);
    }

    private RegistrarStats.Snapshot stats() {
        return midreg.registrar().stats().snapshot();
    }

    /** The target midreg's store says holds the device's upstream registration. */
    private String storedTarget(int i) {
        io.midreg.store.AorRecord r = midreg.store().get(aor(i)).orElseThrow();
        return r.upstream() != null ? r.upstream().target() : r.bindings().get(0).upstream().target();
    }

    /** Every device refreshes once; each must get 200 (absorbed or moved, never an error). */
    private void refreshAll() throws Exception {
        for (TestDevice d : devices) assertThat(d.register(DEVICE_EXPIRES).status()).as(d.toString()).isEqualTo(200);
    }

    @Test
    void registrationsAtAFailedTargetMoveWithTheirNextRefreshPacedAndStayWhenItReturns() throws Exception {
        // 1. Both up: every AOR registers at A, which midreg records.
        long r0 = resent();
        for (TestDevice d : devices) assertThat(d.register(DEVICE_EXPIRES).status()).isEqualTo(200);
        assertThat(a.registeredUsers()).isEqualTo(DEVICES);
        assertThat(a.registerRequestsReceived()).isBetween((long) DEVICES, DEVICES + resent() - r0);
        for (int i = 0; i < DEVICES; i++) assertThat(storedTarget(i)).isEqualTo(nameOf(a));
        // A refresh that is not due is absorbed while A is up.
        long atA = a.registerRequestsReceived();
        refreshAll();
        assertThat(a.registerRequestsReceived()).isEqualTo(atA);
        assertThat(moved()).isZero();

        // 2. A goes silent; a new device's REGISTER times out there (408) and takes A out of service.
        a.setMode(RegistrarMode.DROP);
        try (TestDevice probe = new TestDevice(at, "mv-probe", DOMAIN, "pw")) {
            assertThat(probe.register(DEVICE_EXPIRES).status()).isEqualTo(408);
        }
        assertThat(upstreams.health(a).trips()).isEqualTo(1);
        long aDown = System.currentTimeMillis();
        atA = a.registerRequestsReceived();

        // 3. The devices' next refreshes (not due) move their AORs to B, at B's rate: the first
        // round moves about a burst, the rest are absorbed and move on later rounds.
        long pacedBefore = stats().pacedAbsorbs();
        r0 = resent();
        long started = System.nanoTime();
        refreshAll();
        double firstRound = (System.nanoTime() - started) / 1e9;
        long firstMoved = moved();
        assertThat(firstMoved).as("moved in the first round (burst %d + rate %d/s * %.2f s)", BURST, RATE, firstRound)
                .isBetween(1L, BURST + (long) Math.ceil(RATE * firstRound) + 1);
        assertThat(stats().pacedAbsorbs() - pacedBefore).as("refreshes that found no token: absorbed, to move later")
                .isGreaterThanOrEqualTo(DEVICES - firstMoved);
        for (int round = 0; round < 40 && moved() < DEVICES; round++) {
            TimeUnit.MILLISECONDS.sleep(500);
            refreshAll();
        }
        double allMoved = (System.nanoTime() - started) / 1e9;
        assertThat(moved()).as("every AOR moved once").isEqualTo(DEVICES);
        System.out.printf("UpstreamMoveIT (" + mode() + "): %d moved in the first round (%.2f s), all %d moved in %.2f s, %d paced absorbs%n", firstMoved,
                firstRound, DEVICES, allMoved, stats().pacedAbsorbs() - pacedBefore);
        assertThat(allMoved).as("paced: %d moves at %d/s after a burst of %d", DEVICES, RATE, BURST)
                .isGreaterThanOrEqualTo((DEVICES - BURST) / (double) RATE * 0.8);
        assertThat(System.currentTimeMillis() - aDown).as("all moved while A was still out").isLessThan(OPEN_MILLIS);
        assertThat(b.registeredUsers()).as("AORs held at B").isEqualTo(DEVICES);
        assertThat(b.registerRequestsReceived()).as("REGISTERs at B: one per AOR").isBetween((long) DEVICES, DEVICES + resent() - r0);
        for (int i = 0; i < DEVICES; i++) {
            assertThat(b.contactsOf("mv" + i + "@" + DOMAIN)).as("mv%d at B", i).hasSize(1);
            assertThat(storedTarget(i)).isEqualTo(nameOf(b));
        }
        assertThat(a.registerRequestsReceived()).as("nothing reached A while it was out").isEqualTo(atA);

        // 4. A comes back: it is every AOR's choice again, but they stay at B until due.
        a.setMode(RegistrarMode.NORMAL);
        long deadline = System.currentTimeMillis() + OPEN_MILLIS + 5_000;
        while (!upstreams.health(a).available(System.currentTimeMillis()) && System.currentTimeMillis() < deadline) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
        long now = System.currentTimeMillis();
        assertThat(midreg.upstreamTargets().targets(now)).extracting(TargetView::available).containsExactly(true, true);
        for (int i = 0; i < DEVICES; i++) assertThat(midreg.upstreamTargets().targetOf(aor(i), now)).isEqualTo(nameOf(a));
        long atB = b.registerRequestsReceived();
        refreshAll();
        refreshAll();
        assertThat(moved()).as("no move back while B holds them and is up").isEqualTo(DEVICES);
        assertThat(a.registerRequestsReceived()).isEqualTo(atA);
        assertThat(b.registerRequestsReceived()).isEqualTo(atB);
        for (int i = 0; i < DEVICES; i++) assertThat(storedTarget(i)).isEqualTo(nameOf(b));

        // 5. De-registrations go where the bindings are: B, although A is the choice now.
        r0 = resent();
        assertThat(devices.get(0).unregisterAll().status()).isEqualTo(200);
        assertThat(b.contactsOf("mv0@" + DOMAIN)).as("a device's de-registration reached B").isEmpty();
        RegistrarOperations.UpstreamResult r = midreg.registrar().operations().deregisterUpstream(aor(1)).get(10, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(b.contactsOf("mv1@" + DOMAIN)).as("an operator's de-registration reached B").isEmpty();
        assertThat(b.registerRequestsReceived()).isBetween(atB + 2, atB + 2 + resent() - r0);
        assertThat(a.registerRequestsReceived()).as("nothing went to A").isEqualTo(atA);
    }
}
