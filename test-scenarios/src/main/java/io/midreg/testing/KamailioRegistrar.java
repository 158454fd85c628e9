package io.midreg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Kamailio registrar on loopback (test-scenarios/kamailio/registrar.cfg): in-memory
 * location table, optional digest auth (user U's password is {@code pw-U}), optionally the PBX's
 * proxy for calls to the contacts it holds ({@link KamailioCalls}), statistics and
 * bindings read with kamcmd, and a switch to reject, fail or drop REGISTERs while it runs.
 * Runs in the foreground as the current user with everything in its own temp dir; {@link #close()}
 * stops it by PID and deletes the dir.
 */
public final class KamailioRegistrar implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int START_ATTEMPTS = 3;

    private final KamailioOptions options;
    private final Path dir;
    private final Process process;
    private final List<ProcessHandle> workers;
    private final Kamcmd kamcmd;
    private final InetSocketAddress udp;
    private final InetSocketAddress tcp;

    private KamailioRegistrar(KamailioOptions options, Path dir, Process process, Kamcmd kamcmd, InetSocketAddress udp,
                              InetSocketAddress tcp) {
        this.options = options;
        this.dir = dir;
        this.process = process;
        this.kamcmd = kamcmd;
        this.udp = udp;
        this.tcp = tcp;
        this.workers = process.descendants().toList();
    }

    /**
     * Starts Kamailio and returns once it answers RPCs and SIP. Free ports are picked when the
     * options ask for port 0 (and picked again if another process takes them first).
     */
    public static KamailioRegistrar start(KamailioOptions options) {
        Path binary = InstalledTool.require("kamailio", "kamailio");
        InstalledTool.require("kamcmd", "kamailio");
        IllegalStateException last = null;
        int attempts = options.udpPort() == 0 || options.tcpPort() == 0 ? START_ATTEMPTS : 1;
        for (int i = 0; i < attempts; i++) {
            try {
                return startOnce(binary, options);
            } catch (PortTaken e) {
                last = e;
            }
        }
        throw last;
    }

    private static KamailioRegistrar startOnce(Path binary, KamailioOptions options) {
        int udpPort = options.udpPort() != 0 ? options.udpPort() : FreeLoopbackPort.pick();
        int tcpPort = options.tcpPort() != 0 ? options.tcpPort() : options.udpPort() == 0 ? udpPort : FreeLoopbackPort.pick();
        Path dir = createTempDir();
        Process process = null;
        try {
            Path config = Files.copy(TestScenarios.file("kamailio/registrar.cfg"), dir.resolve("registrar.cfg"));
            String ctl = "unix:" + dir.resolve("kamailio_ctl");
            List<String> cmd = command(binary, options, config, dir, ctl, udpPort, tcpPort);
            Path log = dir.resolve("kamailio.log");
            process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Kamcmd kamcmd = new Kamcmd(ctl);
            awaitReady(process, kamcmd, log, udpPort, cmd);
            return new KamailioRegistrar(options, dir, process, kamcmd, new InetSocketAddress("127.0.0.1", udpPort),
                    new InetSocketAddress("127.0.0.1", tcpPort));
        } catch (IOException e) {
            stop(process, List.of());
            deleteRecursively(dir);
            throw new UncheckedIOException("cannot start kamailio in " + dir, e);
        } catch (RuntimeException e) {
            stop(process, process == null ? List.of() : process.descendants().toList());
            deleteRecursively(dir);
            throw e;
        }
    }

    private static List<String> command(Path binary, KamailioOptions o, Path config, Path dir, String ctl, int udpPort, int tcpPort) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(),
                "-DD", "-E",                       // foreground, log to stderr (our log file)
                "-f", config.toString(),
                "-Y", dir.toString(),              // runtime dir: nothing under /run
                "-w", dir.toString(),
                "-m", "64", "-M", "8",             // shared / private memory, MB: plenty for tests
                "-l", "udp:127.0.0.1:" + udpPort,
                "-l", "tcp:127.0.0.1:" + tcpPort,
                "-A", "CTL_SOCKET=\"" + ctl + "\"",
                "-A", "REALM=\"" + o.realm() + "\"",
                "-A", "LOG_LEVEL=" + o.logLevel(),
                "-A", "CHILDREN=" + o.children(),
                "-A", "INITIAL_MODE=\"" + o.initialMode().configValue() + "\"",
                "-A", "RETRY_AFTER=" + o.retryAfterSeconds(),
                "-A", "MIN_EXPIRES=" + o.minExpires(),
                "-A", "MAX_EXPIRES=" + o.maxExpires()));
        if (o.auth()) cmd.addAll(List.of("-A", "WITH_AUTH"));
        if (o.authAlgorithm() != null) cmd.addAll(List.of("-A", "AUTH_ALGORITHM=\"" + o.authAlgorithm() + "\""));
        for (String define : o.calls().defines()) cmd.addAll(List.of("-A", define));
        return cmd;
    }

    private static void awaitReady(Process process, Kamcmd kamcmd, Path log, int udpPort, List<String> cmd) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String output = Files.readString(log);
                if (output.contains("Address already in use")) throw new PortTaken(output);
                throw new IllegalStateException("kamailio exited with " + process.exitValue() + " while starting: " + cmd + "\n" + output);
            }
            if (kamcmd.answers() && SipPeer.answersOptions(new InetSocketAddress("127.0.0.1", udpPort))) return;
            sleep(50);
        }
        throw new IllegalStateException("kamailio did not answer within " + START_TIMEOUT + ": " + cmd + "\n" + Files.readString(log));
    }

    /** Where SIP over UDP reaches it. */
    public InetSocketAddress address() {
        return udp;
    }

    /** Where SIP over TCP reaches it. */
    public InetSocketAddress tcpAddress() {
        return tcp;
    }

    public KamailioOptions options() {
        return options;
    }

    /** REGISTER requests received so far, challenged, answered or dropped ({@code core:rcv_requests_register}). */
    public long registerRequestsReceived() {
        return statistic("rcv_requests_register");
    }

    /** REGISTERs the registrar saved ({@code registrar:accepted_regs}). */
    public long acceptedRegistrations() {
        return statistic("accepted_regs");
    }

    /** REGISTERs save() refused, e.g. with 423 ({@code registrar:rejected_regs}); challenges and the failure modes do not count. */
    public long rejectedRegistrations() {
        return statistic("rejected_regs");
    }

    /** AORs with at least one binding ({@code usrloc:registered_users}). */
    public long registeredUsers() {
        return statistic("registered_users");
    }

    /** Any Kamailio statistic by its plain name, e.g. {@code rcv_requests_options}. */
    public long statistic(String name) {
        Long value = kamcmd.statistics(name).get(name);
        if (value == null) throw new IllegalArgumentException("kamailio has no statistic " + name);
        return value;
    }

    /** The bindings of {@code aor} ({@code user@domain}); empty when it has none. */
    public List<RegisteredContact> contactsOf(String aor) {
        return kamcmd.contactsOf(aor);
    }

    /** Every binding, as {@code kamcmd ul.dump} prints it (for failure messages). */
    public String dump() {
        return kamcmd.call("ul.dump");
    }

    /** Switches how REGISTERs are answered from now on. */
    public void setMode(RegistrarMode mode) {
        kamcmd.call("htable.sets", "behaviour", "mode", mode.configValue());
    }

    /**
     * Whether OPTIONS obey the mode too (fail with 503 or go unanswered like REGISTERs), or are
     * always answered 200 (the default: the readiness probe relies on it).
     */
    public void setOptionsFollowMode(boolean follow) {
        kamcmd.call("htable.sets", "behaviour", "options", follow ? "follow" : "ignore");
    }

    /**
     * Adds {@code value} (e.g. {@code <sip:127.0.0.1:5099;lr>}) as a Service-Route header field to
     * every 200 to a REGISTER from now on (RFC 3608), as an IMS-style registrar names the proxy
     * a UA's requests must go through; {@code ""} stops it.
     */
    public void setServiceRoute(String value) {
        kamcmd.call("htable.sets", "behaviour", "service_route", value);
    }

    /** Sets the Retry-After of {@link RegistrarMode#UNAVAILABLE_503} answers from now on. */
    public void setRetryAfter(int seconds) {
        kamcmd.call("htable.seti", "behaviour", "retry_after", Integer.toString(seconds));
    }

    /** Kamailio's log so far. */
    public String log() {
        try {
            return Files.readString(dir.resolve("kamailio.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The main process's PID (its workers are its children). */
    public long pid() {
        return process.pid();
    }

    /** Stops Kamailio by PID (SIGTERM, then SIGKILL for anything left) and deletes its temp dir. */
    @Override
    public void close() {
        stop(process, workers);
        deleteRecursively(dir);
    }

    private static void stop(Process process, List<ProcessHandle> workers) {
        if (process == null) return;
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the main process kills its workers on SIGTERM; any it left behind go by their own PIDs
        for (ProcessHandle worker : workers) if (worker.isAlive()) worker.destroyForcibly();
    }

    private static Path createTempDir() {
        try {
            // short: the binrpc unix socket path inside must stay under 108 bytes
            return Files.createTempDirectory(Path.of("/tmp"), "kam");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for kamailio", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: a leftover file in /tmp must not fail a test
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for kamailio", e);
        }
    }

    /** Kamailio could not bind the port picked for it: another process took it first. */
    private static final class PortTaken extends IllegalStateException {
        PortTaken(String log) {
            super("kamailio could not bind its port:\n" + log);
        }
    }
}
