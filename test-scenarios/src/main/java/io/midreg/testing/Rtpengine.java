package io.midreg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real RTPEngine media relay on loopback (Debian package rtpengine-daemon), userspace only: no
 * kernel module ({@code --table=-1}), no config file, media on 127.0.0.1 in a small port range of
 * its own, ng control on a loopback UDP port. Deleted calls go at once ({@code --delete-delay=0})
 * so a query right after a delete finds nothing. Runs in the foreground as the current user,
 * logging to a temp file; {@link #close()} stops it by PID. Readiness is checked with an ng ping
 * of the harness's own (a fixed datagram): the product's ng client is what the tests test.
 */
public final class Rtpengine implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int START_ATTEMPTS = 3;
    private static final int MEDIA_PORTS = 200;
    private static final byte[] PING = "harness-ping d7:command4:pinge".getBytes(StandardCharsets.US_ASCII);
    private static final String PONG = "harness-ping d6:result4:ponge";

    private final Process process;
    private final Path dir;
    private final InetSocketAddress ng;
    private final int portMin;
    private final int portMax;

    private Rtpengine(Process process, Path dir, InetSocketAddress ng, int portMin, int portMax) {
        this.process = process;
        this.dir = dir;
        this.ng = ng;
        this.portMin = portMin;
        this.portMax = portMax;
    }

    /** Starts one on a free ng port. */
    public static Rtpengine start() {
        return start(0);
    }

    /**
     * Starts one with ng control on {@code ngPort} (0: a free one, picked again if another
     * process takes it first), e.g. the port of one stopped earlier, to bring it back.
     */
    public static Rtpengine start(int ngPort) {
        Path binary = InstalledTool.require("rtpengine", "rtpengine-daemon");
        IllegalStateException last = null;
        for (int i = 0; i < (ngPort == 0 ? START_ATTEMPTS : 1); i++) {
            try {
                return startOnce(binary, ngPort == 0 ? FreeLoopbackPort.pick() : ngPort);
            } catch (PortTaken e) {
                last = e;
            }
        }
        throw last;
    }

    private static Rtpengine startOnce(Path binary, int ngPort) {
        // an even base in the unprivileged range below the kernel's ephemeral ports (32768+); busy ports rtpengine skips
        int portMin = 2 * ThreadLocalRandom.current().nextInt(10_000, 16_000 - MEDIA_PORTS);
        int portMax = portMin + MEDIA_PORTS - 1;
        Path dir = null;
        Process process = null;
        try {
            dir = Files.createTempDirectory("midreg-rtpengine");
            Path log = dir.resolve("rtpengine.log");
            List<String> cmd = List.of(binary.toString(), "--config-file=none", "--table=-1", "--foreground", "--log-stderr",
                    "--interface=127.0.0.1", "--listen-ng=127.0.0.1:" + ngPort, "--port-min=" + portMin, "--port-max=" + portMax,
                    "--delete-delay=0", "--num-threads=2", "--log-level=6");
            process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Rtpengine r = new Rtpengine(process, dir, new InetSocketAddress("127.0.0.1", ngPort), portMin, portMax);
            r.awaitPong(cmd);
            return r;
        } catch (IOException e) {
            stop(process);
            TempDirs.deleteRecursively(dir);
            throw new UncheckedIOException("cannot start rtpengine", e);
        } catch (RuntimeException e) {
            stop(process);
            TempDirs.deleteRecursively(dir);
            throw e;
        }
    }

    private void awaitPong(List<String> cmd) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(100);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    String output = log();
                    if (output.contains("Address already in use") || output.contains("Failed to open")) throw new PortTaken(output);
                    throw new IllegalStateException("rtpengine exited with " + process.exitValue() + " while starting: " + cmd + "\n" + output);
                }
                socket.send(new DatagramPacket(PING, PING.length, ng));
                byte[] buf = new byte[512];
                DatagramPacket reply = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(reply);
                    if (new String(buf, 0, reply.getLength(), StandardCharsets.US_ASCII).equals(PONG)) return;
                } catch (SocketTimeoutException notYet) {
                    // not listening yet
                } catch (IOException refused) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // ICMP port unreachable: not bound yet
                }
            }
        }
        throw new IllegalStateException("rtpengine did not answer ng ping within " + START_TIMEOUT + ": " + cmd + "\n" + log());
    }

    /** Where ng control reaches it (UDP). */
    public InetSocketAddress ngAddress() {
        return ng;
    }

    /** The address it relays media on and writes into the SDP it rewrites. */
    public String mediaAddress() {
        return "127.0.0.1";
    }

    /** Its media port range, inclusive. */
    public int portMin() {
        return portMin;
    }

    public int portMax() {
        return portMax;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Its log so far (stderr, log level 6: every ng command it received is a line). */
    public String log() {
        try {
            return Files.readString(dir.resolve("rtpengine.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** How many times the log says it received {@code command}, e.g. "offer". */
    public long commandsReceived(String command) {
        String needle = "Received command '" + command + "'";
        return log().lines().filter(l -> l.contains(needle)).count();
    }

    /** Stops it by PID (SIGTERM, then SIGKILL); the temp dir stays until {@link #close()}. */
    public void stop() {
        stop(process);
    }

    /** Stops it by PID and deletes its temp dir. */
    @Override
    public void close() {
        stop(process);
        TempDirs.deleteRecursively(dir);
    }

    private static void stop(Process process) {
        Processes.stop(process, STOP_TIMEOUT);
    }

    /** rtpengine could not bind the ng port picked for it: another process took it first. */
    private static final class PortTaken extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTaken(String log) {
            super("rtpengine could not bind its ng port:\n" + log);
        }
    }
}
