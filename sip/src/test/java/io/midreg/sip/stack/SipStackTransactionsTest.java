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
import io.midreg.sip.transaction.ServerTransactionUser;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transport.ListenerConfig;
import io.midreg.sip.transport.TransportConfig;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.SipPeer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole stack with its transaction layer, on real UDP sockets. */
@ExtendWith(NettyLeakCheck.class)
@Timeout(30)
class SipStackTransactionsTest {
    private static TransportConfig udpOnly() {
        return TransportConfig.defaults().withListeners(List.of(ListenerConfig.of(TransportProtocol.UDP, "127.0.0.1", 0)));
    }

    @Test
    void retransmittedRegisterIsAnsweredWithTheSameResponseAndReachesTheApplicationOnce() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        ServerTransactionUser app = tx -> {
            seen.incrementAndGet();
            tx.sendResponse(tx.newResponse(200, "OK").header(HeaderName.EXPIRES, "60").toBytes());
        };
        try (SipStack stack = SipStack.withTransactions(udpOnly(), ParserConfig.defaults(), TimerConfig.defaults(), app, (r, f) -> { })) {
            stack.start().get(10, TimeUnit.SECONDS);
            try (SipPeer c = SipPeer.open("udp", stack.transport().boundAddresses().get(0))) {
                String register = c.request("REGISTER", "sip:example.com", "retx-1", 5, "Contact: <sip:alice@127.0.0.1>\r\n");
                List<byte[]> answers = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    c.send(register);
                    answers.add(c.receiveBytes());
                }
                assertThat(seen.get()).isEqualTo(1);
                assertThat(answers.get(1)).isEqualTo(answers.get(0));
                assertThat(answers.get(2)).isEqualTo(answers.get(0));
                assertThat(stack.transactions().stats().snapshot().retransmissionsReceived()).isEqualTo(2);
            }
        }
    }

    @Test
    void udpClientTransactionRetransmitsOnTimerEAndTimesOutAtTimerF() throws Exception {
        // T1 = 50 ms so that timer F (64*T1) fires after 3.2 s instead of 32 s.
        TimerConfig fast = new TimerConfig(Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofMillis(500), Duration.ofSeconds(32));
        try (SipStack stack = SipStack.withTransactions(udpOnly(), ParserConfig.defaults(), fast, tx -> { }, (r, f) -> { });
             DatagramSocket silentPeer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            stack.start().get(10, TimeUnit.SECONDS);
            InetSocketAddress local = stack.transport().boundAddresses().get(0);
            SipRequest options = MessageBuilder.request("OPTIONS", "sip:peer@127.0.0.1:" + silentPeer.getLocalPort())
                    .header(HeaderName.VIA, "SIP/2.0/UDP 127.0.0.1:" + local.getPort() + ";branch=" + stack.transactions().branches().newBranch())
                    .header(HeaderName.FROM, "<sip:midreg@127.0.0.1>;tag=f1")
                    .header(HeaderName.TO, "<sip:peer@127.0.0.1>")
                    .header(HeaderName.CALL_ID, "timer-f")
                    .header(HeaderName.CSEQ, "1 OPTIONS")
                    .header(HeaderName.MAX_FORWARDS, 70)
                    .buildRequest();
            CountDownLatch timedOut = new CountDownLatch(1);
            long started = System.nanoTime();
            stack.transactions().sendRequest(options, null, TransportProtocol.UDP, (InetSocketAddress) silentPeer.getLocalSocketAddress(),
                    new ClientTransactionListener() {
                        @Override
                        public void onResponse(ClientTransaction tx, SipResponse response) {
                        }

                        @Override
                        public void onTimeout(ClientTransaction tx) {
                            timedOut.countDown();
                        }

                        @Override
                        public void onTransportError(ClientTransaction tx, Throwable cause) {
                        }
                    });
            List<Long> arrivals = new ArrayList<>();
            silentPeer.setSoTimeout(200);
            byte[] buf = new byte[4096];
            while (timedOut.getCount() > 0 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10)) {
                try {
                    silentPeer.receive(new DatagramPacket(buf, buf.length));
                    arrivals.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                } catch (java.net.SocketTimeoutException e) {
                    // keep waiting for timer F
                }
            }
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(timedOut.await(1, TimeUnit.SECONDS)).as("timer F fired").isTrue();
            assertThat(elapsed).isBetween(3000L, 6000L);
            // 0, 50, 150, 350, 750, 1150, ..., 3150 ms: E doubles up to T2 = 400 ms; 10 sends before F at 3200 ms.
            assertThat(arrivals).hasSizeBetween(9, 11);
            assertThat(arrivals.get(1) - arrivals.get(0)).isLessThan(arrivals.get(3) - arrivals.get(2));
            assertThat(stack.transactions().clientTransactionCount()).isZero();
        }
    }
}
