package io.midreg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.midreg.sip.message.ParserConfig;
import io.midreg.sip.stack.SipStack;
import io.midreg.sip.syntax.SipMethods;
import io.midreg.sip.transaction.ServerTransactionUser;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transport.ListenerConfig;
import io.midreg.sip.transport.TransportConfig;
import io.midreg.sip.transport.TransportProtocol;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The method table: each method reaches its handler, the rest get 501, and Allow lists the table. */
@Timeout(30)
class SipRouterTest {

    @Test
    void allowListsTheTableAndOptionsInAlphabeticalOrder() {
        ServerTransactionUser none = tx -> { };
        assertThat(new SipRouter(Map.of(SipMethods.REGISTER, none), () -> false).allow()).isEqualTo("OPTIONS, REGISTER");
        assertThat(new SipRouter(Map.of(SipMethods.REGISTER, none, SipMethods.INVITE, none, SipMethods.BYE, none), () -> false).allow())
                .isEqualTo("BYE, INVITE, OPTIONS, REGISTER");
        assertThat(new SipRouter(Map.of(), () -> false).allow()).isEqualTo("OPTIONS");
    }

    @Test
    void optionsAndAckAreNotTheTablesToHandle() {
        ServerTransactionUser none = tx -> { };
        assertThatThrownBy(() -> new SipRouter(Map.of(SipMethods.OPTIONS, none), () -> false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SipRouter(Map.of(SipMethods.ACK, none), () -> false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachMethodReachesItsHandlerOverUdpAndTheOthersGet501WithTheDerivedAllow() throws Exception {
        AtomicInteger registers = new AtomicInteger();
        AtomicReference<String> messageSeen = new AtomicReference<>();
        SipRouter router = new SipRouter(Map.of(
                SipMethods.REGISTER, tx -> {
                    registers.incrementAndGet();
                    tx.sendResponse(202, "Registered Here");
                },
                SipMethods.MESSAGE, tx -> {
                    messageSeen.set(tx.request().callId());
                    tx.sendResponse(200, "OK");
                }), () -> false);
        TransportConfig udp = TransportConfig.defaults().withListeners(List.of(ListenerConfig.of(TransportProtocol.UDP, "127.0.0.1", 0)));
        try (SipStack stack = SipStack.withTransactions(udp, ParserConfig.defaults(), TimerConfig.defaults(), router, (r, f) -> { });
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            stack.start().get(10, TimeUnit.SECONDS);
            peer.setSoTimeout(5_000);
            InetSocketAddress to = stack.transport().boundAddresses().get(0);
            assertThat(ask(peer, to, "REGISTER", "r1")).startsWith("SIP/2.0 202 Registered Here");
            assertThat(ask(peer, to, "MESSAGE", "m1")).startsWith("SIP/2.0 200");
            String options = ask(peer, to, "OPTIONS", "o1");
            assertThat(options).startsWith("SIP/2.0 200").contains("Allow: MESSAGE, OPTIONS, REGISTER\r\n");
            String invite = ask(peer, to, "SUBSCRIBE", "s1");
            assertThat(invite).startsWith("SIP/2.0 501").contains("Allow: MESSAGE, OPTIONS, REGISTER\r\n");
            assertThat(registers.get()).isEqualTo(1);
            assertThat(messageSeen.get()).isEqualTo("m1");
        }
    }

    @Test
    void whileDrainingNothingIsAnswered() throws Exception {
        AtomicInteger registers = new AtomicInteger();
        SipRouter router = new SipRouter(Map.of(SipMethods.REGISTER, tx -> registers.incrementAndGet()), () -> true);
        TransportConfig udp = TransportConfig.defaults().withListeners(List.of(ListenerConfig.of(TransportProtocol.UDP, "127.0.0.1", 0)));
        try (SipStack stack = SipStack.withTransactions(udp, ParserConfig.defaults(), TimerConfig.defaults(), router, (r, f) -> { });
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            stack.start().get(10, TimeUnit.SECONDS);
            peer.setSoTimeout(500);
            InetSocketAddress to = stack.transport().boundAddresses().get(0);
            assertThatThrownBy(() -> ask(peer, to, "OPTIONS", "d1")).isInstanceOf(java.net.SocketTimeoutException.class);
            assertThat(registers.get()).isZero();
        }
    }

    private static String ask(DatagramSocket peer, InetSocketAddress to, String method, String callId) throws Exception {
        String request = method + " sip:127.0.0.1:" + to.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + peer.getLocalPort() + ";branch=z9hG4bK-" + callId + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=a1\r\n"
                + "To: <sip:alice@example.com>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Contact: <sip:alice@127.0.0.1:" + peer.getLocalPort() + ">\r\n"
                + "Content-Length: 0\r\n\r\n";
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        peer.send(new DatagramPacket(bytes, bytes.length, to));
        byte[] buf = new byte[4096];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        peer.receive(in);
        return new String(buf, 0, in.getLength(), StandardCharsets.US_ASCII);
    }
}
