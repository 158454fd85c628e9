package io.midreg.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The peer's own probe against a hand-written UDP responder on loopback. */
@Timeout(20)
class SipPeerTest {
    @Test
    void optionsProbeReturnsTheAnswerToItsOwnCallIdAndIgnoresOthers() throws Exception {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            CompletableFuture<Void> answering = CompletableFuture.runAsync(() -> answerOnce(server));
            ReceivedMessage answer = SipPeer.options((InetSocketAddress) server.getLocalSocketAddress(), Duration.ofSeconds(5));
            answering.get(5, TimeUnit.SECONDS);

            assertThat(answer).isNotNull();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.callId()).startsWith(SipPeer.PROBE_CALL_ID_PREFIX);
        }
    }

    @Test
    void answersOptionsIsFalseWhenNothingListens() {
        int port = FreeLoopbackPort.pick();
        assertThat(SipPeer.answersOptions(new InetSocketAddress("127.0.0.1", port))).isFalse();
    }

    /** Answers a stray response with another Call-ID first (the probe must skip it), then a 200 to the request. */
    private static void answerOnce(DatagramSocket server) {
        try {
            byte[] buf = new byte[4096];
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            server.receive(in);
            ReceivedMessage request = ReceivedMessage.parse(Arrays.copyOf(buf, in.getLength()));
            String via = request.header("Via");
            for (String callId : new String[] {"someone-else", request.callId()}) {
                byte[] out = ("SIP/2.0 200 OK\r\nVia: " + via + "\r\nCall-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\n"
                        + "From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
                server.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
