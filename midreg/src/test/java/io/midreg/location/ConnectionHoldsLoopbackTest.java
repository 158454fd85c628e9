package io.midreg.location;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.ParserConfig;
import io.midreg.sip.stack.SipStack;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.ListenerConfig;
import io.midreg.sip.transport.TransportConfig;
import io.midreg.sip.transport.TransportProtocol;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Holds on real TCP connections with a 1 s idle time-out: a hold for the connection's own device
 * keeps it open, one whose stored address is another device's (an id from an earlier run) holds
 * nothing, and a released hold lets the idle time-out close it.
 */
@Timeout(30)
class ConnectionHoldsLoopbackTest {
    private static final long IDLE_MILLIS = 1000;

    @Test
    void onlyTheConnectionsOwnDeviceHoldsItAndReleasingLetsItClose() throws Exception {
        TransportConfig tcp = TransportConfig.defaults().withListeners(List.of(ListenerConfig.of(TransportProtocol.TCP, "127.0.0.1", 0)))
                .withIdleConnectionTimeout(Duration.ofMillis(IDLE_MILLIS));
        try (SipStack stack = SipStack.withTransactions(tcp, ParserConfig.defaults(), TimerConfig.defaults(), tx -> { }, (r, f) -> { })) {
            stack.start().get(10, TimeUnit.SECONDS);
            InetSocketAddress listener = stack.transport().boundAddresses().get(0);
            ConnectionHolds holds = ConnectionHolds.of(stack.transport());
            long until = System.currentTimeMillis() + 60_000;
            try (Socket own = new Socket(); Socket stranger = new Socket()) {
                own.connect(listener, 5_000);
                stranger.connect(listener, 5_000);
                Flow ownFlow = flowOf(stack, own);
                Flow strangerFlow = flowOf(stack, stranger);
                holds.hold(ownFlow.connectionId(), "tcp", "127.0.0.1", own.getLocalPort(), "aor\nsip:own", until);
                // a stale binding naming the stranger's connection id, but its own (old) address
                holds.hold(strangerFlow.connectionId(), "tcp", "127.0.0.1", own.getLocalPort(), "aor\nsip:stale", until);

                assertThat(readsEof(stranger, 3 * IDLE_MILLIS)).as("not held: closed at the idle time-out").isTrue();
                assertThat(readsEof(own, 2 * IDLE_MILLIS)).as("held past two idle time-outs").isFalse();

                holds.release(ownFlow.connectionId(), "aor\nsip:own");
                assertThat(readsEof(own, 3 * IDLE_MILLIS)).as("released: closed at its next idle time-out").isTrue();
            }
        }
    }

    private static Flow flowOf(SipStack stack, Socket socket) throws InterruptedException {
        InetSocketAddress remote = (InetSocketAddress) socket.getLocalSocketAddress();
        for (int i = 0; i < 100; i++) { // the accept is asynchronous: 100 × 20 ms at most
            Optional<Flow> flow = stack.transport().activeFlow(TransportProtocol.TCP, remote);
            if (flow.isPresent()) return flow.get();
            Thread.sleep(20);
        }
        throw new AssertionError("midreg never saw the connection from " + remote);
    }

    /** Whether the peer closes {@code socket} within {@code millis}. */
    private static boolean readsEof(Socket socket, long millis) throws Exception {
        socket.setSoTimeout((int) millis);
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }
}
