package io.midreg.cli.top;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client over real HTTP on loopback, against a JDK server standing in for the admin API's stats endpoint. */
class StatsClientTest {
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/stats", ex -> {
            boolean authorized = "Bearer s3cret".equals(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (authorized ? "{\"registrar\":{\"received\":5}}" : "{\"error\":\"missing or wrong bearer token\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(authorized ? 200 : 401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void fetchesWithTheBearerToken() throws Exception {
        assertThat(new StatsClient(base + "/", " s3cret ").fetch()).contains("\"received\":5");
    }

    @Test
    void aRefusedTokenSaysWhatToDo() {
        assertThatThrownBy(() -> new StatsClient(base, null).fetch()).isInstanceOf(StatsClient.Refused.class)
                .hasMessageContaining("HTTP 401: missing or wrong bearer token").hasMessageContaining("--token");
    }

    @Test
    void nothingListeningIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> new StatsClient("http://127.0.0.1:" + port, null).fetch()).isInstanceOf(StatsClient.Unreachable.class)
                .hasMessageContaining("cannot connect to 127.0.0.1:" + port);
    }

    @Test
    void aBadUrlIsRefusedUpFront() {
        assertThatThrownBy(() -> new StatsClient("127.0.0.1:9070", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an http(s) URL");
    }
}
