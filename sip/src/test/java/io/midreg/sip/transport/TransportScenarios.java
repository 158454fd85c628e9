package io.midreg.sip.transport;

import static io.midreg.sip.transport.EchoHandler.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.midreg.testing.TestCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Behaviour of {@link NettySipTransport} over real loopback sockets, run once per event loop
 * flavour by the nested classes of {@link NettySipTransportTest}.
 */
@Timeout(30)
abstract class TransportScenarios {
    static final Path CERT = TestCertificate.cert();
    static final Path KEY = TestCertificate.key();
    static final Path TLS_DIR = CERT.getParent();
    private static final int WAIT_SECONDS = 10;

    EchoHandler handler;
    NettySipTransport transport;

    abstract boolean preferNative();

    static TlsConfig testTls() {
        return new TlsConfig(CERT, KEY, CERT, false);
    }

    TransportConfig config() {
        return TransportConfig.defaults()
                .withListeners(List.of(
                        ListenerConfig.of(TransportProtocol.UDP, "127.0.0.1", 0),
                        ListenerConfig.of(TransportProtocol.TCP, "127.0.0.1", 0),
                        ListenerConfig.tls("127.0.0.1", 0, testTls())))
                .withEventLoops(2)
                .withIncompleteMessageTimeout(Duration.ofSeconds(2))
                .withPreferNativeTransport(preferNative());
    }

    @BeforeEach
    void startTransport() throws Exception {
        handler = new EchoHandler();
        transport = new NettySipTransport(config(), handler);
        handler.transport = transport;
        transport.start().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    InetSocketAddress bound(TransportProtocol protocol) {
        return transport.listeners().stream()
                .filter(l -> l.protocol() == protocol)
                .findFirst()
                .orElseThrow()
                .address();
    }

    static String request(String method, int cseq, String body) {
        return method + " sip:registrar.example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 127.0.0.1:5099;branch=z9hG4bK" + cseq + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=" + cseq + "\r\n"
                + "To: <sip:alice@example.com>\r\n"
                + "Call-ID: transport-test\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Content-Length: " + body.length() + "\r\n"
                + "\r\n"
                + body;
    }

    /** Reads one message with an empty body (all the echo handler sends) from a stream. */
    static String readMessage(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream after: " + out.toString(StandardCharsets.ISO_8859_1));
            }
            out.write(b);
            String text = out.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
    }

    static Socket tcpClient(InetSocketAddress server) throws IOException {
        Socket socket = new Socket();
        socket.connect(server, 5_000);
        socket.setSoTimeout(WAIT_SECONDS * 1000);
        return socket;
    }

    EchoHandler.Received nextReceived() throws InterruptedException {
        EchoHandler.Received received = handler.received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(received).as("a message delivered to the handler").isNotNull();
        return received;
    }

    @Test
    void udpRequestIsAnsweredFromThePortItWasSentTo() throws Exception {
        InetSocketAddress server = bound(TransportProtocol.UDP);
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            client.setSoTimeout(WAIT_SECONDS * 1000);
            byte[] request = request("REGISTER", 1, "").getBytes(StandardCharsets.ISO_8859_1);
            client.send(new DatagramPacket(request, request.length, server));

            DatagramPacket answer = new DatagramPacket(new byte[2048], 2048);
            client.receive(answer);
            String text = new String(answer.getData(), 0, answer.getLength(), StandardCharsets.ISO_8859_1);
            assertThat(text).startsWith("SIP/2.0 200 OK").contains("CSeq: 1 REGISTER");
            assertThat(answer.getSocketAddress()).isEqualTo(server);

            Flow flow = nextReceived().flow();
            assertThat(flow).isEqualTo(Flow.udp(server, (InetSocketAddress) client.getLocalSocketAddress()));
            assertThat(transport.isOpen(flow)).isTrue();
        }
        assertThat(transport.stats().datagramsIn()).isEqualTo(1);
    }

    @Test
    void udpCrlfKeepAliveIsDroppedAndCounted() throws Exception {
        InetSocketAddress server = bound(TransportProtocol.UDP);
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            byte[] ping = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            client.send(new DatagramPacket(ping, ping.length, server));
            byte[] request = request("OPTIONS", 2, "").getBytes(StandardCharsets.ISO_8859_1);
            client.send(new DatagramPacket(request, request.length, server));
            assertThat(nextReceived().text()).startsWith("OPTIONS ");
        }
        assertThat(handler.received).isEmpty();
        assertThat(transport.stats().udpKeepAlives()).isEqualTo(1);
    }

    @Test
    void aDatagramThatIsNotSipGoesToItsHandlerAndTheAnswerLeavesFromTheSameSocket() throws Exception {
        InetSocketAddress server = bound(TransportProtocol.UDP);
        java.util.concurrent.BlockingQueue<Flow> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        transport.handleNonSipDatagrams((datagram, flow) -> {
            seen.add(flow);
            byte[] echo = new byte[datagram.remaining() + 1];
            datagram.get(echo, 1, datagram.remaining());
            echo[0] = 0x01;
            return java.nio.ByteBuffer.wrap(echo);
        });
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            client.setSoTimeout(WAIT_SECONDS * 1000);
            byte[] stunLike = {0x00, 0x01, 0x00, 0x00, 0x21, 0x12};
            client.send(new DatagramPacket(stunLike, stunLike.length, server));
            DatagramPacket answer = new DatagramPacket(new byte[100], 100);
            client.receive(answer);
            assertThat(java.util.Arrays.copyOf(answer.getData(), answer.getLength()))
                    .containsExactly(0x01, 0x00, 0x01, 0x00, 0x00, 0x21, 0x12);
            assertThat(answer.getSocketAddress()).isEqualTo(server);
            assertThat(seen.poll(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isEqualTo(Flow.udp(server, (InetSocketAddress) client.getLocalSocketAddress()));

            byte[] request = request("OPTIONS", 3, "").getBytes(StandardCharsets.ISO_8859_1);
            client.send(new DatagramPacket(request, request.length, server));
            assertThat(nextReceived().text()).startsWith("OPTIONS ");
        }
        assertThat(seen).isEmpty();
        assertThat(transport.stats().nonSipDatagrams()).isEqualTo(1);
        assertThat(transport.stats().datagramsIn()).isEqualTo(1);
    }

    @Test
    void withoutAHandlerADatagramThatIsNotSipStillReachesTheSipLayer() throws Exception {
        InetSocketAddress server = bound(TransportProtocol.UDP);
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            byte[] stunLike = {0x00, 0x01, 0x00, 0x00};
            client.send(new DatagramPacket(stunLike, stunLike.length, server));
            assertThat(nextReceived().flow().remote()).isEqualTo(client.getLocalSocketAddress());
        }
        assertThat(transport.stats().nonSipDatagrams()).isZero();
    }

    @Test
    void aHandlerThatThrowsLosesOnlyItsDatagram() throws Exception {
        InetSocketAddress server = bound(TransportProtocol.UDP);
        transport.handleNonSipDatagrams((datagram, flow) -> {
            throw new IllegalStateException("handler bug");
        });
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            byte[] stunLike = {0x00, 0x01, 0x00, 0x00};
            client.send(new DatagramPacket(stunLike, stunLike.length, server));
            byte[] request = request("OPTIONS", 4, "").getBytes(StandardCharsets.ISO_8859_1);
            client.send(new DatagramPacket(request, request.length, server));
            assertThat(nextReceived().text()).startsWith("OPTIONS ");
        }
        assertThat(transport.stats().nonSipDatagrams()).isEqualTo(1);
    }

    @Test
    void twoTcpMessagesInOneWriteGetTwoAnswersOnTheSameConnection() throws Exception {
        try (Socket client = tcpClient(bound(TransportProtocol.TCP))) {
            String both = request("REGISTER", 10, "") + request("REGISTER", 11, "a body");
            client.getOutputStream().write(both.getBytes(StandardCharsets.ISO_8859_1));
            client.getOutputStream().flush();

            assertThat(readMessage(client.getInputStream())).startsWith("SIP/2.0 200").contains("CSeq: 10 REGISTER");
            assertThat(readMessage(client.getInputStream())).startsWith("SIP/2.0 200").contains("CSeq: 11 REGISTER");
            Flow first = nextReceived().flow();
            Flow second = nextReceived().flow();
            assertThat(second).isEqualTo(first);
            assertThat(first.protocol()).isEqualTo(TransportProtocol.TCP);
            assertThat(first.remote()).isEqualTo(client.getLocalSocketAddress());
        }
        assertThat(transport.stats().streamMessagesIn()).isEqualTo(2);
    }

    @Test
    void a60KilobyteMessageWrittenInSmallChunksIsFramedAsOne() throws Exception {
        String message = request("MESSAGE", 20, "x".repeat(60 * 1024));
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        try (Socket client = tcpClient(bound(TransportProtocol.TCP))) {
            client.setTcpNoDelay(true);
            OutputStream out = client.getOutputStream();
            for (int offset = 0; offset < bytes.length; offset += 1024) {
                out.write(bytes, offset, Math.min(1024, bytes.length - offset));
                out.flush();
                if (offset % (8 * 1024) == 0) {
                    Thread.sleep(2);
                }
            }
            assertThat(readMessage(client.getInputStream()))
                    .contains("CSeq: 20 MESSAGE")
                    .contains("X-Received-Length: " + bytes.length);
        }
        assertThat(nextReceived().text()).isEqualTo(message);
        assertThat(handler.received).isEmpty();
    }

    @Test
    void tlsClientGetsItsAnswer() throws Exception {
        InetSocketAddress server = bound(TransportProtocol.TLS);
        try (SSLSocket client = (SSLSocket) trustingTestCertificate().getSocketFactory()
                .createSocket(server.getAddress(), server.getPort())) {
            client.setSoTimeout(WAIT_SECONDS * 1000);
            client.startHandshake();
            client.getOutputStream().write(request("REGISTER", 30, "").getBytes(StandardCharsets.ISO_8859_1));
            client.getOutputStream().flush();
            assertThat(readMessage(client.getInputStream())).startsWith("SIP/2.0 200").contains("CSeq: 30 REGISTER");
        }
        assertThat(nextReceived().flow().protocol()).isEqualTo(TransportProtocol.TLS);
    }

    @Test
    void sendingToATcpDestinationTwiceReusesOneConnection() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            InetSocketAddress destination = new InetSocketAddress(peer.getInetAddress(), peer.getLocalPort());
            Flow first = transport.send(TransportProtocol.TCP, destination, bytes(request("OPTIONS", 40, "")))
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            Flow second = transport.send(TransportProtocol.TCP, destination, bytes(request("OPTIONS", 41, "")))
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(second).isEqualTo(first);
            assertThat(first.remote()).isEqualTo(destination);
            assertThat(transport.activeFlow(TransportProtocol.TCP, destination)).contains(first);

            peer.setSoTimeout(WAIT_SECONDS * 1000);
            try (Socket accepted = peer.accept()) {
                accepted.setSoTimeout(WAIT_SECONDS * 1000);
                assertThat(readUntil(accepted.getInputStream(), "CSeq: 41 OPTIONS")).contains("CSeq: 40 OPTIONS");
                peer.setSoTimeout(300);
                assertThatThrownBy(peer::accept).as("a second connection").isInstanceOf(SocketTimeoutException.class);

                // The peer answers on the same connection; the answer reaches the handler on that flow.
                accepted.getOutputStream().write(
                        EchoHandler.response("200 OK", "40 OPTIONS", 0).getBytes(StandardCharsets.ISO_8859_1));
                EchoHandler.Received answer = nextReceived();
                assertThat(answer.text()).startsWith("SIP/2.0 200 OK");
                assertThat(answer.flow()).isEqualTo(first);
            }
        }
    }

    @Test
    void sendingOverTlsConnectsAndVerifiesThePeer() throws Exception {
        // The transport connects to its own TLS listener, which trusts and presents the test cert.
        InetSocketAddress destination = bound(TransportProtocol.TLS);
        Flow out = transport.send(TransportProtocol.TLS, destination, bytes(request("OPTIONS", 50, "")))
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(out.protocol()).isEqualTo(TransportProtocol.TLS);

        EchoHandler.Received request = nextReceived(); // arrives on the accepted side
        assertThat(request.text()).startsWith("OPTIONS ");
        EchoHandler.Received answer = nextReceived(); // the echo's 200, back on the client side
        assertThat(answer.text()).startsWith("SIP/2.0 200 OK").contains("CSeq: 50 OPTIONS");
        assertThat(answer.flow()).isEqualTo(out);
        assertThat(request.flow().connectionId()).isNotEqualTo(out.connectionId());
    }

    @Test
    void aClosedConnectionFailsSendsAndFiresOnFlowClosed() throws Exception {
        Flow flow;
        try (Socket client = tcpClient(bound(TransportProtocol.TCP))) {
            client.getOutputStream().write(request("REGISTER", 60, "").getBytes(StandardCharsets.ISO_8859_1));
            readMessage(client.getInputStream());
            flow = nextReceived().flow();
            assertThat(transport.isOpen(flow)).isTrue();
            assertThat(transport.stats().connectionsOpen()).isEqualTo(1);
        }
        assertThat(handler.closedFlows.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(flow);
        assertThat(transport.isOpen(flow)).isFalse();
        assertThat(transport.stats().connectionsOpen()).isZero();
        assertThatThrownBy(() -> transport.send(flow, bytes("late")).get(WAIT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(FlowClosedException.class);
    }

    @Test
    void crlfPingOverTcpIsAnsweredWithCrlf() throws Exception {
        try (Socket client = tcpClient(bound(TransportProtocol.TCP))) {
            client.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] pong = client.getInputStream().readNBytes(2);
            assertThat(new String(pong, StandardCharsets.US_ASCII)).isEqualTo("\r\n");
            Flow flow = handler.keepAlives.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(flow).isNotNull();
            assertThat(flow.remote()).isEqualTo(client.getLocalSocketAddress());
        }
        assertThat(transport.stats().keepAlivesAnswered()).isEqualTo(1);
    }

    @Test
    void framingErrorLetsTheHandlerAnswerThenClosesTheConnection() throws Exception {
        try (Socket client = tcpClient(bound(TransportProtocol.TCP))) {
            String noContentLength = "OPTIONS sip:example.com SIP/2.0\r\nCSeq: 70 OPTIONS\r\n\r\n";
            client.getOutputStream().write(noContentLength.getBytes(StandardCharsets.US_ASCII));
            assertThat(readMessage(client.getInputStream())).startsWith("SIP/2.0 400");
            assertThat(client.getInputStream().read()).as("end of stream").isEqualTo(-1);
        }
        assertThat(handler.framingErrors.poll(WAIT_SECONDS, TimeUnit.SECONDS)).contains("Content-Length");
        assertThat(transport.stats().framingErrors())
                .containsEntry(FramingErrorReason.MISSING_CONTENT_LENGTH, 1L);
    }

    @Test
    void incompleteMessageTimesOutAndClosesTheConnection() throws Exception {
        try (Socket client = tcpClient(bound(TransportProtocol.TCP))) {
            String partial = request("INVITE", 80, "").replace("Content-Length: 0", "Content-Length: 9999") + "v=0";
            client.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
            assertThat(readMessage(client.getInputStream())).startsWith("SIP/2.0 400"); // after ~2 s
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(transport.stats().framingErrors())
                .containsEntry(FramingErrorReason.INCOMPLETE_MESSAGE_TIMEOUT, 1L);
    }

    @Test
    void sendingOnAUdpFlowToAnotherPeerGoesOutOfTheListenerSocket() throws Exception {
        InetSocketAddress server = bound(TransportProtocol.UDP);
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            peer.setSoTimeout(WAIT_SECONDS * 1000);
            InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
            Flow flow = transport.send(TransportProtocol.UDP, peerAddress, bytes(request("OPTIONS", 90, "")))
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(flow).isEqualTo(Flow.udp(server, peerAddress));
            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            peer.receive(packet);
            assertThat(packet.getSocketAddress()).isEqualTo(server);
        }
        assertThat(transport.stats().datagramsOut()).isEqualTo(1);
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (!out.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            out.write(b);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    static SSLContext trustingTestCertificate() throws Exception {
        return TestCertificate.trustingContext();
    }
}
