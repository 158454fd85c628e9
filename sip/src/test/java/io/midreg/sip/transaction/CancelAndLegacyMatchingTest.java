package io.midreg.sip.transaction;

import static io.midreg.sip.transaction.TxFixtures.UDP_FLOW;
import static io.midreg.sip.transaction.TxFixtures.invite;
import static io.midreg.sip.transaction.TxFixtures.request;
import static io.midreg.sip.transaction.TxFixtures.rfc4475;
import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.MessageBuilder;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.TransportProtocol;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CancelAndLegacyMatchingTest {
    private final TxFixtures f = new TxFixtures();

    private static int status(RecordingTransport.Sent s) {
        return ((SipResponse) s.parsed()).status();
    }

    private static byte[] cancelFor(byte[] invite) {
        SipRequest inv = request(invite);
        return CancelBuilder.forInvite(inv).toBytes();
    }

    @Test
    void cancelIsMatchedToItsInviteAndAnsweredByTheDefaultUas() {
        byte[] invite = invite("z9hG4bKc1", TransportProtocol.UDP);
        f.layer.onRequest(request(invite), UDP_FLOW);
        ServerTransaction inviteTx = f.user.requests.get(0);
        inviteTx.sendResponse(180, "Ringing");

        f.layer.onRequest(request(cancelFor(invite)), UDP_FLOW);
        assertThat(f.user.cancels).hasSize(1);
        assertThat(f.user.cancels.get(0)[1]).isSameAs(inviteTx);
        assertThat(f.user.requests).hasSize(1); // the CANCEL is not a new request for the application
        assertThat(f.transport.responses()).extracting(CancelAndLegacyMatchingTest::status).containsExactly(100, 180, 200, 487);

        SipResponse cancelOk = (SipResponse) f.transport.responses().get(2).parsed();
        SipResponse terminated = (SipResponse) f.transport.responses().get(3).parsed();
        assertThat(cancelOk.cseq().method()).isEqualTo("CANCEL");
        assertThat(terminated.cseq().method()).isEqualTo("INVITE");
        assertThat(cancelOk.to().tag()).isNotNull().isEqualTo(terminated.to().tag());
        assertThat(inviteTx.state()).isEqualTo(TransactionState.COMPLETED);

        // a retransmitted CANCEL is replayed its 200, not handed up again
        f.layer.onRequest(request(cancelFor(invite)), UDP_FLOW);
        assertThat(f.user.cancels).hasSize(1);
        assertThat(f.transport.responses().get(4).bytes()).isEqualTo(f.transport.responses().get(2).bytes());
    }

    @Test
    void cancelWithoutAMatchingInviteGets481() {
        f.layer.onRequest(request(cancelFor(invite("z9hG4bKnone", TransportProtocol.UDP))), UDP_FLOW);
        assertThat(f.user.cancels).hasSize(1);
        assertThat(f.user.cancels.get(0)[1]).isNull();
        assertThat(f.transport.responses()).extracting(CancelAndLegacyMatchingTest::status).containsExactly(481);
    }

    @Test
    void cancelWithAnotherBranchDoesNotMatch() {
        f.layer.onRequest(request(invite("z9hG4bKc2", TransportProtocol.UDP)), UDP_FLOW);
        f.layer.onRequest(request(cancelFor(invite("z9hG4bKc3", TransportProtocol.UDP))), UDP_FLOW);
        assertThat(f.user.cancels.get(0)[1]).isNull();
    }

    @Test
    void rfc2543InviteIsMatchedByItsFieldsForRetransmissionAckAndCancel() throws Exception {
        byte[] inv = rfc4475("inv2543.dat");
        SipRequest first = request(inv);
        assertThat(TransactionKey.forServer(first)).isInstanceOf(TransactionKey.Legacy.class);

        f.layer.onRequest(first, UDP_FLOW);
        f.layer.onRequest(request(inv), UDP_FLOW);
        assertThat(f.user.requests).hasSize(1);
        assertThat(f.transport.responses()).extracting(CancelAndLegacyMatchingTest::status).containsExactly(100, 100);

        // CANCEL, RFC 2543 style: same Request-URI, Via, From, To, Call-ID, CSeq number
        byte[] cancel = CancelBuilder.forInvite(first).toBytes();
        f.layer.onRequest(request(cancel), UDP_FLOW);
        assertThat(f.user.cancels.get(0)[1]).isSameAs(f.user.requests.get(0));

        SipResponse terminated = (SipResponse) f.transport.responses().get(3).parsed();
        assertThat(terminated.status()).isEqualTo(487);
        String toTag = terminated.to().tag();
        assertThat(toTag).isNotNull();

        // its ACK carries our To tag (the INVITE had none) and no branch
        byte[] ack = MessageBuilder.request("ACK", first.requestUriText())
                .header(HeaderName.VIA, first.header(HeaderName.VIA))
                .header(HeaderName.FROM, first.header(HeaderName.FROM))
                .header(HeaderName.TO, first.header(HeaderName.TO) + ";tag=" + toTag)
                .header(HeaderName.CALL_ID, first.callId())
                .header(HeaderName.CSEQ, "56 ACK")
                .toBytes();
        f.layer.onRequest(request(ack), UDP_FLOW);
        assertThat(f.user.strayAcks).isEmpty();
        assertThat(f.user.requests.get(0).state()).isEqualTo(TransactionState.CONFIRMED);
    }

    @Test
    void rfc2543AckWithAnotherCSeqDoesNotMatch() throws Exception {
        SipRequest first = request(rfc4475("inv2543.dat"));
        f.layer.onRequest(first, UDP_FLOW);
        f.user.requests.get(0).sendResponse(486, "Busy Here");
        byte[] ack = MessageBuilder.request("ACK", first.requestUriText())
                .header(HeaderName.VIA, first.header(HeaderName.VIA))
                .header(HeaderName.FROM, first.header(HeaderName.FROM))
                .header(HeaderName.TO, first.header(HeaderName.TO) + ";tag=x")
                .header(HeaderName.CALL_ID, first.callId())
                .header(HeaderName.CSEQ, "57 ACK")
                .toBytes();
        f.layer.onRequest(request(ack), UDP_FLOW);
        assertThat(f.user.strayAcks).hasSize(1);
        assertThat(f.user.requests.get(0).state()).isEqualTo(TransactionState.COMPLETED);
    }

    @Test
    void bareCookieBranchFallsBackToRfc2543Matching() throws Exception {
        byte[] options = rfc4475("badbranch.dat");
        SipRequest first = request(options);
        assertThat(first.topVia().hasRfc3261Branch()).isFalse();
        assertThat(TransactionKey.forServer(first)).isInstanceOf(TransactionKey.Legacy.class);

        f.layer.onRequest(first, UDP_FLOW);
        f.user.requests.get(0).sendResponse(200, "OK");
        f.layer.onRequest(request(options), UDP_FLOW);
        assertThat(f.user.requests).hasSize(1);
        assertThat(f.transport.responses()).hasSize(2);
        assertThat(f.transport.responses().get(1).bytes()).isEqualTo(f.transport.responses().get(0).bytes());

        // another CSeq is another transaction
        byte[] next = new String(options, StandardCharsets.ISO_8859_1).replace("CSeq: 8", "CSeq: 9")
                .getBytes(StandardCharsets.ISO_8859_1);
        f.layer.onRequest(request(next), UDP_FLOW);
        assertThat(f.user.requests).hasSize(2);
        f.clock.advanceTo(Duration.ofSeconds(40));
    }

    @Test
    void aProxyCanTakeOverCancelHandling() {
        TxFixtures g = new TxFixtures(new RecordingUser().recordCancelsOnly());
        byte[] invite = invite("z9hG4bKc9", TransportProtocol.UDP);
        g.layer.onRequest(request(invite), UDP_FLOW);
        g.layer.onRequest(request(cancelFor(invite)), UDP_FLOW);
        assertThat(g.user.cancels).hasSize(1);
        assertThat(g.transport.responses()).extracting(CancelAndLegacyMatchingTest::status).containsExactly(100);
        assertThat(g.user.requests.get(0).state()).isEqualTo(TransactionState.PROCEEDING);
    }
}
