package io.midreg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real softphone that nobody here wrote: baresip from Debian (built on the libre SIP stack),
 * headless — no UI, audio or video module, only {@code account} — with its own config dir in a
 * temp dir, listening on 127.0.0.1 and registering one account through an outbound proxy (midreg).
 * It registers at start, refreshes on its own (libre re-registers before {@code regint} runs out)
 * and de-registers when stopped with SIGTERM. Its SIP trace ({@code -s}) and its own status lines
 * go to a log file. Stopped by PID; {@link Baresips} keeps the log of a test that failed.
 */
public final class Baresip implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 100;

    private final Path dir;
    private final Process process;
    private final int port;
    private final String name;

    private Baresip(Path dir, Process process, int port, String name) {
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.name = name;
    }

    /**
     * Starts baresip registering {@code sip:user@domain} (auth user {@code user}, password
     * {@code password}) through {@code outbound}, asking {@code regintSeconds} per registration.
     */
    public static Baresip start(InetSocketAddress outbound, String user, String domain, String password, int regintSeconds) {
        Path binary = InstalledTool.require("baresip", "baresip-core");
        Path dir;
        try {
            dir = Files.createTempDirectory("baresip");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for baresip", e);
        }
        int port = FreeLoopbackPort.pick();
        Process process = null;
        try {
            // Nothing but the account module: no audio device is opened, nothing listens off loopback.
            Files.writeString(dir.resolve("config"), String.join("\n",
                    "poll_method poll",
                    "sip_listen 127.0.0.1:" + port,
                    "sip_trans_def udp",
                    "module_path /usr/lib/baresip/modules",
                    "module_app account.so",
                    "audio_player none",
                    "audio_source none",
                    "audio_alert none",
                    "") );
            Files.writeString(dir.resolve("accounts"), "<sip:" + user + "@" + domain + ";transport=udp>;auth_pass=" + password
                    + ";outbound=\"sip:" + outbound.getAddress().getHostAddress() + ":" + outbound.getPort() + ";transport=udp\""
                    + ";regint=" + regintSeconds + "\n");
            Path log = dir.resolve("baresip.log");
            process = new ProcessBuilder(binary.toString(), "-f", dir.toString(), "-s", "-4").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            return new Baresip(dir, process, port, user + "@" + domain);
        } catch (IOException e) {
            if (process != null) process.destroyForcibly();
            deleteRecursively(dir);
            throw new UncheckedIOException("cannot start baresip in " + dir, e);
        }
    }

    /** The port it listens on (127.0.0.1, UDP). */
    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The account it registers, {@code user@domain}. */
    public String name() {
        return name;
    }

    /** Its log so far: the SIP messages it sent and received, and its own status lines. */
    public String log() {
        try {
            return Files.readString(dir.resolve("baresip.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Waits until the log satisfies {@code condition}; false after {@code timeout}. */
    public boolean awaitLog(Predicate<String> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(log())) return true;
            Thread.sleep(POLL_MILLIS);
        }
        return condition.test(log());
    }

    /** How often {@code text} occurs in the log. */
    public int count(String text) {
        String log = log();
        int n = 0;
        for (int i = log.indexOf(text); i >= 0; i = log.indexOf(text, i + text.length())) n++;
        return n;
    }

    /**
     * SIGTERM by PID: baresip de-registers its account (REGISTER with Expires 0) and exits; SIGKILL
     * if it has not exited within 10 s. Returns whether it exited by itself.
     */
    public boolean stop() throws InterruptedException {
        if (!process.isAlive()) return true;
        process.destroy();
        if (process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) return true;
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return false;
    }

    /** Copies the log to {@code file} (a failed test keeps it). */
    void saveLog(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, log());
    }

    /** Stops it by PID (SIGKILL: a test that wanted the de-registration called {@link #stop()}) and deletes its dir. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteRecursively(dir);
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
