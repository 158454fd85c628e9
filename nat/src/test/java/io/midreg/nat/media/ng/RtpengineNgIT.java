package io.midreg.nat.media.ng;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.testing.Rtpengine;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ng client against a real rtpengine-daemon (userspace, loopback), one per test. */
class RtpengineNgIT {
    private Rtpengine rtpengine;
    private NgClient client;
    private RtpengineControl control;

    @BeforeEach
    void start() {
        rtpengine = Rtpengine.start();
        client = NgClient.open(NgClientConfig.DEFAULT.withLocalAddress(new InetSocketAddress("127.0.0.1", 0))).join();
        control = new RtpengineControl(client, rtpengine.ngAddress());
    }

    @AfterEach
    void stop() {
        if (client != null) client.close();
        if (rtpengine != null) rtpengine.close();
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private static NgException failure(CompletableFuture<?> f) throws Exception {
        Throwable t = f.handle((r, e) -> e).get(10, TimeUnit.SECONDS);
        assertThat(t).as("the request should have failed").isNotNull();
        return NgException.of(t).orElseThrow(() -> new AssertionError("not an ng failure", t));
    }

    @Test
    void pingGetsPong() throws Exception {
        NgReply reply = await(control.ping());
        assertThat(reply.result()).isEqualTo("pong");
        assertThat(reply.tries()).isBetween(1, client.config().maxTries());
        assertThat(rtpengine.commandsReceived("ping")).isPositive();
    }

    @Test
    void offerAnswerQueryDeleteAgainstTheRealDaemon() throws Exception {
        byte[] offerSdp = TestSdp.offer("192.168.1.5", 4000);
        SdpResult offered = await(control.offer(OfferRequest.of("call-1@test", "from-tag-1", offerSdp).viaBranch("z9hG4bK-b1")
                .options(SdpOptions.builder().flag("SIP-source-address").receivedFrom(InetAddress.getByName("203.0.113.5"))
                        .replace(Replace.ORIGIN, Replace.SESSION_CONNECTION).ice(Ice.REMOVE).transportProtocol("RTP/AVP").build())));
        byte[] towardsCallee = offered.sdpBytes();
        assertThat(TestSdp.connectionAddress(towardsCallee)).isEqualTo(rtpengine.mediaAddress());
        assertThat(TestSdp.originAddress(towardsCallee)).as("replace origin").isEqualTo(rtpengine.mediaAddress());
        int offerPort = TestSdp.audioPort(towardsCallee);
        assertThat(offerPort).isBetween(rtpengine.portMin(), rtpengine.portMax()).isNotEqualTo(4000);

        byte[] answerSdp = TestSdp.answer("10.0.0.7", 5000);
        SdpResult answered = await(control.answer(AnswerRequest.of("call-1@test", "from-tag-1", "to-tag-1", answerSdp).viaBranch("z9hG4bK-b1")
                .options(SdpOptions.builder().replace(Replace.ORIGIN, Replace.SESSION_CONNECTION).ice(Ice.REMOVE).build())));
        byte[] towardsCaller = answered.sdpBytes();
        assertThat(TestSdp.connectionAddress(towardsCaller)).isEqualTo(rtpengine.mediaAddress());
        int answerPort = TestSdp.audioPort(towardsCaller);
        assertThat(answerPort).isBetween(rtpengine.portMin(), rtpengine.portMax()).isNotEqualTo(offerPort).isNotEqualTo(5000);

        QueryResult q = await(control.query(QueryRequest.of("call-1@test")));
        assertThat(q.created()).isPositive();
        assertThat(q.parties()).extracting(QueryResult.Party::tag).containsExactlyInAnyOrder("from-tag-1", "to-tag-1");
        QueryResult.Party caller = q.parties().stream().filter(p -> p.tag().equals("from-tag-1")).findFirst().orElseThrow();
        QueryResult.Party callee = q.parties().stream().filter(p -> p.tag().equals("to-tag-1")).findFirst().orElseThrow();
        // SIP-source-address: the caller's media goes to the SIP source (received-from) with the SDP's port
        QueryResult.Stream callerRtp = caller.streams().stream().filter(s -> !s.rtcp()).findFirst().orElseThrow();
        assertThat(callerRtp.endpointAddress()).isEqualTo("203.0.113.5");
        assertThat(callerRtp.endpointPort()).isEqualTo(4000);
        // the caller is sent the answer's port, the callee the offer's
        assertThat(callerRtp.localPort()).isEqualTo(answerPort);
        QueryResult.Stream calleeRtp = callee.streams().stream().filter(s -> !s.rtcp()).findFirst().orElseThrow();
        assertThat(calleeRtp.localPort()).isEqualTo(offerPort);
        assertThat(calleeRtp.endpointAddress()).isEqualTo("10.0.0.7");
        assertThat(q.rtpTotals().packets()).isZero();

        NgReply deleted = await(control.delete(DeleteRequest.of("call-1@test", "from-tag-1")));
        assertThat(deleted.result()).isEqualTo("ok");
        assertThat(deleted.warning()).isEmpty();
        assertThat(failure(control.query(QueryRequest.of("call-1@test"))))
                .isInstanceOfSatisfying(NgErrorException.class, e -> assertThat(e.reason()).isEqualTo("Unknown call-id"));
    }

    @Test
    void aSecondOfferForADeletedCallStartsItAfresh() throws Exception {
        byte[] sdp = TestSdp.offer("192.168.1.5", 4000);
        int first = TestSdp.audioPort(await(control.offer(OfferRequest.of("call-2@test", "ft", sdp))).sdpBytes());
        await(control.delete(DeleteRequest.of("call-2@test", "ft")));
        SdpResult again = await(control.offer(OfferRequest.of("call-2@test", "ft", sdp)));
        assertThat(TestSdp.connectionAddress(again.sdpBytes())).isEqualTo(rtpengine.mediaAddress());
        assertThat(TestSdp.audioPort(again.sdpBytes())).isBetween(rtpengine.portMin(), rtpengine.portMax()).isNotEqualTo(first);
        assertThat(await(control.query(QueryRequest.of("call-2@test"))).parties()).extracting(QueryResult.Party::tag).contains("ft");
    }

    @Test
    void deletingAnUnknownCallWarnsUnlessFatal() throws Exception {
        NgReply lenient = await(control.delete(DeleteRequest.of("nobody@test", "ft")));
        assertThat(lenient.result()).isEqualTo("ok");
        assertThat(lenient.warning()).get().asString().contains("not found");
        assertThat(failure(control.delete(DeleteRequest.of("nobody@test", "ft").flag("fatal")))).isInstanceOf(NgErrorException.class);
    }

    @Test
    void anOfferWithBrokenSdpIsAnErrorWithItsReason() throws Exception {
        NgException e = failure(control.offer(OfferRequest.of("call-3@test", "ft", "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        assertThat(e).isInstanceOfSatisfying(NgErrorException.class, x -> assertThat(x.reason()).isEqualTo("Failed to parse SDP"));
    }

    @Test
    void anOfferWithEmptySdpIsAnsweredWithoutSdpWhichTheClientCallsMalformed() throws Exception {
        // rtpengine 10.5 answers result=ok and no sdp: nothing to put in the message, so not a success
        assertThat(failure(control.offer(OfferRequest.of("call-5@test", "ft", new byte[0])))).isInstanceOf(NgMalformedReplyException.class);
    }

    @Test
    void aLostReplyIsRecoveredByTheRetransmissionFromRtpenginesCache() throws Exception {
        try (DropFirstReply relay = new DropFirstReply(rtpengine.ngAddress());
             NgClient retrying = NgClient.open(NgClientConfig.DEFAULT.withLocalAddress(new InetSocketAddress("127.0.0.1", 0))
                     .withRetransmission(Duration.ofMillis(200), 3)).join()) {
            RtpengineControl viaRelay = new RtpengineControl(retrying, relay.address());
            SdpResult offered = await(viaRelay.offer(OfferRequest.of("call-4@test", "ft", TestSdp.offer("192.168.1.5", 4000))));
            assertThat(offered.reply().tries()).isEqualTo(2);
            assertThat(relay.requestsSeen()).hasSize(2);
            assertThat(relay.requestsSeen().get(1)).as("the same datagram, cookie and all").isEqualTo(relay.requestsSeen().get(0));
            // rtpengine answered the retransmission from its cookie cache: one call, one port pair for the callee side
            QueryResult q = await(control.query(QueryRequest.of("call-4@test")));
            assertThat(q.parties().stream().mapToLong(p -> p.streams().size()).sum()).isEqualTo(4);
            assertThat(TestSdp.audioPort(offered.sdpBytes())).isIn(q.parties().stream().flatMap(p -> p.streams().stream())
                    .map(QueryResult.Stream::localPort).toList());
        }
    }

    @Test
    void timesOutAgainstAPortNobodyAnswersAfterEveryTry() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             NgClient impatient = NgClient.open(NgClientConfig.DEFAULT.withLocalAddress(new InetSocketAddress("127.0.0.1", 0))
                     .withRetransmission(Duration.ofMillis(100), 4)).join()) {
            InetSocketAddress nobody = (InetSocketAddress) silent.getLocalSocketAddress();
            NgException e = failure(new RtpengineControl(impatient, nobody).ping());
            assertThat(e).isInstanceOfSatisfying(NgTimeoutException.class, t -> assertThat(t.tries()).isEqualTo(4));
            assertThat(e.rtpengine()).isEqualTo(nobody);
            assertThat(impatient.stats().retransmissions()).isEqualTo(3);
            assertThat(impatient.stats().timeouts()).isEqualTo(1);
            List<byte[]> received = drain(silent);
            assertThat(received).hasSize(4);
            assertThat(received).allSatisfy(d -> assertThat(d).isEqualTo(received.get(0)));
        }
    }

    private static List<byte[]> drain(DatagramSocket socket) throws IOException {
        List<byte[]> datagrams = new ArrayList<>();
        socket.setSoTimeout(200);
        for (int i = 0; i < 100; i++) {
            byte[] buf = new byte[2048];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException done) {
                break;
            }
            datagrams.add(Arrays.copyOf(buf, p.getLength()));
        }
        return datagrams;
    }

    /** A UDP relay in front of rtpengine that loses rtpengine's first reply, as a congested network would. */
    private static final class DropFirstReply implements AutoCloseable {
        private final DatagramSocket front;
        private final DatagramSocket back;
        private final Thread forward;
        private final Thread backward;
        private final List<byte[]> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile InetSocketAddress clientAddress;

        DropFirstReply(InetSocketAddress rtpengine) throws IOException {
            front = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            back = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            forward = new Thread(() -> pump(front, () -> rtpengine, true), "relay-forward");
            backward = new Thread(() -> pump(back, () -> clientAddress, false), "relay-backward");
            forward.start();
            backward.start();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) front.getLocalSocketAddress();
        }

        List<byte[]> requestsSeen() {
            return requests;
        }

        private void pump(DatagramSocket from, java.util.function.Supplier<InetSocketAddress> to, boolean requestsSide) {
            boolean dropped = false;
            byte[] buf = new byte[65_535];
            while (!from.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    from.receive(p);
                    byte[] data = Arrays.copyOf(buf, p.getLength());
                    if (requestsSide) {
                        clientAddress = (InetSocketAddress) p.getSocketAddress();
                        requests.add(data);
                        back.send(new DatagramPacket(data, data.length, to.get()));
                    } else if (!dropped) {
                        dropped = true;
                    } else {
                        front.send(new DatagramPacket(data, data.length, to.get()));
                    }
                } catch (IOException closed) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            front.close();
            back.close();
            try {
                forward.join(2000);
                backward.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
