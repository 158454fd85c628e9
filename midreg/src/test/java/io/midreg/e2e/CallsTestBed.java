package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.server.MidregServer;
import io.midreg.sip.uri.SipUri;
import io.midreg.testing.Cleanup;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.RegisteredContact;
import io.midreg.testing.TestConfig;
import io.midreg.testing.TestDevice;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.function.UnaryOperator;

/** What the call ITs share: midreg started in front of a Kamailio on loopback, and the token of a Contact Kamailio holds. */
final class CallsTestBed {
    private CallsTestBed() {
    }

    /**
     * A started midreg with the upstream on 127.0.0.1:{@code upstreamPort}, closed by {@code started}.
     *
     * @param tune      changes to the loopback test config (mode, limits)
     * @param extraYaml sections appended to it (calls:)
     */
    static MidregServer midreg(Cleanup started, int upstreamPort, UnaryOperator<TestConfig> tune, String extraYaml) throws Exception {
        String yaml = tune.apply(TestConfig.loopback(upstreamPort, Files.createTempDirectory("midreg-calls").resolve("midreg.store"))).yaml();
        MidregServer midreg = started.add(new MidregServer(LoadedConfig.parse("calls.yaml", yaml + extraYaml)));
        midreg.start();
        return midreg;
    }

    /**
     * Registers {@code user} of {@code domain} through midreg at {@code udp} from a port that is
     * then free for a SIPp device; the port and the token of the one Contact Kamailio holds for it.
     */
    static String[] registeredForSipp(KamailioRegistrar kamailio, InetSocketAddress udp, String user, String domain) throws Exception {
        int port;
        try (TestDevice phone = new TestDevice(udp, user, domain, "pw")) {
            assertThat(phone.register(120).status()).isEqualTo(200);
            port = phone.port();
        }
        List<RegisteredContact> upstream = kamailio.contactsOf(user + "@" + domain);
        assertThat(upstream).hasSize(1);
        return new String[] {Integer.toString(port), token(upstream.get(0))};
    }

    /** The user part of the Contact midreg registered upstream: its signed token. */
    static String token(RegisteredContact upstream) {
        return SipUri.parse(upstream.uri().replaceAll("^<|>$", "")).user();
    }
}
