package io.midreg.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.ParserConfig;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.testing.NettyLeakCheck;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.ListenerConfig;
import io.midreg.sip.transport.TlsConfig;
import io.midreg.sip.transport.TransportConfig;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.SipPeer;
import io.midreg.testing.TestCertificate;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** REGISTER, OPTIONS and malformed requests over real UDP, TCP and TLS sockets on loopback. */
@ExtendWith(NettyLeakCheck.class)
@Timeout(30)
class SipStackLoopbackTest {
    private static final RecordingApplication app = new RecordingApplication();
    private static SipStack stack;

    @BeforeAll
    static void start() throws Exception {
        TransportConfig config = TransportConfig.defaults().withListeners(List.of(
                ListenerConfig.of(TransportProtocol.UDP, "127.0.0.1", 0),
                ListenerConfig.of(TransportProtocol.TCP, "127.0.0.1", 0),
                ListenerConfig.tls("127.0.0.1", 0, new TlsConfig(TestCertificate.cert(), TestCertificate.key(), null, false))));
        stack = new SipStack(config, ParserConfig.defaults(), app);
        app.transport = stack.transport();
        stack.start().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static InetSocketAddress address(String transport) {
        TransportProtocol p = TransportProtocol.fromToken(transport);
        for (BoundListener l : stack.transport().listeners()) {
            if (l.config().protocol() == p) return l.address();
        }
        throw new IllegalStateException("no listener for " + transport);
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp", "tls"})
    void optionsIsAnsweredOnTheSameFlowWithReceivedAndRport(String transport) throws Exception {
        try (SipPeer c = SipPeer.open(transport, address(transport))) {
            c.send(c.request("OPTIONS", "sip:127.0.0.1", "opt-" + transport, 1, ""));
            ReceivedMessage r = c.receive();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.callId()).isEqualTo("opt-" + transport);
            assertThat(r.topViaParam("received")).isEqualTo("127.0.0.1");
            assertThat(r.topViaParam("rport")).isEqualTo(Integer.toString(c.localAddress().getPort()));
            SipRequest seen = app.requests.poll(5, TimeUnit.SECONDS);
            assertThat(seen).isNotNull();
            assertThat(seen.method()).isEqualTo("OPTIONS");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp", "tls"})
    void registerIsAnswered(String transport) throws Exception {
        app.requests.clear();
        try (SipPeer c = SipPeer.open(transport, address(transport))) {
            String contact = "Contact: <sip:alice@" + c.localAddress().getHostString() + ":" + c.localAddress().getPort() + ">;expires=60\r\n";
            c.send(c.request("REGISTER", "sip:example.com", "reg-" + transport, 7, contact + "Expires: 60\r\n"));
            ReceivedMessage r = c.receive();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.cseqNumber()).isEqualTo(7);
            assertThat(r.toTag()).isEqualTo("app");
            assertThat(r.contacts()).hasSize(1);
            assertThat(app.requests.poll(5, TimeUnit.SECONDS).callId()).isEqualTo("reg-" + transport);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp", "tls"})
    void malformedRequestGets400AndNeverReachesTheApplication(String transport) throws Exception {
        app.requests.clear();
        long rejectedBefore = stack.stats().rejected();
        try (SipPeer c = SipPeer.open(transport, address(transport))) {
            String bad = c.request("REGISTER", "sip:example.com", "bad-" + transport, 3, "").replace("CSeq: 3 REGISTER", "CSeq: 3 INVITE");
            c.send(bad);
            ReceivedMessage r = c.receive();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.reason()).contains("CSeq method");
            assertThat(r.callId()).isEqualTo("bad-" + transport);
            // The connection survives a 400: a good request on it still works.
            c.send(c.request("OPTIONS", "sip:127.0.0.1", "after-bad-" + transport, 4, ""));
            assertThat(c.receive().status()).isEqualTo(200);
        }
        assertThat(app.requests).extracting(SipRequest::callId).doesNotContain("bad-" + transport);
        assertThat(stack.stats().rejected()).isGreaterThan(rejectedBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void aMalformedHeaderIsAnswered400NamingItWhileTheViaParses(String transport) throws Exception {
        app.requests.clear();
        long rejectedBefore = stack.stats().rejected();
        long cseqBefore = stack.stats().rejectedByHeader().getOrDefault("CSeq", 0L);
        try (SipPeer c = SipPeer.open(transport, address(transport))) {
            c.send(c.request("REGISTER", "sip:example.com", "badline-" + transport, 5, "Expires 3600\r\n"));
            ReceivedMessage line = c.receive();
            assertThat(line.status()).isEqualTo(400);
            assertThat(line.reason()).isEqualTo("Malformed header line \"Expires 3600\" (no ':')");
            assertThat(line.callId()).isEqualTo("badline-" + transport);
            assertThat(line.topViaParam("received")).isEqualTo("127.0.0.1");

            c.send(c.request("REGISTER", "sip:example.com", "badcseq-" + transport, 6, "").replace("CSeq: 6 REGISTER", "CSeq: 6x REGISTER"));
            ReceivedMessage cseq = c.receive();
            assertThat(cseq.status()).isEqualTo(400);
            assertThat(cseq.reason()).startsWith("Malformed CSeq header (");
            assertThat(cseq.callId()).isEqualTo("badcseq-" + transport);

            // the flow survives: a good request on it is answered by the application
            c.send(c.request("OPTIONS", "sip:127.0.0.1", "after-badline-" + transport, 7, ""));
            assertThat(c.receive().status()).isEqualTo(200);
        }
        assertThat(app.requests).extracting(SipRequest::callId).doesNotContain("badline-" + transport, "badcseq-" + transport);
        assertThat(stack.stats().rejected()).isGreaterThanOrEqualTo(rejectedBefore + 2);
        assertThat(stack.stats().rejectedByHeader().get("CSeq")).isGreaterThan(cseqBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp", "tls"})
    void otherSipVersionGets505(String transport) throws Exception {
        try (SipPeer c = SipPeer.open(transport, address(transport))) {
            c.send(c.request("OPTIONS", "sip:127.0.0.1", "v7-" + transport, 1, "").replace(" SIP/2.0\r\n", " SIP/7.0\r\n"));
            ReceivedMessage r = c.receive();
            assertThat(r.status()).isEqualTo(505);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void garbageIsDroppedAndCountedWithoutAnAnswer(String transport) throws Exception {
        long before = stack.stats().droppedMalformed();
        try (SipPeer c = SipPeer.open(transport, address(transport))) {
            c.send("HELLO WORLD\r\nContent-Length: 0\r\n\r\n");
            assertThat(c.receivesNothingWithin(Duration.ofMillis(300))).isTrue();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (stack.stats().droppedMalformed() == before && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(stack.stats().droppedMalformed()).isGreaterThan(before);
    }
}
