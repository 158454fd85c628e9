package io.midreg.location;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.ParserConfig;
import io.midreg.sip.stack.FlowListener;
import io.midreg.sip.stack.SipStack;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.ListenerConfig;
import io.midreg.sip.transport.TransportConfig;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.BindingStore;
import io.midreg.store.BindingStores;
import io.midreg.store.StoreConfig;
import io.midreg.upstream.ContactToken;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A binding's live flow from the transport's flow table, with real sockets on loopback: a TCP
 * device's own connection while it is open and "gone" once the device closed it; a UDP device
 * through the listener's socket.
 */
@Timeout(30)
class LocationFlowLoopbackTest {
    private static final long NOW = StoreLocationTest.NOW;

    @TempDir
    Path dir;

    @Test
    void aTcpBindingsFlowIsItsConnectionUntilTheDeviceClosesItAndAUdpBindingsIsTheListenersSocket() throws Exception {
        CompletableFuture<Flow> registeredOn = new CompletableFuture<>();
        BlockingQueue<Flow> closed = new LinkedBlockingQueue<>();
        TransportConfig both = TransportConfig.defaults().withListeners(List.of(ListenerConfig.of(TransportProtocol.UDP, "127.0.0.1", 0),
                ListenerConfig.of(TransportProtocol.TCP, "127.0.0.1", 0)));
        try (BindingStore store = BindingStores.open(StoreConfig.of(dir.resolve("bindings.store")).withCapacity(100));
             SipStack stack = SipStack.withTransactions(both, ParserConfig.defaults(), TimerConfig.defaults(), tx -> {
                 registeredOn.complete(tx.flow());
                 tx.sendResponse(200, "OK");
             }, (r, f) -> { })) {
            stack.flowEvents().subscribe(new FlowListener() {
                @Override
                public void onFlowClosed(Flow flow) {
                    closed.add(flow);
                }
            });
            stack.start().get(10, TimeUnit.SECONDS);
            Location location = new StoreLocation(store, new ContactToken("location-test-secret-0123".getBytes(StandardCharsets.UTF_8)),
                    stack.transport());
            InetSocketAddress udpListener = stack.transport().boundAddresses().get(0);
            InetSocketAddress tcpListener = stack.transport().boundAddresses().get(1);

            Binding udp = binding("udp", 5090, null);
            assertThat(location.flow(udp)).contains(Flow.udp(udpListener, new InetSocketAddress("127.0.0.1", 5090)));

            Binding tcp;
            try (Socket device = new Socket()) {
                device.connect(tcpListener, 5_000);
                device.setSoTimeout(5_000);
                device.getOutputStream().write(options(tcpListener, device.getLocalPort()).getBytes(StandardCharsets.US_ASCII));
                device.getOutputStream().flush();
                Flow flow = registeredOn.get(5, TimeUnit.SECONDS);
                assertThat(device.getInputStream().read()).isEqualTo('S');
                // what the registrar stores for a TCP device: source address, port, transport, connection id
                tcp = binding("tcp", device.getLocalPort(), Long.toString(flow.connectionId()));
                store.update(StoreLocationTest.AOR, cur -> new AorRecord(List.of(tcp), null));
                assertThat(location.flow(tcp)).contains(flow);
                assertThat(location.flow(binding("tcp", device.getLocalPort(), Long.toString(flow.connectionId() + 1000))))
                        .as("another connection id").isEmpty();
                assertThat(location.flow(binding("tcp", device.getLocalPort() + 1, Long.toString(flow.connectionId()))))
                        .as("the connection is another device's").isEmpty();
                assertThat(location.flow(binding("tls", device.getLocalPort(), Long.toString(flow.connectionId())))).isEmpty();
            }
            assertThat(closed.poll(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(location.flow(tcp)).as("the device closed its connection: gone").isEmpty();
            assertThat(location.bindings(StoreLocationTest.AOR, NOW)).containsExactly(tcp);
        }
    }

    private static Binding binding(String transport, int port, String flowId) {
        return new Binding("sip:a@127.0.0.1:" + port, null, 0, "127.0.0.1", port, transport, flowId, List.of(), "cid", 1, NOW + 60_000,
                Binding.NO_Q, "test", NOW, NOW);
    }

    private static String options(InetSocketAddress to, int devicePort) {
        return "OPTIONS sip:127.0.0.1:" + to.getPort() + ";transport=tcp SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 127.0.0.1:" + devicePort + ";branch=z9hG4bK-loc-1\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=a1\r\n"
                + "To: <sip:alice@example.com>\r\n"
                + "Call-ID: location-flow\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
