package io.midreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.config.ReloadOutcome;
import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.TestDevice;
import io.midreg.upstream.health.BreakerState;
import io.midreg.upstream.health.CircuitBreaker;
import io.midreg.upstream.health.UpstreamFailure;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The breaker wired into a started server: kept across reloads, and what a device gets while it is open. */
@Timeout(60)
class UpstreamBreakerServerTest {
    private Path dir;
    private Path file;
    private MidregServer server;
    private DatagramSocket upstream;

    private String config(int upstreamPort, String upstreamExtra) {
        return """
                sip:
                  listeners:
                    - transport: udp
                      host: 127.0.0.1
                      port: 0
                registrar:
                  mode: contact
                upstream:
                  target: 127.0.0.1:%d
                  tokenSecret: test-secret-0123456789
                %s
                admin:
                  listen: 127.0.0.1:0
                store:
                  file: %s
                  capacity: 100
                """.formatted(upstreamPort, upstreamExtra, dir.resolve("s.store"));
    }

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("midreg-breaker");
        file = dir.resolve("midreg.yaml");
        upstream = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        Files.writeString(file, config(upstream.getLocalPort(), ""));
        server = new MidregServer(LoadedConfig.load(file));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        upstream.close();
    }

    private CircuitBreaker breaker() {
        return (CircuitBreaker) server.registrar().relay().health();
    }

    @Test
    void aReloadKeepsTheBreakerOfAnUnchangedTargetWithItsNewSettings() throws Exception {
        CircuitBreaker before = breaker();
        before.failed(UpstreamFailure.timeout());
        Files.writeString(file, config(upstream.getLocalPort(), "  breaker: {failures: 2, openFor: 1}\n  survival: {expires: 60}"));
        ReloadOutcome o = server.reload();
        assertThat(o.ok()).as(o.error()).isTrue();
        assertThat(o.applied()).containsExactlyInAnyOrder("upstream.breaker.failures", "upstream.breaker.openFor", "upstream.survival.expires");
        assertThat(breaker()).isSameAs(before);
        assertThat(breaker().settings().failures()).isEqualTo(2);
        assertThat(breaker().settings().openFor()).isEqualTo(Duration.ofSeconds(1));
        assertThat(server.registrar().settings().survivalExpiresSeconds()).isEqualTo(60);
        breaker().failed(UpstreamFailure.timeout());
        assertThat(breaker().state()).as("the failure before the reload still counts").isEqualTo(BreakerState.OPEN);

        Files.writeString(file, config(upstream.getLocalPort() == 9 ? 19 : 9, "  breaker: {failures: 2, openFor: 1}\n  survival: {expires: 60}"));
        assertThat(server.reload().applied()).containsExactly("upstream.target");
        assertThat(breaker()).as("another target starts with a closed breaker of its own").isNotSameAs(before);
        assertThat(breaker().state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void whileOpenANewDeviceGets503WithTheRetryAfterAndNothingGoesUpstream() throws Exception {
        breaker().failed(UpstreamFailure.serverError(503, 30));
        try (TestDevice phone = new TestDevice(server.listeners().get(0).address(), "carol", "example.com", "pw-carol")) {
            ReceivedMessage answer = phone.register(600);
            assertThat(answer.status()).as(answer.text()).isEqualTo(503);
            long retryAfter = Long.parseLong(answer.header("Retry-After").replaceAll("^(\\d+).*", "$1"));
            assertThat(retryAfter).isBetween(29L, 30L);
            upstream.setSoTimeout(500);
            DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
            boolean received;
            try {
                upstream.receive(p);
                received = true;
            } catch (SocketTimeoutException e) {
                received = false;
            }
            assertThat(received).as("nothing reached the upstream").isFalse();
            assertThat(server.registrar().stats().snapshot().rejectedWhileDown()).isEqualTo(1);
            assertThat(server.registrar().stats().snapshot().rejections()).containsEntry("upstream-down", 1L);
        }
    }
}
