package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.server.MidregServer;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.RegisteredContact;
import io.midreg.testing.TestConfig;
import io.midreg.testing.TestDevice;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * upstream.advertise with the single upstream.target: a real Kamailio stores midreg's Contact
 * under the advertised (public) address, not the listener's; answers still come back (Via
 * carries rport, so Kamailio answers to the source).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class UpstreamAdvertiseIT {
    private static final String ADVERTISED = "203.0.113.7:5999";
    private KamailioRegistrar kamailio;
    private MidregServer midreg;

    @BeforeAll
    void start() throws Exception {
        kamailio = KamailioRegistrar.start(KamailioOptions.withoutAuth());
        Path dir = Files.createTempDirectory("midreg-advertise");
        String yaml = TestConfig.loopback(kamailio.address().getPort(), dir.resolve("midreg.store")).upstream("advertise", ADVERTISED).yaml();
        midreg = new MidregServer(LoadedConfig.parse("advertise.yaml", yaml));
        midreg.start();
    }

    @AfterAll
    void stop() {
        if (midreg != null) midreg.close();
        if (kamailio != null) kamailio.close();
    }

    @Test
    void theUpstreamHoldsMidregsContactAtTheAdvertisedAddress() throws Exception {
        InetSocketAddress at = midreg.listeners().stream().filter(l -> l.config().protocol() == TransportProtocol.UDP)
                .map(BoundListener::address).findFirst().orElseThrow();
        try (TestDevice phone = new TestDevice(at, "adv1", KamailioOptions.DEFAULT_REALM, "pw")) {
            assertThat(phone.register(60).status()).isEqualTo(200);
        }
        assertThat(kamailio.contactsOf("adv1@" + KamailioOptions.DEFAULT_REALM)).extracting(RegisteredContact::uri)
                .singleElement().asString().contains("@" + ADVERTISED).doesNotContain("127.0.0.1");
    }
}
