package io.midreg.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real NAT built from Linux network namespaces, for tests: a "device" namespace whose only way
 * out is a "nat" namespace that masquerades (iptables MASQUERADE, a conntrack UDP time-out of a
 * few seconds) towards the test's own namespace, over two veth pairs.
 *
 * <pre>
 *   device ns  10.77.0.2/30 ──veth── 10.77.0.1/30  nat ns  198.18.X.2/30 ──veth── 198.18.X.1/30  test (host) ns
 *              default via 10.77.0.1                MASQUERADE out of its    (the only thing created
 *                                                   host-side veth           in the host namespace)
 * </pre>
 *
 * A process in the device namespace reaches {@link #hostAddress()} (where the code under test
 * listens) from {@link #publicAddress()}, the NAT's address, on a port conntrack chose; a datagram
 * to that address and port reaches the device only while the mapping lives, as behind a home
 * router. Names carry the JVM's PID and a counter, the 198.18.0.0/15 (RFC 2544 benchmarking)
 * subnet is drawn from them, so parallel runs do not collide. Only the veth end made here is
 * touched in the host namespace; {@link #close()} removes everything made, and a shutdown hook
 * does it if the JVM exits first. Needs root (creating namespaces); fails clearly otherwise, and
 * names the Debian package when {@code ip} or {@code iptables} is missing.
 */
public final class NatNamespaces implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final long COMMAND_SECONDS = 10;

    private final String deviceNs;
    private final String natNs;
    private final String hostVeth;
    private final String hostIp;
    private final String publicIp;
    private final Thread cleanupHook;
    private boolean closed;

    private NatNamespaces(String deviceNs, String natNs, String hostVeth, String hostIp, String publicIp) {
        this.deviceNs = deviceNs;
        this.natNs = natNs;
        this.hostVeth = hostVeth;
        this.hostIp = hostIp;
        this.publicIp = publicIp;
        this.cleanupHook = new Thread(this::removeAll, "nat-namespaces-cleanup");
    }

    /**
     * Builds the namespaces with a conntrack UDP time-out of {@code udpTimeoutSeconds} in the NAT
     * (both the unreplied and the "stream" time-out, so a mapping that saw answers lasts as long).
     */
    public static NatNamespaces create(int udpTimeoutSeconds) throws IOException, InterruptedException {
        requireRoot();
        InstalledTool.require("ip", "iproute2");
        InstalledTool.require("iptables", "iptables");
        long pid = ProcessHandle.current().pid();
        int n = INSTANCES.getAndIncrement();
        String tag = Long.toString(pid, 36) + Integer.toString(n % 1296, 36); // at most 5 + 2 characters
        int subnet = (int) ((pid * 7 + n) % 16384); // one /30 of 198.18.0.0/16
        String hostIp = "198.18." + (subnet >> 6) + "." + ((subnet & 63) * 4 + 1);
        String publicIp = "198.18." + (subnet >> 6) + "." + ((subnet & 63) * 4 + 2);
        NatNamespaces nat = new NatNamespaces("midreg-dev-" + tag, "midreg-nat-" + tag, "mh" + tag, hostIp, publicIp);
        Runtime.getRuntime().addShutdownHook(nat.cleanupHook);
        try {
            nat.build("mn" + tag, "md" + tag, "mx" + tag, udpTimeoutSeconds);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            nat.close();
            throw e;
        }
        return nat;
    }

    private void build(String natHostSide, String natDeviceSide, String deviceVeth, int udpTimeoutSeconds)
            throws IOException, InterruptedException {
        run("ip", "netns", "add", natNs);
        run("ip", "netns", "add", deviceNs);
        // nat <-> host
        run("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", natHostSide, "netns", natNs);
        run("ip", "addr", "add", hostIp + "/30", "dev", hostVeth);
        run("ip", "link", "set", hostVeth, "up");
        run("ip", "-n", natNs, "addr", "add", publicIp + "/30", "dev", natHostSide);
        run("ip", "-n", natNs, "link", "set", natHostSide, "up");
        run("ip", "-n", natNs, "link", "set", "lo", "up");
        run("ip", "-n", natNs, "route", "add", "default", "via", hostIp);
        // device <-> nat
        run("ip", "-n", natNs, "link", "add", natDeviceSide, "type", "veth", "peer", "name", deviceVeth, "netns", deviceNs);
        run("ip", "-n", natNs, "addr", "add", "10.77.0.1/30", "dev", natDeviceSide);
        run("ip", "-n", natNs, "link", "set", natDeviceSide, "up");
        run("ip", "-n", deviceNs, "addr", "add", deviceIp() + "/30", "dev", deviceVeth);
        run("ip", "-n", deviceNs, "link", "set", deviceVeth, "up");
        run("ip", "-n", deviceNs, "link", "set", "lo", "up");
        run("ip", "-n", deviceNs, "route", "add", "default", "via", "10.77.0.1");
        // the NAT: forwarding, masquerade towards the host, short UDP mappings (per namespace)
        run("ip", "netns", "exec", natNs, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1",
                "net.netfilter.nf_conntrack_udp_timeout=" + udpTimeoutSeconds,
                "net.netfilter.nf_conntrack_udp_timeout_stream=" + udpTimeoutSeconds);
        run("ip", "netns", "exec", natNs, "iptables", "-t", "nat", "-A", "POSTROUTING", "-o", natHostSide, "-j", "MASQUERADE");
    }

    private static void requireRoot() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS);
        if (!uid.equals("0")) {
            throw new IllegalStateException("building a NAT in network namespaces needs root (uid 0), this JVM runs as uid " + uid
                    + ": run the tests as root (test-scenarios/run-all-tests.sh in CI does)");
        }
    }

    /** The device's own (private, RFC 1918) address, as it writes it into Via and Contact. */
    public String deviceIp() {
        return "10.77.0.2";
    }

    /** The address in the test's namespace the device reaches: where the code under test listens. */
    public String hostIp() {
        return hostIp;
    }

    /** The NAT's address as the test's namespace sees it: the source of everything the device sends. */
    public String publicIp() {
        return publicIp;
    }

    public InetAddress hostAddress() throws UnknownHostException {
        return InetAddress.getByName(hostIp);
    }

    public InetAddress publicAddress() throws UnknownHostException {
        return InetAddress.getByName(publicIp);
    }

    /** The name of the device namespace. */
    public String deviceNamespace() {
        return deviceNs;
    }

    /** The prefix that runs a command in the device namespace ({@code ip netns exec NS}; the command keeps its own PID). */
    public List<String> inDevice() {
        return List.of("ip", "netns", "exec", deviceNs);
    }

    /** The NAT's UDP mappings now (conntrack's table as {@code /proc} shows it in the NAT namespace), for failure messages. */
    public String natMappings() {
        try {
            return run("ip", "netns", "exec", natNs, "cat", "/proc/net/nf_conntrack");
        } catch (IOException | InterruptedException | IllegalStateException e) {
            return "(conntrack table not readable: " + e.getMessage() + ")";
        }
    }

    /** Removes both namespaces and the host's veth end; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs removeAll again, harmlessly
        }
    }

    /** Deleting a namespace deletes the veth ends in it, and with them their peers. */
    private void removeAll() {
        List<String> failures = new ArrayList<>();
        for (String[] cmd : List.of(new String[] {"ip", "link", "del", hostVeth}, new String[] {"ip", "netns", "del", deviceNs},
                new String[] {"ip", "netns", "del", natNs})) {
            try {
                runQuietly(cmd);
            } catch (IOException | InterruptedException e) {
                failures.add(String.join(" ", cmd) + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) System.err.println("NatNamespaces cleanup: " + failures);
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", cmd));
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new IllegalStateException("failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + text);
        return text;
    }

    /** Runs a removal; what is already gone (a half-built setup) is not an error. */
    private static void runQuietly(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) p.destroyForcibly();
    }
}
