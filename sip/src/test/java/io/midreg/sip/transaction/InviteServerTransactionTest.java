package io.midreg.sip.transaction;

import static io.midreg.sip.transaction.TxFixtures.TCP_FLOW;
import static io.midreg.sip.transaction.TxFixtures.UDP_FLOW;
import static io.midreg.sip.transaction.TxFixtures.invite;
import static io.midreg.sip.transaction.TxFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.MessageBuilder;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.TransportProtocol;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class InviteServerTransactionTest {
    private final TxFixtures f = new TxFixtures();
    private final byte[] inviteBytes = invite("z9hG4bKist1", TransportProtocol.UDP);

    /** The ACK a UAC sends for a non-2xx (RFC 3261 §17.1.1.3): same branch, To from the response. */
    static byte[] ackFor(String branch, String toTag, TransportProtocol p) {
        return MessageBuilder.request("ACK", "sip:bob@example.com")
                .header(HeaderName.VIA, "SIP/2.0/" + p.viaToken() + " 192.0.2.10:5062;branch=" + branch)
                .header(HeaderName.MAX_FORWARDS, 70)
                .header(HeaderName.FROM, "<sip:alice@example.com>;tag=f1")
                .header(HeaderName.TO, "<sip:bob@example.com>;tag=" + toTag)
                .header(HeaderName.CALL_ID, "call-1@192.0.2.10")
                .header(HeaderName.CSEQ, "1 ACK")
                .toBytes();
    }

    private ServerTransaction receiveInvite() {
        f.layer.onRequest(request(inviteBytes), UDP_FLOW);
        assertThat(f.user.requests).hasSize(1);
        return f.user.requests.get(0);
    }

    private static int status(RecordingTransport.Sent s) {
        return ((SipResponse) s.parsed()).status();
    }

    @Test
    void trying100IsSentAtOnceAndReplayedToRetransmissions() {
        ServerTransaction tx = receiveInvite();
        assertThat(tx.state()).isEqualTo(TransactionState.PROCEEDING);
        assertThat(f.transport.responses()).hasSize(1);
        SipResponse trying = (SipResponse) f.transport.responses().get(0).parsed();
        assertThat(trying.status()).isEqualTo(100);
        assertThat(trying.to().tag()).isNull();

        tx.sendResponse(180, "Ringing");
        f.layer.onRequest(request(inviteBytes), UDP_FLOW);
        assertThat(f.user.requests).hasSize(1);
        assertThat(f.transport.responses()).extracting(InviteServerTransactionTest::status).containsExactly(100, 180, 180);
    }

    @Test
    void non2xxFinalIsRetransmittedOnTimerGUntilTheAckWhichIsAbsorbed() {
        ServerTransaction tx = receiveInvite();
        tx.sendResponse(486, "Busy Here");
        assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);
        String toTag = ((SipResponse) f.transport.responses().get(1).parsed()).to().tag();

        f.clock.advanceTo(Duration.ofMillis(12_000));
        // G: T1 doubling, capped at T2
        assertThat(f.transport.responseTimes()).containsExactly(0.0, 0.0, 0.5, 1.5, 3.5, 7.5, 11.5);
        assertThat(f.transport.responses().subList(1, 7))
                .allSatisfy(s -> assertThat(s.bytes()).isEqualTo(f.transport.responses().get(1).bytes()));

        f.layer.onRequest(request(ackFor("z9hG4bKist1", toTag, TransportProtocol.UDP)), UDP_FLOW);
        assertThat(tx.state()).isEqualTo(TransactionState.CONFIRMED);
        assertThat(f.user.strayAcks).isEmpty();
        assertThat(f.user.requests).hasSize(1);

        // ACK retransmission absorbed; no more 486
        f.layer.onRequest(request(ackFor("z9hG4bKist1", toTag, TransportProtocol.UDP)), UDP_FLOW);
        f.clock.advanceTo(Duration.ofMillis(16_999)); // I = T4 after the ACK
        assertThat(tx.state()).isEqualTo(TransactionState.CONFIRMED);
        f.clock.advanceTo(Duration.ofSeconds(17));
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(f.transport.responses()).hasSize(7);
        assertThat(f.user.strayAcks).isEmpty();
        assertThat(f.user.timeouts).isEmpty();
        assertThat(f.layer.serverTransactionCount()).isZero();
        assertThat(f.clock.pending()).isZero();
    }

    @Test
    void noAckMeansATimeoutOnTimerH() {
        ServerTransaction tx = receiveInvite();
        tx.sendResponse(486, "Busy Here");
        f.clock.advanceTo(Duration.ofMillis(31_999));
        assertThat(f.user.timeouts).isEmpty();
        f.clock.advanceTo(Duration.ofSeconds(32));
        assertThat(f.user.timeouts).containsExactly(tx);
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        // 100, 486, then G at 0.5 1.5 3.5 7.5 11.5 15.5 19.5 23.5 27.5 31.5
        assertThat(f.transport.responses()).hasSize(12);
        assertThat(f.layer.stats().timeouts()).isEqualTo(1);
        assertThat(f.clock.pending()).isZero();
    }

    @Test
    void overTcpTheFinalIsNotRetransmittedAndTheAckEndsTheTransaction() {
        f.layer.onRequest(request(invite("z9hG4bKist2", TransportProtocol.TCP)), TCP_FLOW);
        ServerTransaction tx = f.user.requests.get(0);
        tx.sendResponse(603, "Decline");
        f.clock.advanceTo(Duration.ofSeconds(10));
        assertThat(f.transport.responses()).hasSize(2);
        String toTag = ((SipResponse) f.transport.responses().get(1).parsed()).to().tag();
        f.layer.onRequest(request(ackFor("z9hG4bKist2", toTag, TransportProtocol.TCP)), TCP_FLOW);
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(f.user.strayAcks).isEmpty();
    }

    @Test
    void a2xxMovesToAcceptedWhereRetransmissionsAreAbsorbedAndTheAckGoesUp() {
        ServerTransaction tx = receiveInvite();
        tx.sendResponse(200, "OK");
        assertThat(tx.state()).isEqualTo(TransactionState.ACCEPTED);
        f.layer.onRequest(request(inviteBytes), UDP_FLOW);
        assertThat(f.transport.responses()).hasSize(2); // 100, 200: the 2xx is not replayed by the transaction
        tx.sendResponse(200, "OK"); // the application retransmits its 2xx
        assertThat(f.transport.responses()).hasSize(3);

        String toTag = ((SipResponse) f.transport.responses().get(1).parsed()).to().tag();
        SipRequest ack = request(ackFor("z9hG4bKnewAckBranch", toTag, TransportProtocol.UDP));
        f.layer.onRequest(ack, UDP_FLOW);
        assertThat(f.user.strayAcks).hasSize(1);

        f.clock.advanceTo(Duration.ofSeconds(32)); // timer L
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(f.user.requests).hasSize(1);
        assertThat(f.clock.pending()).isZero();
    }

    /**
     * RFC 6026: a proxy forwards every 2xx of a fork, each with its own To tag, on one server
     * transaction; the transaction never re-sends any of them itself, and only a 2xx may follow.
     */
    @Test
    void whileAcceptedTheTuMaySendFurther2xxButNoOtherFinalAndNothingIsReplayedByTheTransaction() {
        ServerTransaction tx = receiveInvite();
        tx.sendResponse(tx.newResponse(200, "OK").toBytes());
        byte[] otherFork = io.midreg.sip.message.ResponseBuilder.of(tx.request(), 200, "OK").toTag("fork2").toBytes();
        tx.sendResponse(otherFork);
        assertThat(f.transport.responses()).hasSize(3);
        assertThat(((SipResponse) f.transport.responses().get(2).parsed()).to().tag()).isEqualTo("fork2");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tx.sendResponse(486, "Busy Here"))
                .isInstanceOf(IllegalStateException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tx.sendResponse(180, "Ringing"))
                .isInstanceOf(IllegalStateException.class);

        f.clock.advanceTo(Duration.ofSeconds(31));
        assertThat(f.transport.responses()).hasSize(3);
        assertThat(tx.state()).isEqualTo(TransactionState.ACCEPTED);
    }

    /** RFC 6026: an ACK that matches the transaction while Accepted goes up to the TU, it is not absorbed. */
    @Test
    void anAckMatchingTheTransactionWhileAcceptedGoesUp() {
        ServerTransaction tx = receiveInvite();
        tx.sendResponse(200, "OK");
        String toTag = ((SipResponse) f.transport.responses().get(1).parsed()).to().tag();
        f.layer.onRequest(request(ackFor("z9hG4bKist1", toTag, TransportProtocol.UDP)), UDP_FLOW);
        assertThat(f.user.strayAcks).hasSize(1);
        assertThat(tx.state()).isEqualTo(TransactionState.ACCEPTED);
    }

    /** Timer L = 64*T1 holds on TCP too: INVITE retransmissions from a UDP hop upstream still get absorbed. */
    @Test
    void timerLAppliesOverTcpAndAbsorbsTheInviteUntilThen() {
        byte[] tcpInvite = invite("z9hG4bKist3", TransportProtocol.TCP);
        f.layer.onRequest(request(tcpInvite), TCP_FLOW);
        ServerTransaction tx = f.user.requests.get(0);
        tx.sendResponse(200, "OK");
        f.clock.advanceTo(Duration.ofMillis(31_999));
        f.layer.onRequest(request(tcpInvite), TCP_FLOW);
        assertThat(f.user.requests).hasSize(1);
        assertThat(f.transport.responses()).hasSize(2);
        assertThat(tx.state()).isEqualTo(TransactionState.ACCEPTED);
        f.clock.advanceTo(Duration.ofSeconds(32));
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(f.layer.serverTransactionCount()).isZero();
    }

    @Test
    void anAckWithoutAnyTransactionIsStray() {
        f.layer.onRequest(request(ackFor("z9hG4bKnothing", "x", TransportProtocol.UDP)), UDP_FLOW);
        assertThat(f.user.strayAcks).hasSize(1);
        assertThat(f.layer.serverTransactionCount()).isZero();
        assertThat(f.layer.stats().serverCreated()).isZero();
    }
}
