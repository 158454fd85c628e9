package io.midreg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real DNS server on loopback for RFC 3263 tests: dnsmasq (Debian package dnsmasq-base) in the
 * foreground on a free port, authoritative for one test domain, serving only the SRV and A
 * records given on its command line (no /etc/hosts, no upstream resolvers). Stopped by PID.
 */
public final class Dnsmasq implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final InetSocketAddress address;
    private final Path log;

    private Dnsmasq(Process process, InetSocketAddress address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /**
     * Starts dnsmasq for {@code domain} with {@code records} as dnsmasq options, e.g.
     * {@code --srv-host=_sip._udp.example.test,a.example.test,5070,10,10} and
     * {@code --host-record=a.example.test,127.0.0.1}; records live {@code ttlSeconds}.
     */
    public static Dnsmasq start(String domain, int ttlSeconds, List<String> records) {
        Path binary = InstalledTool.require("dnsmasq", "dnsmasq-base");
        try {
            Path dir = Files.createTempDirectory("midreg-dnsmasq");
            Path log = dir.resolve("dnsmasq.log");
            int port = FreeLoopbackPort.pick();
            // an empty configuration of its own: /dev/null is not always a device in a container
            Path conf = Files.createFile(dir.resolve("empty.conf"));
            List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--no-daemon", "--port=" + port, "--listen-address=127.0.0.1",
                    "--bind-interfaces", "--no-resolv", "--no-hosts", "--conf-file=" + conf, "--pid-file=", "--log-queries",
                    "--local-ttl=" + ttlSeconds, "--local=/" + domain + "/"));
            cmd.addAll(records);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Dnsmasq d = new Dnsmasq(p, new InetSocketAddress("127.0.0.1", port), log);
            d.awaitAnswer(domain);
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start dnsmasq", e);
        }
    }

    private void awaitAnswer(String domain) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SimpleResolver r = new SimpleResolver(address);
        r.setTimeout(Duration.ofMillis(200));
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("dnsmasq exited with " + process.exitValue() + ": " + log());
            Lookup l = new Lookup(Name.fromString(domain + "."), Type.SOA);
            l.setResolver(r);
            l.setCache(null);
            l.run();
            if (l.getResult() != Lookup.TRY_AGAIN) return; // it answered (NXDOMAIN or NODATA is an answer)
            sleep(50);
        }
        String output = log(); // read before close deletes it
        close();
        throw new IllegalStateException("dnsmasq did not answer within " + START_TIMEOUT + ": " + output);
    }

    /** host:port it answers on. */
    public InetSocketAddress address() {
        return address;
    }

    /** Queries it logged so far (one line per query with --log-queries). */
    public long queriesFor(String name) {
        return log().lines().filter(l -> l.contains("query[") && l.contains(" " + name + " ")).count();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
            Files.deleteIfExists(log.resolveSibling("empty.conf"));
            Files.deleteIfExists(log.getParent());
        } catch (IOException ignored) {
            // a temp dir left behind
        }
    }
}
