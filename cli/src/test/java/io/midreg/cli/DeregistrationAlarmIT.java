package io.midreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.testing.FreeLoopbackPort;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.TestDevice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device registered through {@code bin/midreg run} to a Kamailio with digest auth goes silent:
 * midreg's de-registration is challenged (relay modes hold no credentials), tried once, and
 * raises one WARN line in the log and the failure counter in /metrics.
 */
@Timeout(90)
class DeregistrationAlarmIT {
    private static final Path HOME = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;

    @Test
    void aChallengedDeRegistrationIsLoggedOnceAndCounted(@TempDir Path dir) throws Exception {
        int port = MidregProcess.freeUdpPort();
        int adminPort = FreeLoopbackPort.pick();
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(KamailioOptions.withAuth())) {
            Path config = dir.resolve("midreg.yaml");
            Files.writeString(config, io.midreg.testing.TestConfig.loopback(kamailio.address().getPort(), dir.resolve("midreg.store"))
                    .sipPort(port).registrar("minExpires", 2).admin("listen", "127.0.0.1:" + adminPort).yaml());
            try (MidregProcess midreg = MidregProcess.start(HOME.resolve("bin/midreg"), HOME, config, port)) {
                try (TestDevice phone = new TestDevice(midreg.sipAddress(), "quiet", DOMAIN, "pw-quiet")) {
                    assertThat(phone.registerWithAuth(3).status()).isEqualTo(200);
                }
                long before = kamailio.registerRequestsReceived();
                String line = "upstream de-register of AOR failed: sip:quiet@" + DOMAIN;
                String log = midreg.awaitLog(l -> l.contains(line), 20);
                assertThat(log).contains(line).contains("401");
                Thread.sleep(3000); // a retry would have come within 1 s
                assertThat(midreg.log().split(java.util.regex.Pattern.quote(line), -1)).as("one WARN line").hasSize(2);
                assertThat(kamailio.registerRequestsReceived() - before).as("de-registration attempts at Kamailio").isEqualTo(1);
                HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + adminPort + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.body()).contains("midreg_upstream_deregister_failures_total 1.0");
            }
        }
    }
}
