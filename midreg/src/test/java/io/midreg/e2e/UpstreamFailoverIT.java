package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Two real Kamailio registrars as upstream.targets, A of priority 1 and B of priority 2. Devices
 * register through midreg to A; A goes silent (DROP); the REGISTER that finds it silent times out (the device, known, is answered from the store)
 * and takes A out of service (a stand-in for the circuit breaker, tripped by that real time-out);
 * from then on new registrations, due refreshes and de-registrations go to B, counted at B, and
 * A receives nothing more. Every REGISTER is counted at each Kamailio.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class UpstreamFailoverIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;
    /** T1 = 50 ms: an unanswered upstream REGISTER times out after 3.2 s. */
    private static final int DEVICES = 6;
    private static final String ADMIN_TOKEN = "failover-it-token-0123456789";
    /** With upstream.expires 60 and refreshMargin 0.5, every refresh of a 40 s device lifetime is due upstream. */
    private static final long DEVICE_EXPIRES = 40;

    private TwoUpstreams upstreams;
    private KamailioRegistrar a;
    private KamailioRegistrar b;
    private MidregServer midreg;
    private final List<TestDevice> devices = new ArrayList<>();
    private InetSocketAddress at;

    @BeforeAll
    void start() throws Exception {
        upstreams = TwoUpstreams.start(KamailioOptions.withoutAuth());
        a = upstreams.a();
        b = upstreams.b();
        Path dir = Files.createTempDirectory("midreg-failover");
        String yaml = upstreams.config(dir.resolve("midreg.store"), ";priority=1", ";priority=2")
                .upstream("expires", 60).upstream("refreshMargin", 0.5).upstream("expiresDeviation", 0).admin("token", ADMIN_TOKEN).yaml();
        midreg = upstreams.midreg("failover.yaml", yaml, RegistrarEndToEnd.FAST, 1, 300_000);
        midreg.start();
        at = TwoUpstreams.udpAddress(midreg);
        for (int i = 0; i < DEVICES; i++) devices.add(new TestDevice(at, "fo" + i, DOMAIN, "pw"));
    }

    @AfterAll
    void stop() {
        devices.forEach(TestDevice::close);
        if (midreg != null) midreg.close();
        if (upstreams != null) upstreams.close();
    }

    /** REGISTERs midreg resent upstream so far (timer E, T1 = 50 ms): Kamailio counts each datagram, so a resend may add one. */
    private long resent() {
        return RegistersAtUpstream.resent(midreg);
    }

    private static String nameOf(KamailioRegistrar k) {
        return TwoUpstreams.nameOf(k);
    }

    @Test
    void theSecondTargetTakesOverWhenTheFirstFails() throws Exception {
        // 1. Both up: everything goes to A, the priority-1 target.
        long r0 = resent();
        for (TestDevice d : devices) assertThat(d.register(DEVICE_EXPIRES).status()).isEqualTo(200);
        assertThat(a.registerRequestsReceived()).as("REGISTERs at A").isBetween((long) DEVICES, DEVICES + resent() - r0);
        assertThat(b.registerRequestsReceived()).isZero();
        assertThat(a.registeredUsers()).isEqualTo(DEVICES);
        assertThat(midreg.upstreamTargets().targets(System.currentTimeMillis())).extracting(TargetView::name, TargetView::active)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(nameOf(a), true), org.assertj.core.groups.Tuple.tuple(nameOf(b), false));

        // 2. A goes silent: the refresh that finds it so times out and takes A out of service; the device, known, is answered from the store (survivability).
        a.setMode(RegistrarMode.DROP);
        assertThat(devices.get(0).register(DEVICE_EXPIRES).status()).as("answered from the store: a known device outlives the silence").isEqualTo(200);
        assertThat(upstreams.health(a).trips()).isEqualTo(1);
        long atA = a.registerRequestsReceived();
        assertThat(midreg.upstreamTargets().targets(System.currentTimeMillis())).extracting(TargetView::available, TargetView::active)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(false, false), org.assertj.core.groups.Tuple.tuple(true, true));

        // 3. B takes over: a new device, the due refreshes of the others, and the one answered from the store.
        try (TestDevice newcomer = new TestDevice(at, "fo-new", DOMAIN, "pw")) {
            r0 = resent();
            assertThat(newcomer.register(DEVICE_EXPIRES).status()).isEqualTo(200);
            for (TestDevice d : devices) assertThat(d.register(DEVICE_EXPIRES).status()).as(d.toString()).isEqualTo(200);
            assertThat(b.registerRequestsReceived()).as("REGISTERs at B").isBetween(DEVICES + 1L, DEVICES + 1L + resent() - r0);
            assertThat(b.registeredUsers()).isEqualTo(DEVICES + 1);
            for (int i = 0; i < DEVICES; i++) assertThat(b.contactsOf("fo" + i + "@" + DOMAIN)).as("fo%d at B", i).hasSize(1);

            // 4. A de-registration goes to B too, where the AOR is registered now.
            assertThat(newcomer.unregisterAll().status()).isEqualTo(200);
            assertThat(b.contactsOf("fo-new@" + DOMAIN)).isEmpty();
            assertThat(b.registerRequestsReceived()).isBetween(DEVICES + 2L, DEVICES + 2L + resent() - r0);
        }
        assertThat(a.registerRequestsReceived()).as("nothing more reached A once it was out of service").isEqualTo(atA);
        long sentAtB = midreg.upstreamTargets().targets(System.currentTimeMillis()).get(1).sent();
        assertThat(sentAtB).as("B's own pacer let B's REGISTERs through").isEqualTo(DEVICES + 2);

        // 5. Operators see it: /metrics per target, /api/stats with the targets.
        String metrics = admin("/metrics");
        assertThat(metrics).containsPattern("midreg_upstream_target_available\\{target=\"" + nameOf(a) + "\"} 0")
                .containsPattern("midreg_upstream_target_available\\{target=\"" + nameOf(b) + "\"} 1")
                .containsPattern("midreg_upstream_target_active\\{target=\"" + nameOf(b) + "\"} 1")
                .containsPattern("midreg_upstream_target_sent_total\\{target=\"" + nameOf(b) + "\"} " + (DEVICES + 2));
        assertThat(admin("/api/stats")).contains("\"targets\":[{\"name\":\"" + nameOf(a) + "\"").contains("\"available\":false");
    }

    private String admin(String path) throws Exception {
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + midreg.admin().address().getPort() + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).timeout(Duration.ofSeconds(10)).build();
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }
}
