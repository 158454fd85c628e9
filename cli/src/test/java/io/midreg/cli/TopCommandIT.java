package io.midreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code midreg top} through the real launcher, polling a stats endpoint over HTTP on loopback.
 * (The admin API arrives on another branch; until then a JDK HTTP server serves the same schema
 * here, with counters that move between polls.)
 */
@Timeout(120)
class TopCommandIT {
    private static final Path HOME = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    private HttpServer server;
    private final AtomicLong polls = new AtomicLong();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/stats", ex -> {
            long n = polls.incrementAndGet();
            boolean ok = "Bearer t0ken".equals(ex.getRequestHeaders().getFirst("Authorization"));
            String body = ok ? "{\"uptimeMillis\":" + (60_000 + n * 200) + ",\"registrar\":{\"received\":" + (1000 * n) + ",\"absorbed\":" + (950 * n)
                    + ",\"forwarded\":" + (50 * n) + "},\"active\":{\"aors\":300,\"bindings\":310}}" : "{\"error\":\"unauthorized\"}";
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ok ? 200 : 401, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String admin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String[] run(java.util.Map<String, String> env, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = HOME.resolve("bin/midreg").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(HOME.toFile()).redirectErrorStream(true);
        pb.environment().remove("MIDREG_ADMIN_TOKEN");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(out).isTrue();
        return new String[] {Integer.toString(p.exitValue()), out};
    }

    @Test
    void printsOneLinePerIntervalWhenNotOnATerminal() throws Exception {
        String[] r = run(java.util.Map.of("MIDREG_ADMIN_TOKEN", "t0ken"), "top", "--admin", admin(), "--interval", "0.2", "--count", "3");
        assertThat(r[0]).as(r[1]).isEqualTo("0");
        java.util.List<String> lines = r[1].lines().filter(l -> l.startsWith("up=")).toList();
        assertThat(lines).as(r[1]).hasSize(3);
        // between polls: 1000 received, 50 forwarded: 20x over the interval and in total
        assertThat(lines.get(2)).contains("reduction=20.0x").contains("total-reduction=20.0x").contains("aors=300 bindings=310")
                .contains("cap=none").contains("flows=- calls=-");
    }

    @Test
    void aWrongTokenFailsWithTheReason() throws Exception {
        String[] r = run(java.util.Map.of(), "top", "--admin", admin(), "--token", "nope", "--count", "1");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).contains("HTTP 401: unauthorized").contains("--token");
    }

    @Test
    void nothingListeningExitsFour() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String[] r = run(java.util.Map.of(), "top", "--admin", "http://127.0.0.1:" + port, "--count", "1");
        assertThat(r[0]).isEqualTo("4");
        assertThat(r[1]).contains("cannot connect to 127.0.0.1:" + port);
    }
}
