package io.midreg.sip.transaction;

import static io.midreg.sip.transaction.TxFixtures.PEER;
import static io.midreg.sip.transaction.TxFixtures.register;
import static io.midreg.sip.transaction.TxFixtures.request;
import static io.midreg.sip.transaction.TxFixtures.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.SipRequest;
import io.midreg.sip.transport.TransportProtocol;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class NonInviteClientTransactionTest {
    private final TxFixtures f = new TxFixtures();
    private final RecordingListener listener = new RecordingListener();

    private ClientTransaction send(TransportProtocol p) {
        SipRequest reg = request(register("z9hG4bKnict1", p));
        return f.layer.sendRequest(reg, null, p, PEER, listener);
    }

    @Test
    void udpRetransmitsOnTimerEDoublingToT2AndTimesOutOnTimerF() {
        ClientTransaction tx = send(TransportProtocol.UDP);
        f.clock.advanceTo(Duration.ofMillis(31_999));
        assertThat(listener.timeouts).isZero();
        assertThat(tx.state()).isEqualTo(TransactionState.TRYING);

        f.clock.advanceTo(Duration.ofSeconds(40));
        assertThat(f.transport.requestTimes())
                .containsExactly(0.0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5);
        assertThat(f.transport.requests()).allSatisfy(s -> assertThat(s.bytes()).isEqualTo(f.transport.requests().get(0).bytes()));
        assertThat(listener.timeouts).isEqualTo(1);
        assertThat(listener.responses).isEmpty();
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(f.layer.clientTransactionCount()).isZero();
        assertThat(f.layer.stats().snapshot())
                .isEqualTo(new TransactionStats.Snapshot(0, 1, 0, 10, 1));
        assertThat(f.clock.pending()).isZero();
    }

    @Test
    void timeoutFiresExactlyAtTimerF() {
        send(TransportProtocol.UDP);
        f.clock.advanceTo(Duration.ofSeconds(32));
        assertThat(listener.timeouts).isEqualTo(1);
    }

    @Test
    void tcpDoesNotRetransmitAndTimesOutOnTimerF() {
        ClientTransaction tx = send(TransportProtocol.TCP);
        f.clock.advanceTo(Duration.ofMillis(31_999));
        assertThat(listener.timeouts).isZero();
        f.clock.advanceTo(Duration.ofSeconds(32));
        assertThat(f.transport.requestTimes()).containsExactly(0.0);
        assertThat(listener.timeouts).isEqualTo(1);
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
    }

    @Test
    void provisionalMovesToProceedingWhereTimerEContinuesAtT2() {
        ClientTransaction tx = send(TransportProtocol.UDP);
        f.clock.advanceTo(Duration.ofMillis(1000));
        f.layer.onResponse(response(tx.request(), 100, null), TxFixtures.UDP_FLOW);
        assertThat(tx.state()).isEqualTo(TransactionState.PROCEEDING);

        f.clock.advanceTo(Duration.ofMillis(10_000));
        assertThat(f.transport.requestTimes()).containsExactly(0.0, 0.5, 1.5, 5.5, 9.5);
        assertThat(listener.statuses()).containsExactly(100);
    }

    @Test
    void finalResponseCompletesAbsorbsRetransmissionsAndTerminatesAfterTimerK() {
        ClientTransaction tx = send(TransportProtocol.UDP);
        io.midreg.sip.message.SipRequest sent = tx.request();
        f.clock.advanceTo(Duration.ofMillis(600));
        f.layer.onResponse(response(sent, 200, "t9"), TxFixtures.UDP_FLOW);
        assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);
        assertThat(tx.request()).as("a completed transaction lets go of its request").isNull();

        f.clock.advanceTo(Duration.ofSeconds(2));
        f.layer.onResponse(response(sent, 200, "t9"), TxFixtures.UDP_FLOW);
        assertThat(listener.statuses()).containsExactly(200);
        assertThat(f.strays).isEmpty();
        assertThat(f.transport.requestTimes()).containsExactly(0.0, 0.5);
        assertThat(f.layer.stats().retransmissionsReceived()).isEqualTo(1);

        f.clock.advanceTo(Duration.ofMillis(5_599));
        assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);
        f.clock.advanceTo(Duration.ofMillis(5_600)); // K = T4 after the final
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(f.layer.clientTransactionCount()).isZero();

        f.clock.advanceTo(Duration.ofSeconds(60));
        assertThat(listener.timeouts).isZero();
        assertThat(f.clock.pending()).isZero();
    }

    @Test
    void finalResponseOverTcpTerminatesAtOnce() {
        ClientTransaction tx = send(TransportProtocol.TCP);
        f.layer.onResponse(response(tx.request(), 401, "t9"), TxFixtures.TCP_FLOW);
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(listener.statuses()).containsExactly(401);
        assertThat(f.clock.pending()).isZero();
    }

    @Test
    void responseWithAnotherBranchOrAnotherCSeqMethodDoesNotMatch() {
        ClientTransaction tx = send(TransportProtocol.UDP);
        SipRequest otherBranch = request(register("z9hG4bKother", TransportProtocol.UDP));
        f.layer.onResponse(response(otherBranch, 200, "a"), TxFixtures.UDP_FLOW);

        byte[] options = new String(register("z9hG4bKnict1", TransportProtocol.UDP), java.nio.charset.StandardCharsets.US_ASCII)
                .replace("REGISTER", "OPTIONS").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        f.layer.onResponse(response(request(options), 200, "b"), TxFixtures.UDP_FLOW);

        assertThat(f.strays).hasSize(2);
        assertThat(listener.responses).isEmpty();
        assertThat(tx.state()).isEqualTo(TransactionState.TRYING);
    }

    @Test
    void transportErrorIsReportedOnceAndEndsTheTransaction() {
        f.transport.failRequests(new IllegalStateException("no route"));
        ClientTransaction tx = send(TransportProtocol.UDP);
        assertThat(listener.transportErrors).hasSize(1);
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        f.clock.advanceTo(Duration.ofSeconds(40));
        assertThat(listener.timeouts).isZero();
        assertThat(f.clock.pending()).isZero();
    }

    @Test
    void theSameBranchCannotStartTwoTransactions() {
        send(TransportProtocol.UDP);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> send(TransportProtocol.UDP))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void requestsWithoutCookieBranchOrAcksAreRefused() {
        SipRequest noCookie = request(register("old-branch", TransportProtocol.UDP));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> f.layer.sendRequest(noCookie, null, TransportProtocol.UDP, PEER, listener))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] ackBytes = new String(register("z9hG4bKack", TransportProtocol.UDP), java.nio.charset.StandardCharsets.US_ASCII)
                .replace("REGISTER", "ACK").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> f.layer.sendRequest(request(ackBytes), null, TransportProtocol.UDP, PEER, listener))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(f.transport.requests()).isEmpty();
    }

    @Test
    void withTopViaAddsAFreshCookieBranch() {
        SipRequest reg = request(register("z9hG4bKinner", TransportProtocol.UDP));
        SipRequest out = f.layer.withTopVia(reg, TransportProtocol.UDP, "198.51.100.1:5060");
        assertThat(out.vias()).hasSize(2);
        assertThat(out.topVia().hasRfc3261Branch()).isTrue();
        assertThat(out.topVia().sentBy()).isEqualTo("198.51.100.1:5060");
        assertThat(out.topVia().hasRport()).isTrue();
        ClientTransaction tx = f.layer.sendRequest(out, null, TransportProtocol.UDP, PEER, listener);
        assertThat(tx.key()).isEqualTo(new TransactionKey.Client(out.topVia().branch(), "REGISTER"));
    }
}
