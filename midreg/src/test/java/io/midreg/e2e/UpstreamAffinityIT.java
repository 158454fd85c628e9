package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.server.MidregServer;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.RegistrarMode;
import io.midreg.testing.TestDevice;
import io.midreg.testing.TwoUpstreams;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Two real Kamailio registrars of the same priority and weight: the AORs are shared between them
 * (each AOR always to the same one); when A fails only A's AORs move to B, B's stay where they
 * are; when A is back, A's AORs return to it on their next refresh and B's still stay. Counted
 * at each Kamailio.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class UpstreamAffinityIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;
    private static final int DEVICES = 16;
    private static final long DEVICE_EXPIRES = 40;
    /** How long a silent target stays out of service: long enough to refresh everything, short enough to wait for. */
    private static final long OPEN_MILLIS = 6_000;

    private TwoUpstreams upstreams;
    private KamailioRegistrar a;
    private KamailioRegistrar b;
    private MidregServer midreg;
    private final List<TestDevice> devices = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        upstreams = TwoUpstreams.start(KamailioOptions.withoutAuth());
        a = upstreams.a();
        b = upstreams.b();
        Path dir = Files.createTempDirectory("midreg-affinity");
        String yaml = upstreams.config(dir.resolve("midreg.store"), "", "")
                .upstream("expires", 60).upstream("refreshMargin", 0.5).upstream("expiresDeviation", 0).yaml();
        midreg = upstreams.midreg("affinity.yaml", yaml, RegistrarEndToEnd.FAST, 1, OPEN_MILLIS);
        midreg.start();
        InetSocketAddress at = TwoUpstreams.udpAddress(midreg);
        for (int i = 0; i < DEVICES; i++) devices.add(new TestDevice(at, "aff" + i, DOMAIN, "pw"));
    }

    @AfterAll
    void stop() {
        devices.forEach(TestDevice::close);
        if (midreg != null) midreg.close();
        if (upstreams != null) upstreams.close();
    }

    private boolean holds(KamailioRegistrar k, int device) {
        return !k.contactsOf("aff" + device + "@" + DOMAIN).isEmpty();
    }

    /** REGISTERs midreg resent upstream so far (timer E, T1 = 50 ms): Kamailio counts each datagram, so a resend may add one. */
    private long resent() {
        return RegistersAtUpstream.resent(midreg);
    }

    private static void assertCount(String what, long actual, long expected, long resentMeanwhile) {
        assertThat(actual).as(what).isBetween(expected, expected + resentMeanwhile);
    }

    private void refreshAll() throws Exception {
        for (TestDevice d : devices) assertThat(d.register(DEVICE_EXPIRES).status()).as(d.contact()).isEqualTo(200);
    }

    @Test
    void onlyTheFailedTargetsAorsMoveAndTheyComeBackWhenItReturns() throws Exception {
        // 1. Shared: each AOR at exactly one target, both targets used.
        long r0 = resent();
        refreshAll();
        List<Integer> onA = new ArrayList<>();
        List<Integer> onB = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            assertThat(holds(a, i) ^ holds(b, i)).as("aff%d at exactly one target", i).isTrue();
            (holds(a, i) ? onA : onB).add(i);
        }
        assertThat(onA).as("16 AORs over two equal targets").isNotEmpty();
        assertThat(onB).isNotEmpty();
        long slack = resent() - r0;
        assertCount("at A", a.registerRequestsReceived(), onA.size(), slack);
        assertCount("at B", b.registerRequestsReceived(), onB.size(), slack);
        // A refresh of every device keeps each at its target.
        long a1 = a.registerRequestsReceived();
        long b1 = b.registerRequestsReceived();
        r0 = resent();
        refreshAll();
        slack = resent() - r0;
        assertCount("refreshes at A", a.registerRequestsReceived() - a1, onA.size(), slack);
        assertCount("refreshes at B", b.registerRequestsReceived() - b1, onB.size(), slack);

        // 2. A goes silent; the first of its AORs to refresh times out (the device is answered from the store) and A is out of service.
        a.setMode(RegistrarMode.DROP);
        int first = onA.get(0);
        assertThat(devices.get(first).register(DEVICE_EXPIRES).status()).as("answered from the store: a known device outlives the silence").isEqualTo(200);
        long aAtTrip = a.registerRequestsReceived();
        long bBefore = b.registerRequestsReceived();
        r0 = resent();
        refreshAll();
        assertThat(a.registerRequestsReceived()).as("nothing more to A").isEqualTo(aAtTrip);
        assertCount("every refresh at B", b.registerRequestsReceived() - bBefore, DEVICES, resent() - r0);
        for (int i = 0; i < DEVICES; i++) assertThat(holds(b, i)).as("aff%d at B", i).isTrue();
        a.setMode(RegistrarMode.NORMAL);

        // 3. A back in service (bounded wait): A's AORs return to it, B's stay at B.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String nameA = "127.0.0.1:" + a.address().getPort();
        while (System.nanoTime() < deadline && midreg.upstreamTargets().targets(System.currentTimeMillis()).stream()
                .noneMatch(t -> t.name().equals(nameA) && t.available())) {
            Thread.sleep(100);
        }
        long aBack = a.registerRequestsReceived();
        bBefore = b.registerRequestsReceived();
        r0 = resent();
        refreshAll();
        slack = resent() - r0;
        assertCount("A's AORs back at A", a.registerRequestsReceived() - aBack, onA.size(), slack);
        assertCount("B's AORs still at B", b.registerRequestsReceived() - bBefore, onB.size(), slack);
        for (int i : onA) assertThat(holds(a, i)).as("aff%d at A again", i).isTrue();
    }
}
