package io.midreg.testing;

import io.midreg.config.LoadedConfig;
import io.midreg.server.MidregServer;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Two real Kamailio registrars, A and B, as midreg's {@code upstream.targets}, each target's health
 * a {@link TripAfterFailures} (tripped by real failures: Kamailio silent): the setup of the
 * failover, affinity and move tests. Closing it stops both Kamailio.
 */
public final class TwoUpstreams implements AutoCloseable {
    private final KamailioRegistrar a;
    private final KamailioRegistrar b;
    private final Map<String, TripAfterFailures> health = new ConcurrentHashMap<>();

    private TwoUpstreams(KamailioRegistrar a, KamailioRegistrar b) {
        this.a = a;
        this.b = b;
    }

    /** Starts A and B with {@code options}. */
    public static TwoUpstreams start(KamailioOptions options) throws Exception {
        KamailioRegistrar a = KamailioRegistrar.start(options);
        try {
            return new TwoUpstreams(a, KamailioRegistrar.start(options));
        } catch (Exception | Error e) {
            a.close();
            throw e;
        }
    }

    public KamailioRegistrar a() {
        return a;
    }

    public KamailioRegistrar b() {
        return b;
    }

    /** How midreg names the target {@code k} (host:port). */
    public static String nameOf(KamailioRegistrar k) {
        return "127.0.0.1:" + k.address().getPort();
    }

    /**
     * A config with A and B as {@code upstream.targets} (and no {@code upstream.target}); {@code
     * paramsA}/{@code paramsB} follow each address, e.g. {@code ";priority=1"} or {@code ""}.
     */
    public TestConfig config(Path store, String paramsA, String paramsB) {
        return TestConfig.loopback(0, store).withoutUpstreamTarget()
                .upstream("targets", "[\"" + nameOf(a) + paramsA + "\", \"" + nameOf(b) + paramsB + "\"]");
    }

    /**
     * midreg on {@code yaml}, not started, each target out of service for {@code openMillis} after
     * {@code failures} failures in a row.
     */
    public MidregServer midreg(String name, String yaml, TimerConfig timers, int failures, long openMillis) throws Exception {
        return new MidregServer(LoadedConfig.parse(name, yaml), System::currentTimeMillis, timers)
                .targetHealth(c -> health.computeIfAbsent(c.name(), n -> new TripAfterFailures(failures, openMillis)));
    }

    /** The health of the target {@code k} (once midreg has used it). */
    public TripAfterFailures health(KamailioRegistrar k) {
        return health.get(nameOf(k));
    }

    /** midreg's UDP listener address. */
    public static InetSocketAddress udpAddress(MidregServer midreg) {
        return midreg.listeners().stream().filter(l -> l.config().protocol() == TransportProtocol.UDP).map(BoundListener::address)
                .findFirst().orElseThrow();
    }

    @Override
    public void close() {
        try {
            a.close();
        } finally {
            b.close();
        }
    }
}
