package io.midreg.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A SIPp UAS on a loopback UDP port, standing in for an upstream registrar in one behaviour
 * (test-scenarios/sipp/upstream-*-uas.xml). Every message it receives is traced to a file;
 * {@link #requests} reads them back as one entry per request (retransmissions of the same
 * branch folded into the first). Stopped by its own process handle.
 */
public final class SippUas implements AutoCloseable {
    private static final Duration PROBE_WAIT = Duration.ofMillis(200);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    /** One request received: when (epoch ms), its method, branch, and the user of its To. */
    public record Received(long atMillis, String method, String branch, String toUser) {
    }

    private final Process process;
    private final Path trace;
    private final Path dir;

    private SippUas(Process process, Path trace, Path dir) {
        this.process = process;
        this.trace = trace;
        this.dir = dir;
    }

    /**
     * Starts {@code scenario} on 127.0.0.1:{@code port}; with {@code answers} it waits until an
     * OPTIONS is answered (a silent scenario gets half a second to bind). {@code extra} are more
     * SIPp options, e.g. {@code -key retry 3}.
     */
    public static SippUas start(String scenario, int port, boolean answers, String... extra) throws IOException, InterruptedException {
        return startIn(List.of(), "127.0.0.1", scenario, port, answers, extra);
    }

    /**
     * As {@link #start}, on {@code ip}:{@code port}, the command prefixed by {@code prefix} (e.g.
     * {@link NatNamespaces#inDevice()}: SIPp keeps the PID, so it is stopped by it). {@code answers}
     * probes with OPTIONS from this namespace, so pass false for one it cannot reach.
     */
    public static SippUas startIn(List<String> prefix, String ip, String scenario, int port, boolean answers, String... extra)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("sipp-uas");
        Path trace = dir.resolve("messages.log");
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Sipp.binary(), "-sf", Sipp.scenario(scenario).toString(), "-t", "u1", "-i", ip,
                "-p", Integer.toString(port), "-deadcall_wait", "0", "-trace_msg", "-message_file", trace.toString(),
                "-trace_err", "-error_file", dir.resolve("errors.log").toString(), "-timeout", "300s", "-nostdin", "-nd"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("screen.log").toFile()).start();
        SippUas uas = new SippUas(p, trace, dir);
        if (!answers) {
            Thread.sleep(500);
            if (!p.isAlive()) throw new IllegalStateException("sipp " + scenario + " exited: " + Files.readString(dir.resolve("screen.log")));
            return uas;
        }
        for (int i = 0; i < 50; i++) { // 50 probes of 200 ms: 10 s
            if (!p.isAlive()) throw new IllegalStateException("sipp " + scenario + " exited: " + Files.readString(dir.resolve("screen.log")));
            if (SipPeer.options(new InetSocketAddress(ip, port), PROBE_WAIT) != null) return uas;
        }
        uas.close();
        throw new IllegalStateException("sipp " + scenario + " did not answer on port " + port + ": " + Files.readString(dir.resolve("screen.log")));
    }

    /** The requests received so far (a retransmission counts once, at its first arrival), probes left out. */
    public List<Received> requests() throws IOException {
        Map<String, Received> byBranch = new LinkedHashMap<>();
        if (!Files.exists(trace)) return List.of();
        List<String> lines = Files.readAllLines(trace, StandardCharsets.ISO_8859_1);
        long at = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("----------------------------------------------- ")) {
                at = LocalDateTime.parse(line.substring(48).trim(), STAMP).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
                continue;
            }
            if (!line.contains("message received")) continue;
            int start = i + 2;
            if (start >= lines.size()) break;
            String first = lines.get(start);
            int sp = first.indexOf(' ');
            if (sp < 0 || first.startsWith("SIP/2.0")) continue;
            String method = first.substring(0, sp);
            String branch = null, to = null, callId = null;
            for (int j = start + 1; j < lines.size() && !lines.get(j).isEmpty(); j++) {
                String h = lines.get(j);
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("via:") && branch == null) {
                    int b = lower.indexOf("branch=");
                    if (b >= 0) branch = h.substring(b + 7).split("[;,\\s]")[0];
                } else if (lower.startsWith("to:")) {
                    int s = h.indexOf("sip:");
                    int e = s < 0 ? -1 : h.indexOf('@', s);
                    to = s >= 0 && e > s ? h.substring(s + 4, e) : "";
                } else if (lower.startsWith("call-id:")) {
                    callId = h.substring(8).trim();
                }
            }
            if (callId != null && callId.startsWith(SipPeer.PROBE_CALL_ID_PREFIX)) continue;
            byBranch.putIfAbsent(method + " " + branch, new Received(at, method, branch, to));
        }
        return new ArrayList<>(byBranch.values());
    }

    /** Every message traced so far, sent and received, as SIPp wrote them (empty before the first). */
    public String trace() throws IOException {
        return Files.exists(trace) ? Files.readString(trace, StandardCharsets.ISO_8859_1) : "";
    }

    /** How many {@code method} requests were received so far (see {@link #requests}). */
    public long count(String method) throws IOException {
        return requests().stream().filter(r -> r.method().equals(method)).count();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Where the trace and SIPp's output are (kept for a failing test's message). */
    public Path dir() {
        return dir;
    }
}
