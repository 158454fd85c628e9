package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.registrar.RegistrarStats;
import io.midreg.server.MidregServer;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.TestConfig;
import io.midreg.testing.TestDevice;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /** One reading of Kamailio's REGISTER counter, taken between {@code startNanos} and {@code endNanos}. */
    private record Sample(long startNanos, long endNanos, long count) {
    }

    @Test
    void anAvalancheNeverExceedsTheCapRefusedDevicesComeBackAndDueRefreshesAreAbsorbed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(DEVICES);
        try {
            // 1. All at once: each gets 200 or 503 with Retry-After; the upstream sees the cap at most.
            long txBefore = midreg.stack().transactions().stats().retransmissionsSent();
            List<Sample> samples = new ArrayList<>();
            List<SipResponse> first = sampled(samples, () -> all(pool, d -> d.register(DEVICE_EXPIRES)));
            long retransmitted = midreg.stack().transactions().stats().retransmissionsSent() - txBefore;
            assertCapHeld(samples, retransmitted);
            List<Integer> refused = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                SipResponse r = first.get(i);
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
            List<CompletableFuture<SipResponse>> retries = new ArrayList<>();
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
            for (CompletableFuture<SipResponse> f : retries) assertThat(f.get(40, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(kamailio.registeredUsers()).isEqualTo(DEVICES);

            // 3. Every device refreshes at once; each refresh is due upstream (40 s + 30 s margin > 60 s)
            // but the upstream bindings have most of their 60 s left: what finds no token is absorbed.
            RegistrarStats.Snapshot before = midreg.registrar().stats().snapshot();
            long upstreamBefore = kamailio.registerRequestsReceived();
            long t0 = System.nanoTime();
            List<SipResponse> refreshes = all(pool, d -> d.register(DEVICE_EXPIRES));
            double seconds = (System.nanoTime() - t0) / 1e9;
            for (SipResponse r : refreshes) {
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
                    DEVICES - refused.size(), refused.size(), samples.size(), samples.get(samples.size() - 1).count() - samples.get(0).count(),
                    seconds, forwarded, pacedAbsorbs);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Between any two samples i &lt; j the counter grew by at most burst + rate * (end of j - start
     * of i), plus what midreg retransmitted (a lost-looking datagram counts twice at Kamailio)
     * and one for a datagram sent at the edge of a window and read in the next.
     */
    private static void assertCapHeld(List<Sample> samples, long retransmitted) {
        assertThat(samples.size()).as("counter readings").isGreaterThan(10);
        assertThat(samples.get(samples.size() - 1).count() - samples.get(0).count()).as("REGISTERs that reached the upstream").isGreaterThan(BURST);
        for (int i = 0; i < samples.size(); i++) {
            for (int j = i + 1; j < samples.size(); j++) {
                Sample a = samples.get(i);
                Sample b = samples.get(j);
                double t = (b.endNanos() - a.startNanos()) / 1e9;
                double cap = BURST + RATE * t + retransmitted + 1;
                assertThat((double) (b.count() - a.count())).as("REGISTERs upstream between samples %d and %d (%.2f s)", i, j, t).isLessThanOrEqualTo(cap);
            }
        }
    }

    private interface DeviceCall {
        SipResponse call(TestDevice d) throws Exception;
    }

    /** Every device at once, in its own thread; the answers in device order. */
    private List<SipResponse> all(ExecutorService pool, DeviceCall call) throws Exception {
        List<CompletableFuture<SipResponse>> futures = new ArrayList<>();
        for (TestDevice d : devices) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return call.call(d);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        List<SipResponse> out = new ArrayList<>();
        for (CompletableFuture<SipResponse> f : futures) out.add(f.get(30, TimeUnit.SECONDS));
        return out;
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    /** Runs {@code work} while reading Kamailio's REGISTER counter every 100 ms, and for 1 s after. */
    private <T> T sampled(List<Sample> samples, Work<T> work) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = new Thread(() -> {
            long stopAt = Long.MAX_VALUE;
            for (int n = 0; n < 600 && System.nanoTime() < stopAt; n++) {
                long s = System.nanoTime();
                long c = kamailio.registerRequestsReceived();
                samples.add(new Sample(s, System.nanoTime(), c));
                if (done.get() && stopAt == Long.MAX_VALUE) stopAt = System.nanoTime() + 1_000_000_000L;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "kamailio-sampler");
        sampler.start();
        Thread.sleep(300); // a few samples before the avalanche
        try {
            return work.run();
        } finally {
            done.set(true);
            sampler.join(70_000);
        }
    }
}
