package io.midreg.sip.transaction;

import static io.midreg.sip.transaction.TxFixtures.PEER;
import static io.midreg.sip.transaction.TxFixtures.UDP_FLOW;
import static io.midreg.sip.transaction.TxFixtures.invite;
import static io.midreg.sip.transaction.TxFixtures.request;
import static io.midreg.sip.transaction.TxFixtures.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.SipRequest;
import io.midreg.sip.transport.TransportProtocol;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class InviteClientTransactionTest {
    private final TxFixtures f = new TxFixtures();
    private final RecordingListener listener = new RecordingListener();

    private ClientTransaction send(TransportProtocol p) {
        return f.layer.sendRequest(request(invite("z9hG4bKict1", p)), null, p, PEER, listener);
    }

    @Test
    void udpRetransmitsOnTimerADoublingWithoutCapAndTimesOutOnTimerB() {
        ClientTransaction tx = send(TransportProtocol.UDP);
        f.clock.advanceTo(Duration.ofMillis(31_999));
        assertThat(listener.timeouts).isZero();
        f.clock.advanceTo(Duration.ofSeconds(32));
        assertThat(f.transport.requestTimes()).containsExactly(0.0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5);
        assertThat(listener.timeouts).isEqualTo(1);
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(f.layer.stats().timeouts()).isEqualTo(1);
    }

    @Test
    void tcpSendsOnceAndTimesOutOnTimerB() {
        send(TransportProtocol.TCP);
        f.clock.advanceTo(Duration.ofSeconds(40));
        assertThat(f.transport.requestTimes()).containsExactly(0.0);
        assertThat(listener.timeouts).isEqualTo(1);
    }

    @Test
    void provisionalStopsRetransmissionsAndTimerB() {
        ClientTransaction tx = send(TransportProtocol.UDP);
        f.clock.advanceTo(Duration.ofMillis(700));
        f.layer.onResponse(response(tx.request(), 180, "callee"), UDP_FLOW);
        f.clock.advanceTo(Duration.ofSeconds(100));
        assertThat(f.transport.requestTimes()).containsExactly(0.0, 0.5);
        assertThat(tx.state()).isEqualTo(TransactionState.PROCEEDING);
        assertThat(listener.timeouts).isZero();
        assertThat(listener.statuses()).containsExactly(180);
    }

    @Test
    void non2xxFinalIsAcknowledgedByTheTransactionAndPassedUpOnce() {
        ClientTransaction tx = send(TransportProtocol.UDP);
        f.layer.onResponse(response(tx.request(), 180, "callee"), UDP_FLOW);
        f.clock.advanceTo(Duration.ofSeconds(1));
        f.layer.onResponse(response(tx.request(), 486, "callee"), UDP_FLOW);

        assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);
        assertThat(f.transport.requests()).hasSize(2);
        RecordingTransport.Sent ackSent = f.transport.requests().get(1);
        SipRequest ack = (SipRequest) ackSent.parsed();
        assertThat(ack.method()).isEqualTo("ACK");
        assertThat(ack.requestUriText()).isEqualTo(tx.request().requestUriText());
        assertThat(ack.vias()).hasSize(1);
        assertThat(ack.topVia().branch()).isEqualTo("z9hG4bKict1");
        assertThat(ack.to().tag()).isEqualTo("callee");
        assertThat(ack.from().tag()).isEqualTo("f1");
        assertThat(ack.callId()).isEqualTo(tx.request().callId());
        assertThat(ack.cseq().number()).isEqualTo(1);
        assertThat(ack.cseq().method()).isEqualTo("ACK");
        assertThat(ack.routes()).hasSize(1);
        assertThat(ackSent.flow()).isEqualTo(f.transport.requests().get(0).flow());

        // the final retransmitted: ACK again, not passed up again
        f.layer.onResponse(response(tx.request(), 486, "callee"), UDP_FLOW);
        assertThat(f.transport.requests()).hasSize(3);
        assertThat(f.transport.requests().get(2).bytes()).isEqualTo(ackSent.bytes());
        assertThat(listener.statuses()).containsExactly(180, 486);

        f.clock.advanceTo(Duration.ofMillis(32_999));
        assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);
        f.clock.advanceTo(Duration.ofSeconds(33)); // timer D = 32 s after the final
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(listener.timeouts).isZero();
        assertThat(f.clock.pending()).isZero();
    }

    @Test
    void non2xxOverTcpIsAcknowledgedAndTerminatesAtOnce() {
        ClientTransaction tx = send(TransportProtocol.TCP);
        f.layer.onResponse(response(tx.request(), 603, "callee"), TxFixtures.TCP_FLOW);
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(((SipRequest) f.transport.requests().get(1).parsed()).method()).isEqualTo("ACK");
    }

    /** RFC 6026: a 2xx moves the transaction to Accepted instead of ending it. */
    @Test
    void a2xxIsPassedUpOnceAndMovesToAcceptedWithoutAnAckFromTheTransaction() {
        ClientTransaction tx = send(TransportProtocol.UDP);
        SipRequest sent = tx.request();
        f.layer.onResponse(response(sent, 180, "callee"), UDP_FLOW);
        f.layer.onResponse(response(sent, 200, "callee"), UDP_FLOW);
        assertThat(tx.state()).isEqualTo(TransactionState.ACCEPTED);
        assertThat(listener.statuses()).containsExactly(180, 200);
        assertThat(listener.later2xx).isEmpty();
        f.clock.advanceTo(Duration.ofSeconds(20));
        assertThat(f.transport.requests()).hasSize(1); // no ACK for a 2xx, no INVITE retransmission
        assertThat(tx.request()).isNull(); // released: nothing is re-sent, ACKed or CANCELled now
        assertThat(f.layer.cancel(tx, new RecordingListener())).isCompletedExceptionally();
        assertThat(f.transport.requests()).hasSize(1);
    }

    /**
     * RFC 6026 (Figure 5 as updated): while Accepted, every further 2xx goes up — the callee's
     * retransmissions and the 2xx of another fork downstream — instead of being a stray a proxy
     * would drop; anything else is absorbed.
     */
    @Test
    void whileAcceptedLater2xxGoUpAndOtherResponsesAreAbsorbed() {
        ClientTransaction tx = send(TransportProtocol.UDP);
        SipRequest sent = tx.request();
        f.layer.onResponse(response(sent, 200, "callee"), UDP_FLOW);

        f.layer.onResponse(response(sent, 200, "callee"), UDP_FLOW); // retransmission
        f.layer.onResponse(response(sent, 200, "otherFork"), UDP_FLOW); // another dialog
        f.layer.onResponse(response(sent, 180, "late"), UDP_FLOW);
        f.layer.onResponse(response(sent, 486, "late"), UDP_FLOW);

        assertThat(listener.statuses()).containsExactly(200);
        assertThat(listener.later2xx).extracting(r -> r.to().tag()).containsExactly("callee", "otherFork");
        assertThat(f.strays).isEmpty();
        assertThat(f.transport.requests()).hasSize(1); // the 486 got no ACK: the INVITE was answered
        assertThat(tx.state()).isEqualTo(TransactionState.ACCEPTED);
    }

    /** Timer M = 64*T1 ends Accepted; a 2xx after it matches nothing and is a stray. */
    @Test
    void timerMEndsAcceptedOnUdp() {
        ClientTransaction tx = send(TransportProtocol.UDP);
        SipRequest sent = tx.request();
        f.clock.advanceTo(Duration.ofSeconds(1));
        f.layer.onResponse(response(sent, 200, "callee"), UDP_FLOW);
        f.clock.advanceTo(Duration.ofMillis(32_999));
        assertThat(tx.state()).isEqualTo(TransactionState.ACCEPTED);
        f.clock.advanceTo(Duration.ofSeconds(33));
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(f.layer.clientTransactionCount()).isZero();
        assertThat(f.clock.pending()).isZero();

        f.layer.onResponse(response(sent, 200, "callee"), UDP_FLOW);
        assertThat(f.strays).hasSize(1);
        assertThat(listener.later2xx).isEmpty();
        assertThat(f.transport.requestTimes()).containsExactly(0.0, 0.5); // timer A stopped by the 2xx
    }

    /** Unlike timer D, timer M is not zero on a reliable transport: forked 2xx still come in. */
    @Test
    void timerMAppliesOnTcpToo() {
        ClientTransaction tx = send(TransportProtocol.TCP);
        SipRequest sent = tx.request();
        f.layer.onResponse(response(sent, 200, "callee"), TxFixtures.TCP_FLOW);
        f.clock.advanceTo(Duration.ofSeconds(31));
        f.layer.onResponse(response(sent, 200, "otherFork"), TxFixtures.TCP_FLOW);
        assertThat(listener.later2xx).hasSize(1);
        f.clock.advanceTo(Duration.ofSeconds(32));
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
    }

    @Test
    void cancelWaitsForAProvisionalThenGoesInItsOwnTransaction() {
        ClientTransaction tx = send(TransportProtocol.UDP);
        RecordingListener cancelListener = new RecordingListener();
        CompletableFuture<ClientTransaction> cancel = f.layer.cancel(tx, cancelListener);
        assertThat(cancel).isNotDone();
        assertThat(f.transport.requests()).hasSize(1);

        f.layer.onResponse(response(tx.request(), 180, "callee"), UDP_FLOW);
        assertThat(cancel).isCompleted();
        ClientTransaction cancelTx = cancel.join();
        SipRequest c = (SipRequest) f.transport.requests().get(1).parsed();
        assertThat(c.method()).isEqualTo("CANCEL");
        assertThat(c.requestUriText()).isEqualTo(tx.request().requestUriText());
        assertThat(c.topVia().branch()).isEqualTo("z9hG4bKict1");
        assertThat(c.vias()).hasSize(1);
        assertThat(c.cseq().number()).isEqualTo(1);
        assertThat(c.cseq().method()).isEqualTo("CANCEL");
        assertThat(c.to().tag()).isNull();
        assertThat(c.header(io.midreg.sip.message.HeaderName.FROM)).isEqualTo(tx.request().header(io.midreg.sip.message.HeaderName.FROM));
        assertThat(c.routes()).hasSize(1);

        // 200 to the CANCEL goes to the CANCEL transaction, 487 to the INVITE one
        f.layer.onResponse(response(cancelTx.request(), 200, "callee"), UDP_FLOW);
        f.layer.onResponse(response(tx.request(), 487, "callee"), UDP_FLOW);
        assertThat(cancelListener.statuses()).containsExactly(200);
        assertThat(listener.statuses()).containsExactly(180, 487);
        assertThat(((SipRequest) f.transport.requests().get(2).parsed()).method()).isEqualTo("ACK");
    }

    @Test
    void cancelFailsWhenTheInviteEndsBeforeAnyProvisional() {
        ClientTransaction tx = send(TransportProtocol.UDP);
        CompletableFuture<ClientTransaction> cancel = f.layer.cancel(tx, new RecordingListener());
        f.layer.onResponse(response(tx.request(), 200, "callee"), UDP_FLOW);
        assertThat(cancel).isCompletedExceptionally();
        assertThat(f.transport.requests()).hasSize(1);
    }

    /** RFC 3261 §9.1: a callee that ignores the CANCEL is given up 64*T1 after it, and the transaction is destroyed. */
    @Test
    void anInviteStillUnansweredSixtyFourT1AfterItsCancelEndsAsCancelled() {
        ClientTransaction tx = send(TransportProtocol.UDP);
        f.layer.onResponse(response(tx.request(), 180, "callee"), UDP_FLOW);
        f.clock.advanceTo(Duration.ofSeconds(10));
        assertThat(f.layer.cancel(tx, new RecordingListener())).isCompleted();
        f.clock.advanceTo(Duration.ofMillis(41_999));
        assertThat(tx.state()).isEqualTo(TransactionState.PROCEEDING);
        assertThat(listener.cancelledWithoutAnswer).isZero();
        f.clock.advanceTo(Duration.ofSeconds(42));
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(listener.cancelledWithoutAnswer).isEqualTo(1);
        assertThat(listener.timeouts).isZero();
        assertThat(f.layer.clientTransactionCount()).as("the INVITE destroyed; the CANCEL's own timed out long before").isZero();
        f.layer.onResponse(response(tx.request(), 487, "callee"), UDP_FLOW); // too late: a stray, not delivered
        assertThat(listener.statuses()).containsExactly(180);
    }

    @Test
    void aFinalAnswerAfterTheCancelStopsTheGuard() {
        ClientTransaction tx = send(TransportProtocol.UDP);
        f.layer.onResponse(response(tx.request(), 180, "callee"), UDP_FLOW);
        f.layer.cancel(tx, new RecordingListener());
        f.layer.onResponse(response(tx.request(), 487, "callee"), UDP_FLOW);
        f.clock.advanceTo(Duration.ofSeconds(100));
        assertThat(listener.statuses()).containsExactly(180, 487);
        assertThat(listener.cancelledWithoutAnswer).isZero();
    }

    /** §17.1.4: the device's connection closing is a transport failure of what is pinned to it, not a wait for timer C. */
    @Test
    void aRingingInvitePinnedToAConnectionEndsWithFlowClosedWhenTheConnectionCloses() {
        ClientTransaction tx = f.layer.sendRequest(request(invite("z9hG4bKpinned", TransportProtocol.TCP)), TxFixtures.TCP_FLOW,
                TransportProtocol.TCP, PEER, listener);
        ClientTransaction other = f.layer.sendRequest(request(invite("z9hG4bKunpinned", TransportProtocol.TCP)), null,
                TransportProtocol.TCP, PEER, new RecordingListener());
        f.layer.onResponse(response(tx.request(), 180, "callee"), TxFixtures.TCP_FLOW);
        f.layer.onFlowClosed(new io.midreg.sip.transport.Flow(TransportProtocol.TCP, TxFixtures.LOCAL, PEER, 41)); // another connection
        assertThat(tx.state()).isEqualTo(TransactionState.PROCEEDING);
        f.layer.onFlowClosed(TxFixtures.TCP_FLOW);
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(listener.transportErrors).singleElement().isInstanceOf(io.midreg.sip.transport.FlowClosedException.class);
        assertThat(other.state()).as("not pinned: the transport chose its connection").isEqualTo(TransactionState.CALLING);
        assertThat(f.layer.pinnedConnections()).isZero();
    }

    @Test
    void aPinnedTransactionThatEndedLeavesNothingInTheIndex() {
        ClientTransaction tx = f.layer.sendRequest(request(invite("z9hG4bKpinned2", TransportProtocol.TCP)), TxFixtures.TCP_FLOW,
                TransportProtocol.TCP, PEER, listener);
        assertThat(f.layer.pinnedConnections()).isEqualTo(1);
        f.layer.onResponse(response(tx.request(), 486, "callee"), TxFixtures.TCP_FLOW);
        assertThat(f.layer.pinnedConnections()).isZero();
    }
}
