package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.midreg.config.LoadedConfig;
import io.midreg.server.MidregServer;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.Dnsmasq;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.RegistrarMode;
import io.midreg.testing.TestConfig;
import io.midreg.testing.TestDevice;
import io.midreg.testing.TripAfterFailures;
import io.midreg.upstream.targets.Candidate;
import io.midreg.upstream.targets.Rfc3263Resolver;
import io.midreg.upstream.targets.TargetResolver;
import io.midreg.upstream.targets.TargetView;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * upstream.domain resolved per RFC 3263 against a real DNS server (dnsmasq on loopback, pointed
 * at with upstream.dns.server): SRV records give two real Kamailio registrars, A with priority 10
 * and B with priority 20. midreg sends to A; when A goes silent and is taken out of service, to B.
 * The records' TTL (7 s) drives the look-ups again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class UpstreamDnsIT {
    private static final String AOR_DOMAIN = KamailioOptions.DEFAULT_REALM;
    private static final String DNS_DOMAIN = "registrars.test";
    private static final String SRV = "_sip._udp." + DNS_DOMAIN;
    private static final int TTL = 7;
    private static final long DEVICE_EXPIRES = 40;

    private KamailioRegistrar a;
    private KamailioRegistrar b;
    private Dnsmasq dns;
    private MidregServer midreg;
    private InetSocketAddress at;
    private final Map<String, TripAfterFailures> health = new ConcurrentHashMap<>();

    @BeforeAll
    void start() throws Exception {
        a = KamailioRegistrar.start(KamailioOptions.withoutAuth());
        b = KamailioRegistrar.start(KamailioOptions.withoutAuth());
        dns = Dnsmasq.start(DNS_DOMAIN, TTL, List.of(
                "--srv-host=" + SRV + ",a." + DNS_DOMAIN + "," + a.address().getPort() + ",10,10",
                "--srv-host=" + SRV + ",b." + DNS_DOMAIN + "," + b.address().getPort() + ",20,10",
                "--host-record=a." + DNS_DOMAIN + ",127.0.0.1",
                "--host-record=b." + DNS_DOMAIN + ",127.0.0.1",
                "--host-record=plain." + DNS_DOMAIN + ",127.0.0.1"));
        Path dir = Files.createTempDirectory("midreg-dns");
        String yaml = TestConfig.loopback(0, dir.resolve("midreg.store")).withoutUpstreamTarget()
                .upstream("domain", DNS_DOMAIN).upstream("dns", "{server: \"127.0.0.1:" + dns.address().getPort() + "\"}")
                .upstream("expires", 60).upstream("refreshMargin", 0.5).upstream("expiresDeviation", 0).yaml();
        midreg = new MidregServer(LoadedConfig.parse("dns.yaml", yaml), System::currentTimeMillis, RegistrarEndToEnd.FAST)
                .targetHealth(c -> health.computeIfAbsent(c.name(), n -> new TripAfterFailures(1, 300_000)));
        midreg.start();
        at = midreg.listeners().stream().filter(l -> l.config().protocol() == TransportProtocol.UDP)
                .map(BoundListener::address).findFirst().orElseThrow();
    }

    @AfterAll
    void stop() {
        if (midreg != null) midreg.close();
        if (dns != null) dns.close();
        if (a != null) a.close();
        if (b != null) b.close();
    }

    /** REGISTERs midreg resent upstream so far (timer E, T1 = 50 ms): Kamailio counts each datagram, so a resend may add one. */
    private long resent() {
        return midreg.stack().transactions().stats().retransmissionsSent();
    }

    @Test
    void srvRecordsGiveTheTargetsInPriorityOrderAndTheDomainAloneItsAddressOn5060() throws Exception {
        Rfc3263Resolver resolver = new Rfc3263Resolver(DNS_DOMAIN, TransportProtocol.UDP, dns.address(), Duration.ofSeconds(2), new SplittableRandom(1));
        TargetResolver.Resolution r = resolver.resolve();
        assertThat(r.candidates()).containsExactly(
                new Candidate("a." + DNS_DOMAIN + ":" + a.address().getPort(), a.address(), 10, 10),
                new Candidate("b." + DNS_DOMAIN + ":" + b.address().getPort(), b.address(), 20, 10));
        assertThat(r.ttlSeconds()).isBetween(1L, (long) TTL);

        TargetResolver.Resolution plain = new Rfc3263Resolver("plain." + DNS_DOMAIN, TransportProtocol.UDP, dns.address(), Duration.ofSeconds(2),
                new SplittableRandom(1)).resolve();
        assertThat(plain.candidates()).containsExactly(new Candidate("127.0.0.1:5060", new InetSocketAddress("127.0.0.1", 5060), 1, 1));
    }

    @Test
    void midregSendsToThePriority10TargetThenToTheOtherWhenItFailsAndLooksUpAgainOnTheTtl() throws Exception {
        String nameA = "a." + DNS_DOMAIN + ":" + a.address().getPort();
        String nameB = "b." + DNS_DOMAIN + ":" + b.address().getPort();
        long lookups = dns.queriesFor(SRV);
        assertThat(midreg.upstreamTargets().targets(System.currentTimeMillis())).extracting(TargetView::name, TargetView::priority, TargetView::active)
                .containsExactly(tuple(nameA, 10, true), tuple(nameB, 20, false));
        List<TestDevice> devices = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) devices.add(new TestDevice(at, "dns" + i, AOR_DOMAIN, "pw"));
            long aBefore = a.registerRequestsReceived();
            long bBefore = b.registerRequestsReceived();
            long r0 = resent();
            for (TestDevice d : devices) assertThat(d.register(DEVICE_EXPIRES).status()).isEqualTo(200);
            assertThat(a.registerRequestsReceived() - aBefore).as("at the priority-10 target").isBetween(3L, 3L + resent() - r0);
            assertThat(b.registerRequestsReceived() - bBefore).isZero();

            a.setMode(RegistrarMode.DROP);
            try {
                assertThat(devices.get(0).register(DEVICE_EXPIRES).status()).as("A silent: the known device is answered from the store").isEqualTo(200);
                assertThat(health.get(nameA).trips()).isEqualTo(1);
                long aAtTrip = a.registerRequestsReceived();
                r0 = resent();
                for (TestDevice d : devices) assertThat(d.register(DEVICE_EXPIRES).status()).isEqualTo(200);
                assertThat(b.registerRequestsReceived() - bBefore).as("at the priority-20 target").isBetween(3L, 3L + resent() - r0);
                assertThat(b.registeredUsers()).isEqualTo(3);
                assertThat(a.registerRequestsReceived()).isEqualTo(aAtTrip);
            } finally {
                a.setMode(RegistrarMode.NORMAL);
            }
        } finally {
            devices.forEach(TestDevice::close);
        }
        // The TTL is 7 s: midreg asks again (bounded wait) and keeps both targets and what it learned of A.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (dns.queriesFor(SRV) <= lookups && System.nanoTime() < deadline) Thread.sleep(200);
        assertThat(dns.queriesFor(SRV)).as("SRV look-ups by midreg:\n" + dns.log()).isGreaterThan(lookups);
        assertThat(midreg.upstreamTargets().targets(System.currentTimeMillis())).extracting(TargetView::name, TargetView::available)
                .containsExactly(tuple(nameA, false), tuple(nameB, true));
    }
}
