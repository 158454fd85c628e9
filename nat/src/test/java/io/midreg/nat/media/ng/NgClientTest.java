package io.midreg.nat.media.ng;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.nat.media.bencode.BDict;
import io.midreg.sip.transaction.TimerScheduler;
import io.midreg.testing.VirtualClock;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The client's cookie, retransmission and reply logic, on virtual time with a recording sender. */
class NgClientTest {
    private static final InetSocketAddress ENGINE = new InetSocketAddress("127.0.0.1", 2223);
    private static final InetSocketAddress OTHER = new InetSocketAddress("127.0.0.1", 2224);
    private static final BDict PING = BDict.builder().put("command", "ping").build();

    private final VirtualClock clock = new VirtualClock();
    private final TimerScheduler timers = (task, delay) -> clock.schedule(task, delay)::cancel;
    private final List<Sent> sent = new ArrayList<>();
    private final NgClient client = new NgClient((to, datagram, onFailure) -> sent.add(new Sent(to, datagram)), timers,
            NgClientConfig.DEFAULT.withRetransmission(Duration.ofMillis(500), 3), () -> { });

    private record Sent(InetSocketAddress to, byte[] datagram) {
        String text() {
            return new String(datagram, StandardCharsets.ISO_8859_1);
        }

        String cookie() {
            return NgFrame.cookie(datagram);
        }
    }

    private void reply(InetSocketAddress from, String cookie, String bencode) {
        client.receive(from, (cookie + " " + bencode).getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void framesTheRequestAsCookieSpaceBencode() {
        client.request(ENGINE, PING);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).to()).isEqualTo(ENGINE);
        assertThat(sent.get(0).text()).matches("[0-9a-f]{12}_[0-9a-z]+ d7:command4:pinge");
    }

    @Test
    void givesEveryRequestItsOwnCookie() {
        for (int i = 0; i < 100; i++) client.request(ENGINE, PING);
        assertThat(sent.stream().map(Sent::cookie).distinct().count()).isEqualTo(100);
        NgClient another = new NgClient((to, d, f) -> sent.add(new Sent(to, d)), timers, NgClientConfig.DEFAULT, () -> { });
        another.request(ENGINE, PING);
        // a second client (another midreg, or this one after a restart) must not reuse cookies rtpengine has cached
        assertThat(sent.get(100).cookie().substring(0, 12)).isNotEqualTo(sent.get(0).cookie().substring(0, 12));
    }

    @Test
    void completesWithTheReplyMatchedByCookie() {
        CompletableFuture<NgReply> first = client.request(ENGINE, PING);
        CompletableFuture<NgReply> second = client.request(ENGINE, PING);
        reply(ENGINE, sent.get(1).cookie(), "d6:result4:ponge");
        assertThat(second).isCompleted();
        assertThat(first).isNotDone();
        assertThat(second.join().result()).isEqualTo("pong");
        assertThat(second.join().tries()).isEqualTo(1);
        assertThat(client.pendingRequests()).isEqualTo(1);
    }

    @Test
    void retransmitsWithTheSameCookieThenTimesOutTyped() {
        CompletableFuture<NgReply> f = client.request(ENGINE, PING);
        clock.advanceBy(Duration.ofMillis(499));
        assertThat(sent).hasSize(1);
        clock.advanceBy(Duration.ofMillis(1));
        assertThat(sent).hasSize(2);
        clock.advanceBy(Duration.ofMillis(500));
        assertThat(sent).hasSize(3);
        assertThat(sent).extracting(Sent::text).containsOnly(sent.get(0).text());
        assertThat(f).isNotDone();
        clock.advanceBy(Duration.ofMillis(500));
        assertThat(sent).hasSize(3);
        assertThat(f).isCompletedExceptionally();
        NgException e = NgException.of(f.handle((r, t) -> t).join()).orElseThrow();
        assertThat(e).isInstanceOfSatisfying(NgTimeoutException.class, t -> assertThat(t.tries()).isEqualTo(3));
        assertThat(e.rtpengine()).isEqualTo(ENGINE);
        assertThat(client.stats().retransmissions()).isEqualTo(2);
        assertThat(client.stats().timeouts()).isEqualTo(1);
        assertThat(client.pendingRequests()).isZero();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void aReplyToARetransmissionCountsItsTries() {
        CompletableFuture<NgReply> f = client.request(ENGINE, PING);
        clock.advanceBy(Duration.ofMillis(500));
        reply(ENGINE, sent.get(0).cookie(), "d6:result4:ponge");
        assertThat(f.join().tries()).isEqualTo(2);
        clock.advanceBy(Duration.ofSeconds(5));
        assertThat(sent).hasSize(2);
        // the reply to the other send, cached by rtpengine, arrives late: stray, harmless
        reply(ENGINE, sent.get(0).cookie(), "d6:result4:ponge");
        assertThat(client.stats().strayDatagrams()).isEqualTo(1);
        assertThat(client.stats().replies()).isEqualTo(1);
    }

    @Test
    void ignoresAReplyFromAnotherAddress() {
        CompletableFuture<NgReply> f = client.request(ENGINE, PING);
        reply(OTHER, sent.get(0).cookie(), "d6:result4:ponge");
        assertThat(f).isNotDone();
        assertThat(client.stats().strayDatagrams()).isEqualTo(1);
        reply(ENGINE, sent.get(0).cookie(), "d6:result4:ponge");
        assertThat(f).isCompleted();
    }

    @Test
    void ignoresDatagramsWithoutAKnownCookie() {
        client.request(ENGINE, PING);
        reply(ENGINE, "nobody", "d6:result4:ponge");
        client.receive(ENGINE, "no-space-at-all".getBytes(StandardCharsets.US_ASCII));
        client.receive(ENGINE, new byte[0]);
        assertThat(client.stats().strayDatagrams()).isEqualTo(3);
        assertThat(client.pendingRequests()).isEqualTo(1);
    }

    @Test
    void anErrorReplyFailsWithItsReason() {
        CompletableFuture<NgReply> f = client.request(ENGINE, BDict.builder().put("command", "query").put("call-id", "x").build());
        reply(ENGINE, sent.get(0).cookie(), "d6:result5:error12:error-reason15:Unknown call-ide");
        NgException e = NgException.of(f.handle((r, t) -> t).join()).orElseThrow();
        assertThat(e).isInstanceOfSatisfying(NgErrorException.class, x -> assertThat(x.reason()).isEqualTo("Unknown call-id"));
        assertThat(client.stats().errorReplies()).isEqualTo(1);
        clock.advanceBy(Duration.ofSeconds(5));
        assertThat(sent).hasSize(1);
    }

    @Test
    void anUnknownResultIsARefusal() {
        CompletableFuture<NgReply> f = client.request(ENGINE, PING);
        reply(ENGINE, sent.get(0).cookie(), "d6:result10:load limite");
        assertThat(NgException.of(f.handle((r, t) -> t).join())).get()
                .isInstanceOfSatisfying(NgErrorException.class, x -> assertThat(x.reason()).isEqualTo("load limit"));
    }

    @Test
    void aBrokenReplyFailsAsMalformed() {
        CompletableFuture<NgReply> broken = client.request(ENGINE, PING);
        CompletableFuture<NgReply> noResult = client.request(ENGINE, PING);
        CompletableFuture<NgReply> notADict = client.request(ENGINE, PING);
        reply(ENGINE, sent.get(0).cookie(), "d6:result4:pon");
        reply(ENGINE, sent.get(1).cookie(), "d3:sdp3:v=0e");
        reply(ENGINE, sent.get(2).cookie(), "l6:resulte");
        for (CompletableFuture<NgReply> f : List.of(broken, noResult, notADict)) {
            assertThat(NgException.of(f.handle((r, t) -> t).join())).get().isInstanceOf(NgMalformedReplyException.class);
        }
        assertThat(client.stats().malformedReplies()).isEqualTo(3);
        assertThat(client.pendingRequests()).isZero();
    }

    @Test
    void aSendFailureFailsTheRequestAtOnce() {
        NgClient failing = new NgClient((to, d, onFailure) -> onFailure.accept(new java.io.IOException("network unreachable")), timers,
                NgClientConfig.DEFAULT, () -> { });
        CompletableFuture<NgReply> f = failing.request(ENGINE, PING);
        assertThat(NgException.of(f.handle((r, t) -> t).join())).get().isInstanceOf(NgSendException.class);
        assertThat(failing.pendingRequests()).isZero();
    }

    @Test
    void closingFailsWhatIsPendingAndRefusesMore() {
        CompletableFuture<NgReply> f = client.request(ENGINE, PING);
        client.close();
        assertThat(NgException.of(f.handle((r, t) -> t).join())).get().isInstanceOf(NgSendException.class);
        CompletableFuture<NgReply> after = client.request(ENGINE, PING);
        assertThat(NgException.of(after.handle((r, t) -> t).join())).get().isInstanceOf(NgSendException.class);
        assertThat(sent).hasSize(1);
    }

    @Test
    void typedCommandsBuildTheSpecKeys() {
        RtpengineControl rtpengine = new RtpengineControl(client, ENGINE);
        byte[] sdp = "v=0\r\n".getBytes(StandardCharsets.US_ASCII);
        CompletableFuture<SdpResult> offer = rtpengine.offer(OfferRequest.of("call-1", "ft", sdp).viaBranch("z9hG4bK1")
                .options(SdpOptions.builder().flag("SIP-source-address").replace(Replace.ORIGIN, Replace.SESSION_CONNECTION).ice(Ice.REMOVE)
                        .receivedFrom(ENGINE.getAddress()).transportProtocol("RTP/AVP").direction("priv", "pub").build()));
        assertThat(sent.get(0).text()).endsWith(" d3:ICE6:remove7:call-id6:call-17:command5:offer9:direction"
                + "l4:priv3:pube5:flagsl18:SIP-source-addresse8:from-tag2:ft13:received-froml3:IP49:127.0.0.1e"
                + "7:replacel6:origin18:session-connectione3:sdp5:v=0\r\n18:transport-protocol7:RTP/AVP10:via-branch8:z9hG4bK1e");
        reply(ENGINE, sent.get(0).cookie(), "d3:sdp10:v=0\r\nx=1\r\n6:result2:oke");
        assertThat(new String(offer.join().sdpBytes(), StandardCharsets.US_ASCII)).isEqualTo("v=0\r\nx=1\r\n");

        rtpengine.answer(AnswerRequest.of("call-1", "ft", "tt", sdp));
        assertThat(sent.get(1).text()).endsWith(" d7:call-id6:call-17:command6:answer8:from-tag2:ft3:sdp5:v=0\r\n6:to-tag2:tte");
        rtpengine.delete(DeleteRequest.of("call-1", "ft").viaBranch("b").flag("fatal").deleteDelay(0));
        assertThat(sent.get(2).text()).endsWith(" d7:call-id6:call-17:command6:delete12:delete-delayi0e5:flagsl5:fatale8:from-tag2:ft10:via-branch1:be");
        rtpengine.query(QueryRequest.of("call-1"));
        assertThat(sent.get(3).text()).endsWith(" d7:call-id6:call-17:command5:querye");
    }

    @Test
    void anOfferReplyWithoutSdpIsMalformed() {
        CompletableFuture<SdpResult> f = new RtpengineControl(client, ENGINE).offer(OfferRequest.of("c", "f", new byte[] {'v'}));
        reply(ENGINE, sent.get(0).cookie(), "d6:result2:oke");
        assertThat(NgException.of(f.handle((r, t) -> t).join())).get().isInstanceOf(NgMalformedReplyException.class);
    }

    @Test
    void aPingAnsweredOkIsNotAPong() {
        CompletableFuture<NgReply> f = new RtpengineControl(client, ENGINE).ping();
        reply(ENGINE, sent.get(0).cookie(), "d6:result2:oke");
        assertThat(NgException.of(f.handle((r, t) -> t).join())).get().isInstanceOf(NgMalformedReplyException.class);
    }

    @Test
    void readsAQueryReplyAsRtpengine10SendsIt() {
        CompletableFuture<QueryResult> f = new RtpengineControl(client, ENGINE).query(QueryRequest.of("c1"));
        // abridged from a real rtpengine 10.5 reply (keys unsorted, as it sends them)
        reply(ENGINE, sent.get(0).cookie(), "d7:createdi1796670138e11:last signali1796670139e4:tagsd2:f1d3:tag2:f16:mediasld5:indexi1e"
                + "7:streamsld10:local porti41008e13:local address9:127.0.0.18:endpointd6:family4:IPv47:address11:192.168.1.54:porti4000ee"
                + "5:flagsl3:RTP6:fillede5:statsd7:packetsi5e5:bytesi800e6:errorsi0eeed10:local porti41009e8:endpointde5:flagsl4:RTCPe"
                + "5:statsd7:packetsi1e5:bytesi60e6:errorsi0eeeeeeee6:totalsd3:RTPd7:packetsi5e5:bytesi800e6:errorsi0ee4:RTCP"
                + "d7:packetsi1e5:bytesi60e6:errorsi0eee6:result2:oke");
        QueryResult q = f.join();
        assertThat(q.created()).isEqualTo(1796670138L);
        assertThat(q.lastSignal()).isEqualTo(1796670139L);
        assertThat(q.rtpTotals()).isEqualTo(new PacketCounts(5, 800, 0));
        assertThat(q.rtcpTotals().packets()).isEqualTo(1);
        assertThat(q.parties()).singleElement().satisfies(p -> {
            assertThat(p.tag()).isEqualTo("f1");
            assertThat(p.streams()).hasSize(2);
            assertThat(p.streams().get(0)).isEqualTo(new QueryResult.Stream("127.0.0.1", 41008, "192.168.1.5", 4000, false,
                    new PacketCounts(5, 800, 0)));
            assertThat(p.streams().get(1).rtcp()).isTrue();
        });
    }
}
