package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.registrar.RegistrarStats;
import io.midreg.server.MidregServer;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.store.UpstreamState;
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
 * A registrar that is slow to answer (a real Kamailio that drops REGISTERs for a while, with
 * midreg's real SIP timers: its own transaction would run 32 s) does not make a device's refresh
 * wait: after upstream.survival.answerWithin (2 s here) the due refresh is answered 200 from the
 * store with the survival lifetime; when Kamailio answers midreg's retransmission, that late 200
 * is committed (the upstream binding renewed) and nothing more reaches the device.
 */
@Timeout(120)
class SlowUpstreamIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;
    private static final long SURVIVAL = 30;

    private final Cleanup started = new Cleanup();
    private MidregServer midreg;
    private final List<TestDevice> devices = new ArrayList<>();

    @AfterEach
    void stop() {
        started.close();
    }

    private UpstreamState upstreamOf(int i) {
        return midreg.store().get("sip:slow" + i + "@" + DOMAIN).orElseThrow().bindings().get(0).upstream();
    }

    @Test
    void aDueRefreshIsAnsweredFromTheStoreWhileTheUpstreamIsSlowAndItsLateAnswerIsCommitted() throws Exception {
        KamailioRegistrar kamailio = started.add(KamailioRegistrar.start(KamailioOptions.withoutAuth()));
        Path dir = Files.createTempDirectory("midreg-slow");
        // upstream.expires 60 with a 10 % margin: a device refreshing for 55 s is due upstream at once
        String yaml = TestConfig.loopback(kamailio.address().getPort(), dir.resolve("midreg.store"))
                .upstream("expires", 60).upstream("refreshMargin", 0.1).upstream("expiresDeviation", 0)
                .upstream("survival", "{expires: " + SURVIVAL + ", answerWithin: 2}").yaml();
        midreg = started.add(new MidregServer(LoadedConfig.parse("slow.yaml", yaml))); // the real timers: T1 500 ms, time-out 32 s
        midreg.start();
        InetSocketAddress at = midreg.listeners().stream().filter(l -> l.config().protocol() == TransportProtocol.UDP)
                .map(BoundListener::address).findFirst().orElseThrow();
        for (int i = 0; i < 2; i++) {
            TestDevice d = started.add(new TestDevice(at, "slow" + i, DOMAIN, "pw"));
            devices.add(d);
            assertThat(d.register(30).status()).isEqualTo(200);
        }
        CircuitBreaker breaker = (CircuitBreaker) midreg.registrar().relay().health();
        UpstreamState before = upstreamOf(0);

        // 1. Kamailio holds its answers: the due refresh is answered here after about 2 s.
        kamailio.setMode(RegistrarMode.DROP);
        RegistrarStats.Snapshot s0 = midreg.registrar().stats().snapshot();
        long sent = System.nanoTime();
        ReceivedMessage r = devices.get(0).register(55);
        double waited = (System.nanoTime() - sent) / 1e9;
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contacts().get(0).expires()).as("the survival lifetime").isBetween(1L, SURVIVAL);
        assertThat(waited).as("answered after answerWithin, long before the 32 s time-out").isBetween(1.8, 8.0);
        RegistrarStats.Snapshot s1 = midreg.registrar().stats().snapshot();
        assertThat(s1.forwarded() - s0.forwarded()).as("the refresh was relayed").isEqualTo(1);
        assertThat(s1.answeredEarly() - s0.answeredEarly()).isEqualTo(1);
        assertThat(s1.upstreamTimeouts()).isEqualTo(s0.upstreamTimeouts());
        assertThat(breaker.state()).as("no failure yet: midreg's transaction still waits").isEqualTo(BreakerState.CLOSED);
        assertThat(upstreamOf(0).lastRefreshAt()).as("not renewed upstream yet").isEqualTo(before.lastRefreshAt());

        // 2. Kamailio answers midreg's next retransmission: the late 200 is committed.
        kamailio.setMode(RegistrarMode.NORMAL);
        long deadline = System.currentTimeMillis() + 10_000;
        while (upstreamOf(0).lastRefreshAt() == before.lastRefreshAt() && System.currentTimeMillis() < deadline) Thread.sleep(100);
        UpstreamState renewed = upstreamOf(0);
        assertThat(renewed.lastRefreshAt()).as("the late 2xx renewed the upstream binding").isGreaterThan(before.lastRefreshAt());
        assertThat(renewed.expiresAt()).isGreaterThan(before.expiresAt());
        assertThat(kamailio.contactsOf("slow0@" + DOMAIN)).hasSize(1);
        RegistrarStats.Snapshot s2 = midreg.registrar().stats().snapshot();
        assertThat(s2.upstream2xx() - s1.upstream2xx()).isEqualTo(1);
        assertThat(s2.answeredEarly()).isEqualTo(s1.answeredEarly());
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);

        // 3. With the upstream answering at once, a due refresh gets the upstream's own answer.
        sent = System.nanoTime();
        ReceivedMessage direct = devices.get(1).register(55);
        assertThat(direct.status()).isEqualTo(200);
        assertThat(direct.contacts().get(0).expires()).as("the device's lifetime, not the survival one").isBetween(54L, 55L);
        assertThat((System.nanoTime() - sent) / 1e9).isLessThan(2.0);
        assertThat(midreg.registrar().stats().snapshot().answeredEarly()).isEqualTo(s1.answeredEarly());
        assertThat(midreg.registrar().stats().snapshot().forwarded() - s2.forwarded()).isEqualTo(1);
    }
}
