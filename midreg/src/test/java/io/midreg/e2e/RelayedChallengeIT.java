package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.server.MidregServer;
import io.midreg.testing.FreeLoopbackPort;
import io.midreg.testing.SippUas;
import io.midreg.testing.TestConfig;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A challenge from the upstream registrar reaches the device untouched in the relay modes: the
 * WWW-Authenticate header lines of SIPp's 401 (two, SHA-256 then MD5, written unusually) arrive
 * byte for byte and in order — midreg neither re-writes nor re-orders nor drops one, so the
 * device answers the registrar's challenge, not one of midreg's.
 */
@Timeout(60)
class RelayedChallengeIT {
    /** The header lines as upstream-401-uas.xml writes them (SIPp trims the leading spaces of the scenario). */
    private static final List<String> SENT = List.of(
            "WWW-Authenticate: Digest  realm=\"upstream.test\",nonce=\"b1f0c8e2a7d94e5b\",  opaque=\"x/y=z\" , algorithm=SHA-256,qop=\"auth,auth-int\", x-vendor=Foo",
            "www-authenticate:Digest realm=\"upstream.test\", nonce=\"b1f0c8e2a7d94e5b\", algorithm=MD5, qop=\"auth\", x-note=\"a, \\\"quoted\\\" b\"");

    private SippUas upstream;
    private MidregServer midreg;

    @AfterEach
    void stop() {
        if (midreg != null) midreg.close();
        if (upstream != null) upstream.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mirror", "contact", "aor"})
    void theUpstreamsWwwAuthenticateHeadersReachTheDeviceByteForByte(String mode) throws Exception {
        int port = FreeLoopbackPort.pick();
        upstream = SippUas.start("upstream-401-uas.xml", port, true);
        Path dir = Files.createTempDirectory("midreg-relayed-challenge");
        midreg = new MidregServer(LoadedConfig.parse("relay.yaml", TestConfig.loopback(port, dir.resolve("midreg.store")).registrar("mode", mode).yaml()),
                System::currentTimeMillis, RegistrarEndToEnd.FAST);
        midreg.start();
        InetSocketAddress address = RegistrarEndToEnd.udpAddress(midreg);
        try (DatagramSocket device = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            device.setSoTimeout(10_000);
            String register = "REGISTER sip:upstream.test SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + device.getLocalPort() + ";branch=z9hG4bKrelay" + mode + ";rport\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:dora@upstream.test>;tag=d1\r\nTo: <sip:dora@upstream.test>\r\n"
                    + "Call-ID: relay-" + mode + "@test\r\nCSeq: 1 REGISTER\r\n"
                    + "Contact: <sip:dora@127.0.0.1:" + device.getLocalPort() + ">\r\nExpires: 60\r\nContent-Length: 0\r\n\r\n";
            byte[] b = register.getBytes(StandardCharsets.US_ASCII);
            device.send(new DatagramPacket(b, b.length, address));
            String answer;
            while (true) {
                DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
                device.receive(p);
                answer = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
                if (!answer.startsWith("SIP/2.0 1")) break;
            }
            assertThat(answer).startsWith("SIP/2.0 401 ");
            List<String> received = new ArrayList<>();
            for (String line : answer.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("www-authenticate")) received.add(line);
            }
            assertThat(received).as("the challenge lines as the upstream wrote them:\n" + answer).containsExactlyElementsOf(SENT);
        }
    }
}
