package io.midreg.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.MessageBuilder;
import io.midreg.sip.message.ParserConfig;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.testing.NettyLeakCheck;
import io.midreg.sip.transaction.ClientTransaction;
import io.midreg.sip.transaction.ClientTransactionListener;
import io.midreg.sip.transaction.ServerTransaction;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.FlowClosedException;
import io.midreg.sip.transport.ListenerConfig;
import io.midreg.sip.transport.TransportConfig;
import io.midreg.sip.transport.TransportProtocol;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Flow events reach a subscriber of the stack, and a request pinned to a device's TCP flow whose
 * connection the device closed fails instead of opening a new connection: real TCP sockets on
 * loopback.
 */
@ExtendWith(NettyLeakCheck.class)
@Timeout(30)
class FlowEventsLoopbackTest {
    private static TransportConfig tcpOnly() {
        return TransportConfig.defaults().withListeners(List.of(ListenerConfig.of(TransportProtocol.TCP, "127.0.0.1", 0)));
    }

    /** Records flow events as they are published. */
    private static final class Recorder implements FlowListener {
        final BlockingQueue<Flow> closed = new LinkedBlockingQueue<>();
        final BlockingQueue<Flow> keepAlives = new LinkedBlockingQueue<>();

        @Override
        public void onFlowClosed(Flow flow) {
            closed.add(flow);
        }

        @Override
        public void onKeepAlive(Flow flow) {
            keepAlives.add(flow);
        }
    }

    @Test
    void keepAliveAndCloseOfATcpConnectionReachTheSubscriberWithTheDevicesFlow() throws Exception {
        Recorder events = new Recorder();
        try (SipStack stack = SipStack.withTransactions(tcpOnly(), ParserConfig.defaults(), TimerConfig.defaults(), tx -> { }, (r, f) -> { })) {
            stack.flowEvents().subscribe(events);
            stack.start().get(10, TimeUnit.SECONDS);
            InetSocketAddress midreg = stack.transport().boundAddresses().get(0);
            Flow pinged;
            try (Socket device = new Socket()) {
                device.connect(midreg, 5_000);
                device.setSoTimeout(5_000);
                device.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                device.getOutputStream().flush();
                // RFC 5626 §4.4.1: the pong comes first, then the event
                assertThat(device.getInputStream().read()).isEqualTo('\r');
                pinged = events.keepAlives.poll(5, TimeUnit.SECONDS);
                assertThat(pinged).isNotNull();
                assertThat(pinged.protocol()).isEqualTo(TransportProtocol.TCP);
                assertThat(pinged.remote().getPort()).isEqualTo(device.getLocalPort());
                assertThat(events.closed).isEmpty();
                assertThat(stack.transport().connection(pinged.connectionId())).contains(pinged);
            }
            Flow closed = events.closed.poll(5, TimeUnit.SECONDS);
            assertThat(closed).isEqualTo(pinged);
            assertThat(stack.transport().isOpen(closed)).isFalse();
            assertThat(stack.transport().connection(closed.connectionId())).as("gone with its connection").isEmpty();
        }
    }

    @Test
    void unsubscribedListenerHearsNothingMore() throws Exception {
        Recorder events = new Recorder();
        Recorder stays = new Recorder();
        try (SipStack stack = SipStack.withTransactions(tcpOnly(), ParserConfig.defaults(), TimerConfig.defaults(), tx -> { }, (r, f) -> { })) {
            AutoCloseable subscription = stack.flowEvents().subscribe(events);
            stack.flowEvents().subscribe(stays);
            stack.start().get(10, TimeUnit.SECONDS);
            subscription.close();
            try (Socket device = new Socket()) {
                device.connect(stack.transport().boundAddresses().get(0), 5_000);
                device.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                device.getOutputStream().flush();
                device.setSoTimeout(5_000);
                device.getInputStream().read();
            }
            assertThat(stays.closed.poll(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(stays.keepAlives).hasSize(1);
            assertThat(events.keepAlives).isEmpty();
            assertThat(events.closed).isEmpty();
        }
    }

    @Test
    void requestPinnedToAClosedDeviceConnectionFailsAndOpensNoNewConnection() throws Exception {
        Recorder events = new Recorder();
        CompletableFuture<Flow> registeredOn = new CompletableFuture<>();
        try (SipStack stack = SipStack.withTransactions(tcpOnly(), ParserConfig.defaults(), TimerConfig.defaults(), tx -> {
            registeredOn.complete(tx.flow());
            tx.sendResponse(tx.newResponse(200, "OK").toBytes());
        }, (r, f) -> { })) {
            stack.flowEvents().subscribe(events);
            stack.start().get(10, TimeUnit.SECONDS);
            InetSocketAddress midreg = stack.transport().boundAddresses().get(0);
            int devicePort;
            try (Socket device = new Socket()) {
                device.setReuseAddress(true);
                device.bind(new InetSocketAddress("127.0.0.1", 0));
                devicePort = device.getLocalPort();
                device.connect(midreg, 5_000);
                device.setSoTimeout(5_000);
                OutputStream out = device.getOutputStream();
                out.write(options(midreg, devicePort).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readSome(device.getInputStream())).startsWith("SIP/2.0 200");
            }
            Flow flow = registeredOn.get(5, TimeUnit.SECONDS);
            assertThat(events.closed.poll(5, TimeUnit.SECONDS)).isEqualTo(flow);
            long opened = stack.transport().stats().connectionsOpened();
            // Something listens where the device was: a fallback would connect here.
            try (ServerSocket wouldBeReached = new ServerSocket()) {
                wouldBeReached.setReuseAddress(true);
                wouldBeReached.bind(new InetSocketAddress("127.0.0.1", devicePort));
                wouldBeReached.setSoTimeout(1_000);
                CompletableFuture<Throwable> failure = new CompletableFuture<>();
                SipRequest toDevice = MessageBuilder.request("OPTIONS", "sip:device@127.0.0.1:" + devicePort + ";transport=tcp")
                        .header(HeaderName.VIA, "SIP/2.0/TCP 127.0.0.1:" + midreg.getPort() + ";branch=" + stack.transactions().branches().newBranch())
                        .header(HeaderName.FROM, "<sip:midreg@127.0.0.1>;tag=m1")
                        .header(HeaderName.TO, "<sip:device@127.0.0.1>")
                        .header(HeaderName.CALL_ID, "pinned-closed")
                        .header(HeaderName.CSEQ, "1 OPTIONS")
                        .header(HeaderName.MAX_FORWARDS, 70)
                        .buildRequest();
                stack.transactions().sendRequest(toDevice, flow, TransportProtocol.TCP, flow.remote(), new ClientTransactionListener() {
                    @Override
                    public void onResponse(ClientTransaction tx, SipResponse response) {
                        failure.completeExceptionally(new AssertionError("answered " + response.status()));
                    }

                    @Override
                    public void onTimeout(ClientTransaction tx) {
                        failure.completeExceptionally(new AssertionError("timed out instead of failing at once"));
                    }

                    @Override
                    public void onTransportError(ClientTransaction tx, Throwable error) {
                        failure.complete(error);
                    }
                });
                Throwable error = failure.get(5, TimeUnit.SECONDS);
                assertThat(error).isInstanceOf(FlowClosedException.class);
                assertThat(((FlowClosedException) error).flow()).isEqualTo(flow);
                boolean connected;
                try (Socket s = wouldBeReached.accept()) {
                    connected = true;
                } catch (SocketTimeoutException e) {
                    connected = false;
                }
                assertThat(connected).as("a connection was opened to the device's old address").isFalse();
                assertThat(stack.transport().stats().connectionsOpened()).isEqualTo(opened);
            }
        }
    }

    private static String options(InetSocketAddress midreg, int devicePort) {
        return "OPTIONS sip:127.0.0.1:" + midreg.getPort() + ";transport=tcp SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 127.0.0.1:" + devicePort + ";branch=z9hG4bK-device-1\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:device@127.0.0.1>;tag=d1\r\n"
                + "To: <sip:midreg@127.0.0.1>\r\n"
                + "Call-ID: device-flow\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private static String readSome(InputStream in) throws Exception {
        byte[] buf = new byte[2048];
        int n = in.read(buf);
        return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII);
    }
}
