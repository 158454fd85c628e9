package io.midreg.demo;

import io.midreg.config.ConfigException;
import io.midreg.config.LoadedConfig;
import io.midreg.registrar.RegistrarService;
import io.midreg.server.MidregServer;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * {@code midreg demo} in one JVM, with nothing else installed: a demo upstream registrar on a
 * free loopback port, midreg in contact mode in front of it (temporary store, config written
 * here), and simulated devices registering through midreg with digest credentials the
 * registrar knows. {@link #sample()} reads every counter; {@link #close()} stops it all and
 * deletes the store.
 */
public final class MidregDemo implements AutoCloseable {
    /** The AOR domain of the simulated devices. */
    public static final String DOMAIN = "demo.midreg";

    private final DemoSettings settings;
    /** When the devices started: the demo's time zero. */
    private volatile long startedNanos;
    private Path directory;
    private DemoRegistrar upstream;
    private MidregServer midreg;
    private SimulatedDevices devices;
    private volatile RegistrarService.ActiveCounts lastActive = new RegistrarService.ActiveCounts(0, 0);

    public MidregDemo(DemoSettings settings) {
        this.settings = settings;
    }

    public static String user(int index) {
        return String.format("dev%05d", index + 1);
    }

    /** The demo registrar's password for device {@code index}'s user; null for users it does not know. */
    static String password(String user) {
        return user.startsWith("dev") ? "pw-" + user : null;
    }

    /** Starts the upstream registrar, then midreg, then the devices; on failure stops what started and throws. */
    public void start() throws Exception {
        try {
            directory = Files.createTempDirectory("midreg-demo");
            upstream = new DemoRegistrar(MidregDemo::password, System::currentTimeMillis);
            upstream.start();
            midreg = new MidregServer(LoadedConfig.parse("demo config", config(upstream.address(), directory.resolve("demo.store"))));
            midreg.start();
            devices = new SimulatedDevices(new DeviceSettings(settings.devices(), udpAddress(midreg), DOMAIN, MidregDemo::user,
                    i -> password(user(i)), settings.deviceExpires(), settings.refreshMin(), settings.refreshMax(),
                    java.time.Duration.ofMillis(Math.min(3000, settings.devices() * 10L))));
            startedNanos = System.nanoTime();
            devices.start();
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /**
     * midreg's config: contact mode, device lifetimes short enough for the compressed time, an
     * hour upstream; UDP on a free loopback port; one event loop (the demo is light).
     */
    String config(InetSocketAddress upstreamAddress, Path store) throws ConfigException {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return "sip:\n"
                + "  listeners:\n"
                + "    - transport: udp\n"
                + "      host: 127.0.0.1\n"
                + "      port: 0\n"
                + "  eventLoops: 1\n"
                + "registrar:\n"
                + "  mode: contact\n"
                + "  defaultExpires: " + settings.deviceExpires() + "\n"
                + "  minExpires: " + Math.min(5, settings.deviceExpires()) + "\n"
                + "  maxExpires: 3600\n"
                + "upstream:\n"
                + "  target: 127.0.0.1:" + upstreamAddress.getPort() + "\n"
                + "  transport: udp\n"
                + "  expires: 3600\n"
                + "  tokenSecret: " + HexFormat.of().formatHex(secret) + "\n"
                + "store:\n"
                + "  file: " + store + "\n"
                + "  capacity: " + Math.max(1000, settings.devices() * 2) + "\n"
                // a free port: the demo must start beside a real midreg holding the default one
                + "admin:\n"
                + "  listen: 127.0.0.1:0\n";
    }

    private static InetSocketAddress udpAddress(MidregServer server) {
        for (BoundListener l : server.listeners()) {
            if (l.protocol() == TransportProtocol.UDP) return l.address();
        }
        throw new IllegalStateException("midreg has no UDP listener");
    }

    public DemoSettings settings() {
        return settings;
    }

    /** Every counter now (a pass over midreg's store for the live counts: fine once a second). */
    public DemoSample sample() {
        return new DemoSample((System.nanoTime() - startedNanos) / 1_000_000, midreg.registrar().stats().snapshot(),
                activeCounts(), upstream.counts(), devices.counts());
    }

    /**
     * midreg's live AORs and bindings; the last ones read once the store is closed (on SIGTERM
     * Chronicle Map's own shutdown hook may close it while the demo takes its final sample).
     */
    private RegistrarService.ActiveCounts activeCounts() {
        try {
            lastActive = midreg.registrar().activeCounts();
        } catch (RuntimeException storeClosed) {
            // keep the last counts read
        }
        return lastActive;
    }

    /**
     * Stops the devices, lets midreg finish what is in flight (at most 5 s), and returns the
     * final counts, consistent with each other: every REGISTER a device sent has been received,
     * and every REGISTER received is absorbed, forwarded and answered, or rejected. A device's
     * last REGISTER may still sit in the socket buffer when the devices stop (a busy machine);
     * counting before midreg reads it would report it lost.
     */
    public DemoSample finish() throws InterruptedException {
        devices.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        DemoSample s = sample();
        while (!settled(s) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            s = sample();
        }
        return s;
    }

    private static boolean settled(DemoSample s) {
        var r = s.registrar();
        long rejected = r.rejections().values().stream().mapToLong(Long::longValue).sum();
        long answered = r.upstream2xx() + r.upstreamChallenges() + r.upstream4xx() + r.upstream5xx() + r.upstreamTimeouts();
        return r.received() >= s.devices().sent() && r.received() == r.absorbed() + r.forwarded() + rejected
                && answered == r.forwarded();
    }

    /** Stops devices, midreg, the upstream registrar, and deletes the temporary store. */
    @Override
    public void close() {
        if (devices != null) devices.close();
        if (midreg != null) midreg.close();
        if (upstream != null) upstream.close();
        if (directory != null) deleteRecursively(directory);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temp directory
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
