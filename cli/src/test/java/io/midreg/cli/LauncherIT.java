package io.midreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.testing.FreeLoopbackPort;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's run command for real: {@code bin/midreg run} as an operator starts it (after
 * {@code mvn package}), answered over UDP, stopped with SIGTERM; and {@code config check}.
 */
@Timeout(120)
class LauncherIT {
    private static final Path HOME = Path.of(System.getProperty("user.dir")).resolve("..").normalize();

    @Test
    void runAnswersOptionsAndStopsOnSigterm() throws Exception {
        int port = FreeLoopbackPort.pick();
        Path config = Files.createTempFile("midreg", ".yaml");
        Path store = Files.createTempDirectory("midreg-store").resolve("midreg.store");
        Files.writeString(config, "sip:\n  listeners:\n    - transport: udp\n      host: 127.0.0.1\n      port: " + port + "\n"
                + "upstream:\n  target: 127.0.0.1:9\n  tokenSecret: launcher-secret-0123456789\nadmin:\n  listen: 127.0.0.1:0\nstore:\n  file: " + store + "\n  capacity: 100\n");
        Path log = Files.createTempFile("midreg", ".log");
        Process p = new ProcessBuilder(HOME.resolve("bin/midreg").toString(), "run", "--config", config.toString())
                .directory(HOME.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String answer = MidregProcess.optionsUntilAnswered(p, port);
            assertThat(answer).as(Files.readString(log)).startsWith("SIP/2.0 200 OK");
            p.toHandle().destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            assertThat(Files.readString(log)).contains("midreg started").contains("midreg stopping");
        } finally {
            if (p.isAlive()) p.destroyForcibly();
            Files.deleteIfExists(config);
        }
    }

    @Test
    void configCheckNamesKeyAndLineAndExitsNonZero() throws Exception {
        Path bad = Files.createTempFile("midreg", ".yaml");
        Files.writeString(bad, "sip:\n  listeners:\n    - transport: sctp\n      port: 5060\n");
        Process p = new ProcessBuilder(HOME.resolve("bin/midreg").toString(), "config", "check", bad.toString())
                .directory(HOME.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("line 3").contains("sip.listeners[0].transport").contains("sctp");
        Files.deleteIfExists(bad);
    }

    /** A UDP port another socket holds: exit 3, and one line on stderr names the listener, without a stack trace. */
    @Test
    @Timeout(240)
    void aPortInUseEndsTheStartWithOneLineAndExitCode3() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            int port = taken.getLocalPort();
            Path config = configFile(port, Files.createTempDirectory("midreg-store").resolve("midreg.store"));
            Run r = runUntilExit(config);
            assertThat(r.exit()).as(r.stderr()).isEqualTo(3);
            assertThat(lastLine(r.stderr())).as(r.stderr()).startsWith("midreg: cannot start: cannot bind UDP listener on 127.0.0.1:" + port + ":")
                    .contains("in use");
            assertThat(r.stderr()).doesNotContain("\tat ").doesNotContain("Exception in thread");
        }
    }

    /** A second midreg on the store of a running one: exit 3 with the reason, and the running one carries on. */
    @Test
    @Timeout(240)
    void aStoreInUseEndsTheStartWithOneLineAndExitCode3() throws Exception {
        int port = MidregProcess.freeUdpPort();
        Path store = Files.createTempDirectory("midreg-store").resolve("midreg.store");
        try (MidregProcess running = MidregProcess.start(HOME.resolve("bin/midreg"), HOME, configFile(port, store), port)) {
            Run r = runUntilExit(configFile(MidregProcess.freeUdpPort(), store));
            assertThat(r.exit()).as(r.stderr()).isEqualTo(3);
            assertThat(lastLine(r.stderr())).as(r.stderr()).startsWith("midreg: cannot start: store is open for writing by another process");
            assertThat(r.stderr()).doesNotContain("\tat ").doesNotContain("Exception in thread");
            assertThat(running.options()).as(running.log()).startsWith("SIP/2.0 200");
        }
    }

    private record Run(int exit, String stderr) {
    }

    /** {@code bin/midreg run --config config}, expected to give up: its exit code and stderr (bounded: 90 s). */
    private static Run runUntilExit(Path config) throws Exception {
        Path err = Files.createTempFile("midreg", ".err");
        Process p = new ProcessBuilder(HOME.resolve("bin/midreg").toString(), "run", "--config", config.toString())
                .directory(HOME.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        try {
            boolean exited = p.waitFor(90, TimeUnit.SECONDS);
            String text = Files.readString(err);
            assertThat(exited).as("midreg gave up starting; its stderr:\n" + text).isTrue();
            return new Run(p.exitValue(), text);
        } finally {
            if (p.isAlive()) p.destroyForcibly();
            Files.deleteIfExists(err);
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static Path configFile(int port, Path store) throws Exception {
        Path config = Files.createTempFile("midreg", ".yaml");
        Files.writeString(config, "sip:\n  listeners:\n    - transport: udp\n      host: 127.0.0.1\n      port: " + port + "\n"
                + "upstream:\n  target: 127.0.0.1:9\n  tokenSecret: launcher-secret-0123456789\nadmin:\n  listen: 127.0.0.1:0\nstore:\n  file: " + store
                + "\n  capacity: 100\n");
        return config;
    }

    @Test
    void sampleConfigChecksOk() throws Exception {
        Process p = new ProcessBuilder(HOME.resolve("bin/midreg").toString(), "config", "check", "config/midreg.yaml")
                .directory(HOME.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
