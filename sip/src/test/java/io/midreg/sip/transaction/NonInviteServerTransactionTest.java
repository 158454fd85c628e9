package io.midreg.sip.transaction;

import static io.midreg.sip.transaction.TxFixtures.TCP_FLOW;
import static io.midreg.sip.transaction.TxFixtures.UDP_FLOW;
import static io.midreg.sip.transaction.TxFixtures.register;
import static io.midreg.sip.transaction.TxFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.TransportProtocol;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class NonInviteServerTransactionTest {
    private final TxFixtures f = new TxFixtures();
    private final byte[] registerBytes = register("z9hG4bKreg1", TransportProtocol.UDP);

    @Test
    void retransmittedRegisterReachesTheApplicationOnceAndGetsTheSameResponseBytes() {
        f.layer.onRequest(request(registerBytes), UDP_FLOW);
        assertThat(f.user.requests).hasSize(1);
        ServerTransaction tx = f.user.requests.get(0);
        assertThat(tx.state()).isEqualTo(TransactionState.TRYING);
        tx.sendResponse(tx.newResponse(200, "OK").header("Contact", "<sip:alice@192.0.2.10:5062>;expires=3600").toBytes());
        assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);

        f.clock.advanceTo(Duration.ofMillis(500));
        f.layer.onRequest(request(registerBytes), UDP_FLOW);
        f.clock.advanceTo(Duration.ofMillis(1500));
        f.layer.onRequest(request(registerBytes), UDP_FLOW);

        assertThat(f.user.requests).hasSize(1);
        assertThat(f.transport.responses()).hasSize(3);
        byte[] first = f.transport.responses().get(0).bytes();
        assertThat(f.transport.responses()).allSatisfy(s -> {
            assertThat(s.bytes()).isEqualTo(first);
            assertThat(s.flow()).isEqualTo(UDP_FLOW);
        });
        SipResponse ok = (SipResponse) f.transport.responses().get(0).parsed();
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.to().tag()).isNotBlank();
        assertThat(f.layer.stats().snapshot()).isEqualTo(new TransactionStats.Snapshot(1, 0, 2, 2, 0));
    }

    @Test
    void retransmissionWhileTryingGetsNothingAndWhileProceedingTheLastProvisional() {
        f.layer.onRequest(request(registerBytes), UDP_FLOW);
        f.layer.onRequest(request(registerBytes), UDP_FLOW);
        assertThat(f.transport.responses()).isEmpty();
        assertThat(f.user.requests).hasSize(1);

        ServerTransaction tx = f.user.requests.get(0);
        tx.sendResponse(100, "Trying");
        assertThat(tx.state()).isEqualTo(TransactionState.PROCEEDING);
        f.layer.onRequest(request(registerBytes), UDP_FLOW);
        assertThat(f.transport.responses()).hasSize(2);
        assertThat(f.transport.responses().get(1).bytes()).isEqualTo(f.transport.responses().get(0).bytes());
        assertThat(f.user.requests).hasSize(1);
    }

    @Test
    void transactionIsGoneAfterTimerJAndACopyAfterThatIsNew() {
        f.layer.onRequest(request(registerBytes), UDP_FLOW);
        f.user.requests.get(0).sendResponse(200, "OK");
        assertThat(f.layer.serverTransactionCount()).isEqualTo(1);
        assertThat(f.clock.pending()).isEqualTo(1); // timer J only

        f.clock.advanceTo(Duration.ofMillis(31_999));
        assertThat(f.layer.serverTransactionCount()).isEqualTo(1);
        f.clock.advanceTo(Duration.ofSeconds(32));
        assertThat(f.layer.serverTransactionCount()).isZero();
        assertThat(f.user.requests.get(0).state()).isEqualTo(TransactionState.TERMINATED);

        f.layer.onRequest(request(registerBytes), UDP_FLOW);
        assertThat(f.user.requests).hasSize(2);
    }

    @Test
    void aFinalSentAndForgottenLeavesNoStateAndTheNextCopyIsANewRequest() {
        f.layer.onRequest(request(registerBytes), UDP_FLOW);
        ServerTransaction tx = f.user.requests.get(0);
        tx.sendFinalAndForget(tx.newResponse(200, "OK").toBytes());

        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(f.layer.serverTransactionCount()).isZero();
        assertThat(f.clock.pending()).isZero(); // no timer J
        assertThat(f.transport.responses()).hasSize(1);
        assertThat(((SipResponse) f.transport.responses().get(0).parsed()).status()).isEqualTo(200);

        f.layer.onRequest(request(registerBytes), UDP_FLOW);
        assertThat(f.user.requests).hasSize(2); // the application answers it again, from its own state
        assertThatThrownBy(() -> tx.sendFinalAndForget(tx.newResponse(200, "OK").toBytes())).isInstanceOf(IllegalStateException.class);
        ServerTransaction second = f.user.requests.get(1);
        assertThatThrownBy(() -> second.sendFinalAndForget(second.newResponse(100, "Trying").toBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        second.sendFinalAndForget(second.newResponse(200, "OK")); // the builder form: written straight out
        assertThat(f.transport.responses()).hasSize(2);
        assertThat(((SipResponse) f.transport.responses().get(1).parsed()).status()).isEqualTo(200);
        assertThat(f.layer.serverTransactionCount()).isZero();
        assertThat(f.clock.pending()).isZero();
    }

    @Test
    void overTcpTheTransactionEndsWithTheFinalResponse() {
        f.layer.onRequest(request(register("z9hG4bKreg2", TransportProtocol.TCP)), TCP_FLOW);
        ServerTransaction tx = f.user.requests.get(0);
        tx.sendResponse(200, "OK");
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        assertThat(f.layer.serverTransactionCount()).isZero();
        assertThat(f.clock.pending()).isZero();
    }

    @Test
    void aSecondFinalResponseIsRefused() {
        f.layer.onRequest(request(registerBytes), UDP_FLOW);
        ServerTransaction tx = f.user.requests.get(0);
        tx.sendResponse(401, "Unauthorized");
        assertThatThrownBy(() -> tx.sendResponse(200, "OK")).isInstanceOf(IllegalStateException.class);
        assertThat(f.transport.responses()).hasSize(1);
    }

    @Test
    void provisionalsAndFinalShareOneToTag() {
        f.layer.onRequest(request(registerBytes), UDP_FLOW);
        ServerTransaction tx = f.user.requests.get(0);
        tx.sendResponse(183, "Progress");
        tx.sendResponse(200, "OK");
        String t1 = ((SipResponse) f.transport.responses().get(0).parsed()).to().tag();
        String t2 = ((SipResponse) f.transport.responses().get(1).parsed()).to().tag();
        assertThat(t1).isNotNull().isEqualTo(t2);
    }

    @Test
    void anApplicationThatThrowsProducesA500() {
        TxFixtures g = new TxFixtures(new RecordingUser().answering(tx -> {
            throw new IllegalStateException("boom");
        }));
        g.layer.onRequest(request(registerBytes), UDP_FLOW);
        assertThat(((SipResponse) g.transport.responses().get(0).parsed()).status()).isEqualTo(500);
    }

    @Test
    void anApplicationAnsweringInlineIsReplayedToo() {
        TxFixtures g = new TxFixtures(new RecordingUser().answering(tx -> tx.sendResponse(200, "OK")));
        g.layer.onRequest(request(registerBytes), UDP_FLOW);
        g.layer.onRequest(request(registerBytes), UDP_FLOW);
        assertThat(g.user.requests).hasSize(1);
        assertThat(g.transport.responses()).hasSize(2);
        assertThat(g.transport.responses().get(1).bytes()).isEqualTo(g.transport.responses().get(0).bytes());
    }
}
