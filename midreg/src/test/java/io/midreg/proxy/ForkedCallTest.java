package io.midreg.proxy;

import static io.midreg.proxy.ProxyFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.MessageBuilder;
import io.midreg.sip.message.ResponseBuilder;
import io.midreg.sip.message.SipMessage;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transaction.ServerTransaction;
import io.midreg.sip.transaction.ServerTransactionUser;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transaction.TimerScheduler;
import io.midreg.sip.transaction.TransactionLayer;
import io.midreg.sip.transaction.TransactionTransport;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.VirtualClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ForkedCall} over the real transaction layer on virtual time (no sockets), for the ends a
 * branch can come to without an answer from the device: a CANCELled branch that never answers
 * (RFC 3261 §9.1, §16.10: given up 64*T1 after the CANCEL, the caller gets 487), and a device
 * whose TCP connection closes while it rings (the caller gets 480 at once, not after timer C).
 */
@Timeout(20)
class ForkedCallTest {
    private static final InetSocketAddress ME = new InetSocketAddress("192.0.2.1", 5060);
    private static final InetSocketAddress PBX = new InetSocketAddress("203.0.113.5", 5060);
    private static final Flow PBX_FLOW = Flow.udp(ME, PBX);
    private static final InetSocketAddress DEVICE = new InetSocketAddress("198.18.0.7", 40_000);
    /** The device's own connection, as the registrar stored it. */
    private static final Flow DEVICE_FLOW = new Flow(TransportProtocol.TCP, ME, DEVICE, 17);
    private static final Duration TIMER_C = Duration.ofSeconds(180);

    record Sent(SipMessage message, InetSocketAddress to) {
    }

    private final VirtualClock clock = new VirtualClock();
    private final TimerScheduler timers = (task, delay) -> clock.schedule(task, delay)::cancel;
    private final List<Sent> sent = new ArrayList<>();
    private final CallStats stats = new CallStats();
    private final TransactionTransport transport = new TransactionTransport() {
        @Override
        public void sendResponse(Flow flow, byte[] response) {
            sent.add(new Sent(parse(response), flow.remote()));
        }

        @Override
        public CompletableFuture<Flow> sendRequest(byte[] request, Flow flowOrNull, TransportProtocol protocol, InetSocketAddress destination) {
            sent.add(new Sent(parse(request), destination));
            return CompletableFuture.completedFuture(flowOrNull != null ? flowOrNull : new Flow(protocol, ME, destination, 0));
        }
    };
    private ForkedCall call;
    private final ServerTransactionUser proxy = new ServerTransactionUser() {
        @Override
        public void onNewRequest(ServerTransaction tx) {
            SipRequest received = tx.request();
            call = new ForkedCall(tx, layer, timers, TIMER_C, true, ForkPlan.parallel(List.of(DEVICE_FLOW)), (flow, listener) -> {
                String branch = LoopDetection.branch(LoopDetection.loopKey(received), layer.branches().newTag());
                SipRequest copy = BranchRequests.build(received, RoutePreprocessing.apply(received, ProxyFixtures.LOCAL),
                        BranchTarget.to("sip:alice@198.18.0.7:40000;transport=tcp"), List.of(), BranchRequests.via(ProxyFixtures.TCP, branch));
                return layer.sendRequest(copy, flow, flow.protocol(), flow.remote(), listener);
            }, stats, () -> { });
            call.start();
        }

        @Override
        public void onCancel(ServerTransaction cancel, ServerTransaction invite) {
            cancel.sendResponse(200, "OK");
            call.cancelledByCaller();
        }
    };
    private final TransactionLayer layer = new TransactionLayer(transport, timers, TimerConfig.defaults(), proxy);

    @Test
    void aCancelledBranchThatNeverAnswersIsEndedSixtyFourT1AfterItsCancelAndTheCallerGets487() {
        SipRequest invite = pbx(ProxyFixtures.invite("sip:tok@192.0.2.1").toBytes());
        SipRequest toDevice = lastRequestTo("INVITE");
        device(toDevice, 180);
        clock.advanceTo(Duration.ofSeconds(2));
        pbx(cancelOf(invite));
        assertThat(lastRequestTo("CANCEL")).as("the CANCEL on the device's connection").isNotNull();
        assertThat(statusesToPbx()).containsExactly(100, 180, 200); // 200: the CANCEL's own

        clock.advanceTo(Duration.ofMillis(2_000 + 31_999)); // the device says nothing, not even 200 to the CANCEL
        assertThat(statusesToPbx()).containsExactly(100, 180, 200);
        clock.advanceTo(Duration.ofSeconds(34));
        assertThat(statusesToPbx()).as("64*T1 (32 s) after the CANCEL").containsExactly(100, 180, 200, 487);
        assertThat(stats.cancelledUnanswered.sum()).isEqualTo(1);
        assertThat(layer.clientTransactionCount()).as("the device's INVITE transaction destroyed (RFC 3261 §9.1)").isZero();
    }

    @Test
    void aCancelledBranchThatAnswers487IsNotCutShort() {
        SipRequest invite = pbx(ProxyFixtures.invite("sip:tok@192.0.2.1").toBytes());
        SipRequest toDevice = lastRequestTo("INVITE");
        device(toDevice, 180);
        pbx(cancelOf(invite));
        device(toDevice, 487);
        clock.advanceTo(Duration.ofSeconds(100));
        assertThat(statusesToPbx()).containsExactly(100, 180, 200, 487);
        assertThat(stats.cancelledUnanswered.sum()).isZero();
    }

    @Test
    void theDevicesConnectionClosingWhileItRingsEndsTheBranchAndTheCallerGets480AtOnce() {
        pbx(ProxyFixtures.invite("sip:tok@192.0.2.1").toBytes());
        device(lastRequestTo("INVITE"), 180);
        clock.advanceTo(Duration.ofSeconds(3));
        layer.onFlowClosed(DEVICE_FLOW);
        assertThat(statusesToPbx()).containsExactly(100, 180, 480);
        assertThat(stats.flowGone.sum()).isEqualTo(1);
        clock.advanceTo(Duration.ofSeconds(400)); // timer C: nothing more, no CANCEL on a connection that is gone
        assertThat(lastRequestTo("CANCEL")).isNull();
        assertThat(statusesToPbx()).containsExactly(100, 180, 480);
    }

    private SipRequest pbx(byte[] request) {
        SipRequest r = (SipRequest) parse(request);
        layer.onRequest(r, PBX_FLOW);
        return r;
    }

    private void device(SipRequest request, int status) {
        layer.onResponse((SipResponse) parse(ResponseBuilder.of(request, status, "R").toTag("dev").toBytes()), DEVICE_FLOW);
    }

    private static byte[] cancelOf(SipRequest invite) {
        return MessageBuilder.request("CANCEL", invite.requestUriText())
                .header(HeaderName.VIA, invite.header(HeaderName.VIA))
                .header(HeaderName.MAX_FORWARDS, 70)
                .header(HeaderName.FROM, invite.header(HeaderName.FROM))
                .header(HeaderName.TO, invite.header(HeaderName.TO))
                .header(HeaderName.CALL_ID, invite.callId())
                .header(HeaderName.CSEQ, "1 CANCEL").toBytes();
    }

    private List<Integer> statusesToPbx() {
        return sent.stream().filter(s -> s.to().equals(PBX) && s.message() instanceof SipResponse)
                .map(s -> ((SipResponse) s.message()).status()).distinct().toList(); // the final's UDP retransmissions (no ACK here) once
    }

    private SipRequest lastRequestTo(String method) {
        SipRequest last = null;
        for (Sent s : sent) {
            if (s.to().equals(DEVICE) && s.message() instanceof SipRequest r && r.method().equals(method)) last = r;
        }
        return last;
    }
}
