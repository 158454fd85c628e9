package io.midreg.cli;

import io.midreg.testing.FreeLoopbackPort;
import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.SipPeer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * midreg started by a launcher script ({@code bin/midreg run --config FILE}) as an operator starts
 * it: its own process, its output in a file, signals sent to its PID.
 */
final class MidregProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int udpPort;

    private MidregProcess(Process process, Path log, int udpPort) {
        this.process = process;
        this.log = log;
        this.udpPort = udpPort;
    }

    /**
     * Starts {@code launcher run --config config} in {@code home} and waits until it answers OPTIONS
     * on {@code udpPort}. SIGHUP is set back to its default for it: a test run under nohup (which
     * ignores SIGHUP, and children inherit that) must not change what midreg does with SIGHUP.
     */
    static MidregProcess start(Path launcher, Path home, Path config, int udpPort) throws IOException, InterruptedException {
        return start(launcher, home, config, udpPort, "--default-signal=HUP");
    }

    /** As above, with SIGHUP ignored as nohup leaves it. */
    static MidregProcess startWithHangupIgnored(Path launcher, Path home, Path config, int udpPort) throws IOException, InterruptedException {
        return start(launcher, home, config, udpPort, "--ignore-signal=HUP");
    }

    /** As above; {@code signals} is an option of env(1) that sets the signal handling midreg starts with. */
    private static MidregProcess start(Path launcher, Path home, Path config, int udpPort, String signals) throws IOException, InterruptedException {
        Path log = Files.createTempFile("midreg", ".log");
        // env execs the launcher, which execs java: the PID is midreg's.
        Process p = new ProcessBuilder("env", signals, launcher.toString(), "run", "--config", config.toString())
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        MidregProcess m = new MidregProcess(p, log, udpPort);
        String answer = m.options();
        if (!answer.startsWith("SIP/2.0 200")) {
            String why = m.whyNotStarted(answer); // before close(), which deletes the log
            m.close();
            throw new IllegalStateException(why);
        }
        return m;
    }

    /** What a start that got no 200 to OPTIONS left behind: the exit code (or that it still runs) and the whole log. */
    private String whyNotStarted(String answer) throws InterruptedException {
        String state = process.waitFor(2, TimeUnit.SECONDS) ? "exited with " + process.exitValue() : "still running";
        String output;
        try {
            output = log();
        } catch (IOException e) {
            output = "(log " + log + " unreadable: " + e + ")";
        }
        return "midreg did not answer OPTIONS on 127.0.0.1:" + udpPort + " (" + answer + "; " + state + "), its log:\n" + output;
    }

    static int freeUdpPort() {
        return FreeLoopbackPort.pick();
    }

    InetSocketAddress sipAddress() {
        return new InetSocketAddress("127.0.0.1", udpPort);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** Sends {@code signal} (e.g. HUP, TERM) to the midreg process only. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) throw new IllegalStateException("kill -" + signal + " failed");
    }

    /** Waits (at most {@code seconds}) for the log to satisfy {@code test}; returns the log. */
    String awaitLog(Predicate<String> test, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String text = log();
        while (!test.test(text) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            text = log();
        }
        return text;
    }

    /**
     * The JVM's thread dump ({@code jstack PID}), for a failure message: a wait that ran out
     * shows where midreg was. "no thread dump: ..." when jstack cannot give one.
     */
    String threadDump() {
        try {
            Path out = Files.createTempFile("midreg-jstack", ".txt");
            try {
                Process j = new ProcessBuilder("jstack", Long.toString(process.pid())).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
                if (!j.waitFor(30, TimeUnit.SECONDS)) {
                    j.destroyForcibly();
                    return "no thread dump: jstack did not finish in 30 s";
                }
                return Files.readString(out);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return "no thread dump: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump: interrupted";
        }
    }

    /** Waits for the process to exit; its exit code, or -1 if it did not exit in time. */
    int awaitExit(int seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** OPTIONS until answered (bounded: 120 s: a first start builds the store, slow on a loaded machine, or the process exits); the answer or "no answer". */
    String options() throws IOException {
        return optionsUntilAnswered(process, udpPort);
    }

    /** OPTIONS to 127.0.0.1:{@code udpPort} until answered (bounded: 120 s, or {@code process} exits); the answer or "no answer". */
    static String optionsUntilAnswered(Process process, int udpPort) throws IOException {
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", udpPort);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && process.isAlive()) {
            ReceivedMessage answer = SipPeer.options(target, Duration.ofMillis(500));
            if (answer != null) return answer.text();
        }
        return "no answer";
    }

    /** Stops it by PID if still running (SIGTERM, then SIGKILL after 20 s) and deletes its log. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a temp file; the OS cleans it eventually
            }
        }
    }
}
