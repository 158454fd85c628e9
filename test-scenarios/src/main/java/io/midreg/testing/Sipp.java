package io.midreg.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs SIPp (Debian package sip-tester) as a real SIP peer. Fails, saying what to install, when
 * it is missing: tests never skip for want of a tool. Every run is bounded in calls and time.
 */
public final class Sipp {
    private Sipp() {
    }

    /** The outcome of one SIPp run. */
    public record Result(int exitCode, String output) {
        public boolean allCallsSucceeded() {
            return exitCode == 0;
        }
    }

    public static Path scenario(String name) {
        return TestScenarios.file("sipp/" + name);
    }

    public static String binary() {
        return InstalledTool.require("sipp", "sip-tester").toString();
    }

    /**
     * Runs {@code calls} calls of {@code scenario} against {@code target} over {@code transport}
     * ("u1" UDP, "t1" TCP) at {@code rate} calls/s, and waits at most {@code timeoutSeconds}.
     * {@code extra} are more SIPp options, e.g. {@code -s alice -au alice -ap pw-alice -set final 401}.
     * The output holds SIPp's screen and then its error log (unexpected messages, warnings).
     */
    public static Result run(String scenario, InetSocketAddress target, String transport, int calls, int rate, int timeoutSeconds,
                             String... extra) throws IOException, InterruptedException {
        return runIn(List.of(), "127.0.0.1", 0, scenario, target, transport, calls, rate, timeoutSeconds, extra);
    }

    /**
     * As {@link #run}, from {@code localIp}:{@code localPort} (0: any port), the command prefixed
     * by {@code prefix} (e.g. {@link NatNamespaces#inDevice()}, to run it behind a NAT).
     */
    public static Result runIn(List<String> prefix, String localIp, int localPort, String scenario, InetSocketAddress target,
                               String transport, int calls, int rate, int timeoutSeconds, String... extra)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(binary(), target.getHostString() + ":" + target.getPort(),
                "-sf", scenario(scenario).toString(), "-t", transport, "-i", localIp, "-p", Integer.toString(localPort),
                "-m", Integer.toString(calls), "-r", Integer.toString(rate), "-timeout", timeoutSeconds + "s",
                "-timeout_error", "-nostdin", "-nd"));
        Path log = Files.createTempFile("sipp", ".log");
        Path errors = Files.createTempFile("sipp", ".errors");
        // without -error_file, -trace_err would write into the module's working directory
        cmd.addAll(List.of("-trace_err", "-error_file", errors.toString()));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(timeoutSeconds + 10L, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("sipp did not finish in time: " + cmd + "\n" + Files.readString(log) + "\n--- sipp errors ---\n"
                        + Files.readString(errors));
            }
            return new Result(p.exitValue(), Files.readString(log) + "\n--- sipp errors ---\n" + Files.readString(errors));
        } finally {
            if (p.isAlive()) p.destroyForcibly();
            Files.deleteIfExists(log);
            Files.deleteIfExists(errors);
        }
    }
}
