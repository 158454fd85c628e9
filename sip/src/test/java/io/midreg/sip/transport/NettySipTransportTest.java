package io.midreg.sip.transport;

import io.midreg.sip.testing.NettyLeakCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.BindException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Timeout(30)
@ExtendWith(NettyLeakCheck.class)
class NettySipTransportTest {

    /** Every scenario on native epoll (where the platform has it; NIO otherwise). */
    @Nested
    class PreferringNativeTransport extends TransportScenarios {
        @Override
        boolean preferNative() {
            return true;
        }

        @Test
        void usesEpollWhereAvailable() {
            assertThat(transport.isNativeTransport()).isEqualTo(Epoll.isAvailable());
        }
    }

    /** Every scenario on the NIO fallback. */
    @Nested
    class OnNio extends TransportScenarios {
        @Override
        boolean preferNative() {
            return false;
        }

        @Test
        void bindsOneUdpSocket() {
            assertThat(transport.isNativeTransport()).isFalse();
            assertThat(udpListener(transport).sockets()).isEqualTo(1);
        }
    }

    static BoundListener udpListener(SipTransport transport) {
        return transport.listeners().stream().filter(l -> l.protocol() == TransportProtocol.UDP).findFirst()
                .orElseThrow();
    }

    @Test
    void withEpollSeveralUdpSocketsShareOnePortAndAllAnswer() throws Exception {
        assumeTrue(Epoll.isAvailable(), "native epoll not available here");
        EchoHandler handler = new EchoHandler();
        TransportConfig config = TransportConfig.defaults()
                .withListeners(List.of(ListenerConfig.of(TransportProtocol.UDP, "127.0.0.1", 0)))
                .withEventLoops(3)
                .withUdpReceiveBufferBytes(256 * 1024);
        try (NettySipTransport transport = new NettySipTransport(config, handler)) {
            handler.transport = transport;
            transport.start().get(10, TimeUnit.SECONDS);
            BoundListener udp = udpListener(transport);
            assertThat(udp.sockets()).isEqualTo(3);

            // Many source ports, so the kernel's SO_REUSEPORT hash has a chance to use every socket;
            // whichever socket receives, the answer must come from the listening address.
            Set<Long> noDuplicates = new HashSet<>();
            for (int i = 0; i < 12; i++) {
                try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                    client.setSoTimeout(10_000);
                    byte[] request = TransportScenarios.request("OPTIONS", 100 + i, "")
                            .getBytes(StandardCharsets.ISO_8859_1);
                    client.send(new DatagramPacket(request, request.length, udp.address()));
                    DatagramPacket answer = new DatagramPacket(new byte[2048], 2048);
                    client.receive(answer);
                    assertThat(answer.getSocketAddress()).isEqualTo(udp.address());
                    assertThat(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.ISO_8859_1))
                            .contains("CSeq: " + (100 + i) + " OPTIONS");
                    noDuplicates.add((long) i);
                }
            }
            assertThat(noDuplicates).hasSize(12);
            assertThat(transport.stats().datagramsIn()).isEqualTo(12);
        }
    }

    @Test
    void startFailsNamingTheAddressWhenAPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            TransportConfig config = TransportConfig.defaults()
                    .withListeners(List.of(ListenerConfig.of(TransportProtocol.TCP, "127.0.0.1", taken.getLocalPort())));
            try (NettySipTransport transport = new NettySipTransport(config, new EchoHandler())) {
                assertThatThrownBy(() -> transport.start().get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        .isInstanceOf(BindException.class)
                        .hasMessageContaining("TCP")
                        .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
            }
        }
    }

    /** With SO_REUSEPORT the kernel would let a second process share the port; the transport refuses instead. */
    @Test
    void startFailsWhenAnotherSocketHoldsTheUdpPort() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            TransportConfig config = TransportConfig.defaults()
                    .withListeners(List.of(ListenerConfig.of(TransportProtocol.UDP, "127.0.0.1", taken.getLocalPort())));
            try (NettySipTransport transport = new NettySipTransport(config, new EchoHandler())) {
                assertThatThrownBy(() -> transport.start().get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        .isInstanceOf(BindException.class)
                        .hasMessageContaining("UDP")
                        .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                        .hasMessageContaining("in use");
            }
        }
    }

    @Test
    void startFailsOnMissingTlsMaterial() {
        TransportConfig config = TransportConfig.defaults().withListeners(List.of(ListenerConfig.tls("127.0.0.1", 0,
                new TlsConfig(TransportScenarios.TLS_DIR.resolve("missing.pem"), TransportScenarios.KEY, null, false))));
        try (NettySipTransport transport = new NettySipTransport(config, new EchoHandler())) {
            assertThatThrownBy(() -> transport.start().get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("127.0.0.1:0");
        }
    }

    @Test
    void sendingBeforeStartFailsAndReleasesTheMessage() {
        try (NettySipTransport transport = new NettySipTransport(TransportConfig.defaults(), new EchoHandler())) {
            var message = EchoHandler.bytes("x");
            assertThat(transport.send(TransportProtocol.TCP, new InetSocketAddress("127.0.0.1", 5060), message))
                    .isCompletedExceptionally();
            assertThat(message.refCnt()).isZero();
        }
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        EchoHandler handler = new EchoHandler();
        TransportConfig config = TransportConfig.defaults()
                .withListeners(List.of(ListenerConfig.of(TransportProtocol.TCP, "127.0.0.1", 0)))
                .withEventLoops(1)
                .withIdleConnectionTimeout(Duration.ofMillis(300));
        try (NettySipTransport transport = new NettySipTransport(config, handler)) {
            handler.transport = transport;
            transport.start().get(10, TimeUnit.SECONDS);
            try (Socket client = TransportScenarios.tcpClient(transport.boundAddresses().get(0))) {
                assertThat(client.getInputStream().read()).as("closed by the transport").isEqualTo(-1);
            }
            assertThat(handler.closedFlows.poll(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    /** recvmmsg batches (epoll) hand up every datagram of a burst whole, each in its own slot, whatever its size. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 8})
    void aBurstOfDatagramsArrivesWholeWithAndWithoutReadBatching(int batch) throws Exception {
        EchoHandler handler = new EchoHandler();
        TransportConfig config = TransportConfig.defaults()
                .withListeners(List.of(ListenerConfig.of(TransportProtocol.UDP, "127.0.0.1", 0)))
                .withEventLoops(1)
                .withMaxMessageSize(4000)
                .withUdpReceiveBufferBytes(4 * 1024 * 1024)
                .withUdpReadBatch(batch);
        try (NettySipTransport transport = new NettySipTransport(config, handler)) {
            handler.transport = transport;
            transport.start().get(10, TimeUnit.SECONDS);
            InetSocketAddress server = transport.boundAddresses().get(0);
            Set<String> sent = new HashSet<>();
            try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                for (int i = 0; i < 300; i++) {
                    String m = TransportScenarios.request("OPTIONS", i, "z".repeat((i * 37) % 3000));
                    sent.add(m);
                    byte[] b = m.getBytes(StandardCharsets.ISO_8859_1);
                    client.send(new DatagramPacket(b, b.length, server));
                }
                Set<String> got = new HashSet<>();
                for (int i = 0; i < 300; i++) {
                    EchoHandler.Received r = handler.received.poll(10, TimeUnit.SECONDS);
                    assertThat(r).as("datagram %d of 300", i).isNotNull();
                    got.add(r.text());
                }
                assertThat(got).isEqualTo(sent);
            }
            assertThat(transport.stats().datagramsIn()).isEqualTo(300);
            assertThat(transport.stats().datagramsDropped()).isZero();
        }
    }

    @Test
    void oversizedAndEmptyDatagramsAreDroppedAndCounted() throws Exception {
        EchoHandler handler = new EchoHandler();
        TransportConfig config = TransportConfig.defaults()
                .withListeners(List.of(ListenerConfig.of(TransportProtocol.UDP, "127.0.0.1", 0)))
                .withEventLoops(1)
                .withMaxMessageSize(1000);
        try (NettySipTransport transport = new NettySipTransport(config, handler)) {
            handler.transport = transport;
            transport.start().get(10, TimeUnit.SECONDS);
            InetSocketAddress server = transport.boundAddresses().get(0);
            try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                client.send(new DatagramPacket(new byte[1001], 1001, server));
                client.send(new DatagramPacket(new byte[0], 0, server));
                byte[] fits = TransportScenarios.request("OPTIONS", 1, "y".repeat(500)).getBytes(StandardCharsets.ISO_8859_1);
                client.send(new DatagramPacket(fits, fits.length, server));
                EchoHandler.Received received = handler.received.poll(10, TimeUnit.SECONDS);
                assertThat(received).isNotNull();
                assertThat(received.text()).hasSize(fits.length);
            }
            assertThat(transport.stats().datagramsDropped()).isEqualTo(2);
            assertThat(transport.stats().datagramsIn()).isEqualTo(1);
        }
    }
}
