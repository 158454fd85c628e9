package io.midreg.sip.transaction;

import static io.midreg.sip.transaction.TxFixtures.register;
import static io.midreg.sip.transaction.TxFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.SipMessage;
import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two layers over real UDP sockets on loopback, real timers (with a short T1). */
@Timeout(20)
class UdpLoopbackTest {
    private static final TimerConfig FAST = new TimerConfig(Duration.ofMillis(50), Duration.ofMillis(400),
            Duration.ofMillis(500), Duration.ofSeconds(32));

    /** A minimal blocking-socket transport: one reader thread feeding a layer. */
    static final class DatagramTransport implements TransactionTransport, AutoCloseable {
        final DatagramSocket socket;
        final InetSocketAddress local;
        private final Thread reader;
        private volatile TransactionLayer layer;

        DatagramTransport() throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            local = (InetSocketAddress) socket.getLocalSocketAddress();
            reader = new Thread(this::readLoop, "udp-reader-" + local.getPort());
            reader.setDaemon(true);
        }

        void start(TransactionLayer l) {
            this.layer = l;
            reader.start();
        }

        private void readLoop() {
            byte[] buf = new byte[65_535];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                    byte[] d = Arrays.copyOf(p.getData(), p.getLength());
                    SipMessage m = new SipMessageParser().parse(d, d.length);
                    Flow flow = new Flow(TransportProtocol.UDP, local, (InetSocketAddress) p.getSocketAddress(), 0);
                    if (m instanceof SipRequest r) layer.onRequest(r, flow);
                    else layer.onResponse((SipResponse) m, flow);
                } catch (IOException | RuntimeException e) {
                    if (socket.isClosed()) return;
                } catch (io.midreg.sip.message.SipParseException e) {
                    // not SIP: dropped
                }
            }
        }

        @Override
        public void sendResponse(Flow flow, byte[] response) {
            send(response, flow.remote());
        }

        @Override
        public CompletableFuture<Flow> sendRequest(byte[] request, Flow flowOrNull, TransportProtocol protocol,
                                                   InetSocketAddress destination) {
            InetSocketAddress to = flowOrNull != null ? flowOrNull.remote() : destination;
            try {
                socket.send(new DatagramPacket(request, request.length, to));
                return CompletableFuture.completedFuture(new Flow(TransportProtocol.UDP, local, to, 0));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        private void send(byte[] b, InetSocketAddress to) {
            try {
                socket.send(new DatagramPacket(b, b.length, to));
            } catch (IOException e) {
                // UDP: a lost send is a lost datagram
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** Completes with the final response. */
    static final class FinalResponse extends CompletableFuture<SipResponse> implements ClientTransactionListener {
        final CopyOnWriteArrayList<SipResponse> all = new CopyOnWriteArrayList<>();

        @Override
        public void onResponse(ClientTransaction transaction, SipResponse response) {
            all.add(response);
            if (response.isFinal()) complete(response);
        }

        @Override
        public void onTimeout(ClientTransaction transaction) {
            completeExceptionally(new IllegalStateException("timeout"));
        }

        @Override
        public void onTransportError(ClientTransaction transaction, Throwable cause) {
            completeExceptionally(cause);
        }
    }

    private final ScheduledExecutorService timers = new ScheduledThreadPoolExecutor(1);
    private final CopyOnWriteArrayList<AutoCloseable> closing = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) c.close();
        timers.shutdownNow();
        assertThat(timers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    private DatagramTransport transport() throws SocketException {
        DatagramTransport t = new DatagramTransport();
        closing.add(t);
        return t;
    }

    @Test
    void clientRetransmitsUntilTheServerAnswersWhichSeesTheRequestOnce() throws Exception {
        CopyOnWriteArrayList<ServerTransaction> seen = new CopyOnWriteArrayList<>();
        DatagramTransport serverSide = transport();
        TransactionLayer server = new TransactionLayer(serverSide, new ExecutorTimerScheduler(timers), FAST, tx -> {
            seen.add(tx);
            // answer late, after the client has retransmitted at 50 and 150 ms
            timers.schedule(() -> tx.sendResponse(200, "OK"), 300, TimeUnit.MILLISECONDS);
        });
        serverSide.start(server);

        DatagramTransport clientSide = transport();
        TransactionLayer client = new TransactionLayer(clientSide, new ExecutorTimerScheduler(timers), FAST, tx -> { });
        clientSide.start(client);

        SipRequest reg = client.withTopVia(request(register("z9hG4bKinner", TransportProtocol.UDP)),
                TransportProtocol.UDP, "127.0.0.1:" + clientSide.local.getPort());
        FinalResponse result = new FinalResponse();
        client.sendRequest(reg, null, TransportProtocol.UDP, serverSide.local, result);

        SipResponse ok = result.get(5, TimeUnit.SECONDS);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(seen).hasSize(1);
        assertThat(client.stats().retransmissionsSent()).isGreaterThanOrEqualTo(2);
        assertThat(server.stats().retransmissionsReceived()).isGreaterThanOrEqualTo(1);
        assertThat(server.stats().serverCreated()).isEqualTo(1);
        assertThat(result.all).hasSize(1);
    }

    @Test
    void duplicateDatagramsGetTheSameResponseBytes() throws Exception {
        CopyOnWriteArrayList<ServerTransaction> seen = new CopyOnWriteArrayList<>();
        DatagramTransport serverSide = transport();
        TransactionLayer server = new TransactionLayer(serverSide, new ExecutorTimerScheduler(timers), FAST, tx -> {
            seen.add(tx);
            tx.sendResponse(200, "OK");
        });
        serverSide.start(server);

        try (DatagramSocket phone = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            phone.setSoTimeout(5_000);
            byte[] reg = register("z9hG4bKdup1", TransportProtocol.UDP);
            byte[][] answers = new byte[3][];
            for (int i = 0; i < 3; i++) {
                phone.send(new DatagramPacket(reg, reg.length, serverSide.local));
                DatagramPacket p = new DatagramPacket(new byte[65_535], 65_535);
                phone.receive(p);
                answers[i] = Arrays.copyOf(p.getData(), p.getLength());
            }
            assertThat(answers[1]).isEqualTo(answers[0]);
            assertThat(answers[2]).isEqualTo(answers[0]);
            assertThat(new String(answers[0], java.nio.charset.StandardCharsets.US_ASCII)).startsWith("SIP/2.0 200 OK");
        }
        assertThat(seen).hasSize(1);
    }
}
