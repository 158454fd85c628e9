package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.registrar.RegistrarStats;
import io.midreg.server.MidregServer;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.CounterSamples;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.Parallel;
import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.TestConfig;
import io.midreg.testing.TestDevice;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The upstream cap with real peers: midreg with {@code upstream.rate: 20, burst: 5} in front of
 * a real Kamailio (no auth), 100 Java phones registering at once. Kamailio's REGISTER counter
 * is sampled every 100 ms: between any two samples it must not have grown by more than
 * burst + rate * (time between them). The devices refused for the rate get 503 with
 * Retry-After and succeed when they come back; then a refresh of every device, due upstream
 * while the upstream bindings are still valid, is absorbed instead of waiting for the rate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class UpstreamPacingIT {
    private static final int DEVICES = 100;
    private static final long RATE = 20;
    private static final long BURST = 5;
    /** Device lifetime: with upstream.expires 60 and refreshMargin 0.5, every refresh is due upstream. */
    private static final long DEVICE_EXPIRES = 40;

    private KamailioRegistrar kamailio;
    private MidregServer midreg;
    private final List<TestDevice> devices = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        kamailio = KamailioRegistrar.start(KamailioOptions.withoutAuth());
        Path dir = Files.createTempDirectory("midreg-pacing");
        String yaml = TestConfig.loopback(kamailio.address().getPort(), dir.resolve("midreg.store"))
                .upstream("rate", RATE).upstream("burst", BURST).upstream("queueDeadline", 4)
                .upstream("expires", 60).upstream("refreshMargin", 0.5).upstream("expiresDeviation", 0).yaml();
        midreg = new MidregServer(LoadedConfig.parse("pacing.yaml", yaml));
        midreg.start();
        InetSocketAddress at = midreg.listeners().stream().filter(l -> l.config().protocol() == TransportProtocol.UDP)
                .map(BoundListener::address).findFirst().orElseThrow();
        for (int i = 0; i < DEVICES; i++) devices.add(new TestDevice(at, "pace" + i, KamailioOptions.DEFAULT_REALM, "pw"));
    }

    @AfterAll
    void stop() {
        devices.forEach(TestDevice::close);
        if (midreg != null) midreg.close();
        if (kamailio != null) kamailio.close();
    }

    @Test
    void anAvalancheNeverExceedsTheCapRefusedDevicesComeBackAndDueRefreshesAreAbsorbed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(DEVICES);
        try {
            // 1. All at once: each gets 200 or 503 with Retry-After; the upstream sees the cap at most.
            long txBefore = midreg.stack().transactions().stats().retransmissionsSent();
            CounterSamples samples = new CounterSamples(kamailio::registerRequestsReceived);
            List<ReceivedMessage> first = samples.during(Duration.ofMillis(300), Duration.ofSeconds(1), 600,
                    () -> Parallel.all(pool, devices, d -> d.register(DEVICE_EXPIRES)));
            long retransmitted = midreg.stack().transactions().stats().retransmissionsSent() - txBefore;
            assertThat(samples.growth()).as("REGISTERs that reached the upstream").isGreaterThan(BURST);
            samples.assertCapHeld(BURST, RATE, retransmitted, 10);
            List<Integer> refused = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                ReceivedMessage r = first.get(i);
                assertThat(r.status()).as("device %d", i).isIn(200, 503);
                if (r.status() == 503) {
                    assertThat(r.header("Retry-After")).as("503 to device %d", i).isNotNull();
                    refused.add(i);
                }
            }
            // 100 at once against 5 + 20/s with a 4 s deadline: about 85 get through in time.
            assertThat(refused).as("devices refused for the rate").isNotEmpty().hasSizeLessThan(DEVICES - (int) BURST);
            assertThat(midreg.registrar().pacer().rejected()).isEqualTo(refused.size());

            // 2. The refused come back after their Retry-After and are registered.
            List<CompletableFuture<ReceivedMessage>> retries = new ArrayList<>();
            for (int i : refused) {
                TestDevice d = devices.get(i);
                long wait = Long.parseLong(first.get(i).header("Retry-After").trim());
                assertThat(wait).isBetween(1L, 30L);
                retries.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        Thread.sleep(wait * 1000);
                        return d.register(DEVICE_EXPIRES);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            for (CompletableFuture<ReceivedMessage> f : retries) assertThat(f.get(40, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(kamailio.registeredUsers()).isEqualTo(DEVICES);

            // 3. Every device refreshes at once; each refresh is due upstream (40 s + 30 s margin > 60 s)
            // but the upstream bindings have most of their 60 s left: what finds no token is absorbed.
            RegistrarStats.Snapshot before = midreg.registrar().stats().snapshot();
            long upstreamBefore = kamailio.registerRequestsReceived();
            long t0 = System.nanoTime();
            List<ReceivedMessage> refreshes = Parallel.all(pool, devices, d -> d.register(DEVICE_EXPIRES));
            double seconds = (System.nanoTime() - t0) / 1e9;
            for (ReceivedMessage r : refreshes) {
                assertThat(r.status()).isEqualTo(200);
                // An absorbed refresh is given no longer than its upstream binding has left.
                assertThat(r.contacts().get(0).expires()).isBetween(1L, DEVICE_EXPIRES);
            }
            RegistrarStats.Snapshot after = midreg.registrar().stats().snapshot();
            long forwarded = after.forwarded() - before.forwarded();
            long pacedAbsorbs = after.pacedAbsorbs() - before.pacedAbsorbs();
            assertThat(forwarded + pacedAbsorbs).isEqualTo(DEVICES);
            assertThat(forwarded).as("refreshes forwarded in %.2f s", seconds).isLessThanOrEqualTo(BURST + (long) Math.ceil(RATE * seconds));
            assertThat(pacedAbsorbs).isGreaterThan(0);
            assertThat(kamailio.registerRequestsReceived() - upstreamBefore).isLessThanOrEqualTo(forwarded);
            assertThat(after.rejections()).as("no refresh was refused").isEqualTo(before.rejections());
            System.out.printf("pacing IT: avalanche %d x 200, %d x 503 (%d samples, %d REGISTERs upstream); refresh of all in %.2f s: %d forwarded, %d paced absorbs%n",
                    DEVICES - refused.size(), refused.size(), samples.samples().size(), samples.growth(),
                    seconds, forwarded, pacedAbsorbs);
        } finally {
            pool.shutdownNow();
        }
    }
}
