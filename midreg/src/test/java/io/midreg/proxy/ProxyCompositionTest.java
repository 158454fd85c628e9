package io.midreg.proxy;

import static io.midreg.proxy.ProxyFixtures.LOCAL;
import static io.midreg.proxy.ProxyFixtures.SECRET;
import static io.midreg.proxy.ProxyFixtures.UDP;
import static io.midreg.proxy.ProxyFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.MessageEditor;
import io.midreg.sip.message.ResponseBuilder;
import io.midreg.sip.message.SipMessage;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transaction.Cancellable;
import io.midreg.sip.transaction.ClientTransaction;
import io.midreg.sip.transaction.ClientTransactionListener;
import io.midreg.sip.transaction.ServerTransaction;
import io.midreg.sip.transaction.ServerTransactionUser;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transaction.TimerScheduler;
import io.midreg.sip.transaction.TransactionLayer;
import io.midreg.sip.transaction.TransactionTransport;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.sip.uri.SipUri;
import io.midreg.testing.VirtualClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The building blocks composed the way the proxy handler will compose them, over the real
 * transaction layer on virtual time (no sockets): a PBX's INVITE forked to devices, responses
 * through the response context, CANCELs, timer C, and RFC 6026 2xx retransmissions reaching the
 * caller. The handler here is a test stand-in, not the product's.
 */
@Timeout(20)
class ProxyCompositionTest {
    private static final InetSocketAddress ME = new InetSocketAddress("192.0.2.1", 5060);
    private static final InetSocketAddress PBX = new InetSocketAddress("203.0.113.5", 5060);
    private static final Flow PBX_FLOW = new Flow(TransportProtocol.UDP, ME, PBX, 0);
    private static final Duration TIMER_C = Duration.ofSeconds(10);

    record Device(String contact, int q) {
        InetSocketAddress address() {
            SipUri u = SipUri.parse(contact);
            return new InetSocketAddress(u.host(), u.port());
        }

        Flow flow() {
            return new Flow(TransportProtocol.UDP, ME, address(), 0);
        }
    }

    record Sent(SipMessage message, InetSocketAddress to) {
    }

    private final VirtualClock clock = new VirtualClock();
    private final TimerScheduler timers = (task, delay) -> clock.schedule(task, delay)::cancel;
    private final List<Sent> sent = new ArrayList<>();
    private final TransactionTransport transport = new TransactionTransport() {
        @Override
        public void sendResponse(Flow flow, byte[] response) {
            sent.add(new Sent(parse(response), flow.remote()));
        }

        @Override
        public CompletableFuture<Flow> sendRequest(byte[] request, Flow flowOrNull, TransportProtocol protocol,
                                                   InetSocketAddress destination) {
            sent.add(new Sent(parse(request), destination));
            return CompletableFuture.completedFuture(flowOrNull != null ? flowOrNull : new Flow(protocol, ME, destination, 0));
        }
    };
    private final StandInProxy proxy = new StandInProxy();
    private final TransactionLayer layer = new TransactionLayer(transport, timers, TimerConfig.defaults(), proxy);
    private List<Device> devices = List.of();

    /** One call: the server transaction, its response context, its branches. */
    private final class Call {
        final ServerTransaction server;
        final SipRequest received;
        final PreprocessedRoute route;
        final ForkPlan<Device> plan;
        final ResponseContext context;
        final List<ClientTransaction> branches = new ArrayList<>();
        final Map<Integer, Cancellable> timerC = new HashMap<>();
        int nextGroup;

        Call(ServerTransaction server, PreprocessedRoute route, ForkPlan<Device> plan) {
            this.server = server;
            this.received = server.request();
            this.route = route;
            this.plan = plan;
            this.context = new ResponseContext(true, plan.groupCount());
        }

        void startGroup() {
            List<Device> group = plan.groups().get(nextGroup++);
            List<Integer> ids = context.startGroup(group.size());
            RecordRouting rr = new RecordRouting(new RecordRouteSigner(SECRET));
            for (int i = 0; i < group.size(); i++) {
                int id = ids.get(i);
                Device d = group.get(i);
                String branch = LoopDetection.branch(LoopDetection.loopKey(received), layer.branches().newTag());
                SipRequest copy = BranchRequests.build(received, route, BranchTarget.to(d.contact()),
                        rr.values(UDP, UDP, Map.of("b", d.contact())), BranchRequests.via(UDP, branch));
                branches.add(layer.sendRequest(copy, d.flow(), TransportProtocol.UDP, d.address(), listener(id)));
                armTimerC(id);
            }
        }

        void armTimerC(int id) {
            Cancellable.cancel(timerC.get(id));
            timerC.put(id, timers.schedule(() -> carry(context.onTimerC(id)), TIMER_C));
        }

        ClientTransactionListener listener(int id) {
            return new ClientTransactionListener() {
                @Override
                public void onResponse(ClientTransaction tx, SipResponse response) {
                    ResponseAction a = context.onResponse(id, response);
                    if (a.resetTimerC()) armTimerC(id);
                    if (response.isFinal()) Cancellable.cancel(timerC.get(id));
                    carry(a);
                }

                @Override
                public void onLater2xx(ClientTransaction tx, SipResponse response) {
                    carry(context.onResponse(id, response));
                }

                @Override
                public void onTimeout(ClientTransaction tx) {
                    carry(context.onLocalFinal(id, 408));
                }

                @Override
                public void onTransportError(ClientTransaction tx, Throwable cause) {
                    carry(context.onLocalFinal(id, 503));
                }
            };
        }

        void carry(ResponseAction a) {
            Upstream up = a.forward();
            if (up != null) {
                if (up.isLocal()) {
                    server.sendResponse(up.status(), "Proxy");
                } else {
                    MessageEditor e = MessageEditor.of(up.response()).removeTopVia();
                    up.addWwwAuthenticate().forEach(v -> e.append(HeaderName.WWW_AUTHENTICATE.canonical(), v));
                    up.addProxyAuthenticate().forEach(v -> e.append(HeaderName.PROXY_AUTHENTICATE.canonical(), v));
                    server.sendResponse(e.toBytes());
                }
            }
            for (int b : a.cancel()) layer.cancel(branches.get(b), listener(-1));
            if (a.startNextGroup()) startGroup();
        }
    }

    private final class StandInProxy implements ServerTransactionUser {
        final Map<ServerTransaction, Call> calls = new HashMap<>();
        final RequestValidator validator = new RequestValidator(LOCAL, Set.of());

        @Override
        public void onNewRequest(ServerTransaction tx) {
            if (validator.validate(tx.request()) instanceof Validation.Reject r) {
                tx.sendResponse(r.status(), r.reason());
                return;
            }
            Call c = new Call(tx, RoutePreprocessing.apply(tx.request(), LOCAL), ForkPlan.byQ(devices, Device::q));
            calls.put(tx, c);
            c.startGroup();
        }

        @Override
        public void onCancel(ServerTransaction cancel, ServerTransaction invite) {
            cancel.sendResponse(200, "OK");
            Call c = calls.get(invite);
            if (c != null) c.carry(c.context.onCallerCancel());
        }
    }

    // ---- the scenarios ----

    @Test
    void parallelForkTheAnsweringDeviceWinsTheRingingOneIsCancelledAndTheTwoHundredRetransmissionReachesThePbx() {
        Device d1 = new Device("sip:alice@198.18.0.7:5062", 1000);
        Device d2 = new Device("sip:alice@198.18.0.8:5064", 1000);
        devices = List.of(d1, d2);
        pbxInvite();
        SipRequest to1 = lastRequestTo(d1, "INVITE");
        SipRequest to2 = lastRequestTo(d2, "INVITE");
        assertThat(to1.requestUriText()).isEqualTo(d1.contact());
        assertThat(to1.maxForwards()).isEqualTo(69);
        assertThat(to1.recordRoutes()).hasSize(1);
        assertThat(to2.requestUriText()).isEqualTo(d2.contact());

        answer(d1, to1, 180, "d1");
        answer(d2, to2, 200, "d2");
        assertThat(statusesTo(PBX)).containsExactly(100, 180, 200);
        assertThat(lastRequestTo(d1, "CANCEL")).isNotNull();

        answer(d1, to1, 487, "d1"); // the transaction ACKs it; nothing goes up
        assertThat(lastRequestTo(d1, "ACK")).isNotNull();
        assertThat(statusesTo(PBX)).containsExactly(100, 180, 200);

        answer(d2, to2, 200, "d2"); // RFC 6026: the retransmission is forwarded, not dropped
        assertThat(statusesTo(PBX)).containsExactly(100, 180, 200, 200);
        SipResponse up = (SipResponse) sentTo(PBX).get(3).message();
        assertThat(up.vias()).hasSize(1); // midreg's Via removed
        assertThat(up.to().tag()).isEqualTo("d2");
    }

    @Test
    void sequentialForkTheLowerQDeviceRingsOnlyAfterTheFirstFailedAndTheBestResponseGoesUp() {
        Device first = new Device("sip:alice@198.18.0.7:5062", 1000);
        Device second = new Device("sip:alice@198.18.0.8:5064", 500);
        devices = List.of(second, first);
        pbxInvite();
        SipRequest to1 = lastRequestTo(first, "INVITE");
        assertThat(lastRequestTo(second, "INVITE")).isNull();
        answer(first, to1, 486, "d1");
        SipRequest to2 = lastRequestTo(second, "INVITE");
        assertThat(to2).isNotNull();
        answer(second, to2, 404, "d2");
        assertThat(statusesTo(PBX)).containsExactly(100, 486);
    }

    /** §16.8: the ringing branch is CANCELled when timer C fires; the caller then gets its 487. */
    @Test
    void timerCCancelsARingingDeviceAndTheCallerGets487() {
        Device d1 = new Device("sip:alice@198.18.0.7:5062", -1);
        devices = List.of(d1);
        pbxInvite();
        SipRequest to1 = lastRequestTo(d1, "INVITE");
        clock.advanceTo(Duration.ofSeconds(5));
        answer(d1, to1, 180, "d1"); // restarts timer C: 10 s from now
        clock.advanceTo(Duration.ofMillis(14_999));
        assertThat(lastRequestTo(d1, "CANCEL")).isNull();
        clock.advanceTo(Duration.ofSeconds(15));
        assertThat(lastRequestTo(d1, "CANCEL")).isNotNull();
        answer(d1, to1, 487, "d1");
        assertThat(statusesTo(PBX)).containsExactly(100, 180, 487);
    }

    /** §16.8: a device that never answers is a 408 at timer C, before the INVITE's own timer B. */
    @Test
    void timerCTurnsASilentDeviceInto408ForTheCaller() {
        Device d1 = new Device("sip:alice@198.18.0.7:5062", -1);
        devices = List.of(d1);
        pbxInvite();
        clock.advanceTo(Duration.ofSeconds(10));
        assertThat(statusesTo(PBX)).containsExactly(100, 408);
    }

    @Test
    void theCallersCancelReachesEveryRingingDevice() {
        Device d1 = new Device("sip:alice@198.18.0.7:5062", 1000);
        Device d2 = new Device("sip:alice@198.18.0.8:5064", 1000);
        devices = List.of(d1, d2);
        SipRequest invite = pbxInvite();
        SipRequest to1 = lastRequestTo(d1, "INVITE");
        SipRequest to2 = lastRequestTo(d2, "INVITE");
        answer(d1, to1, 180, "d1");
        answer(d2, to2, 180, "d2");
        layer.onRequest(parseRequest(io.midreg.sip.message.MessageBuilder.request("CANCEL", invite.requestUriText())
                .header(HeaderName.VIA, invite.header(HeaderName.VIA))
                .header(HeaderName.MAX_FORWARDS, 70)
                .header(HeaderName.FROM, invite.header(HeaderName.FROM))
                .header(HeaderName.TO, invite.header(HeaderName.TO))
                .header(HeaderName.CALL_ID, invite.callId())
                .header(HeaderName.CSEQ, "1 CANCEL").toBytes()), PBX_FLOW);
        assertThat(lastRequestTo(d1, "CANCEL")).isNotNull();
        assertThat(lastRequestTo(d2, "CANCEL")).isNotNull();
        answer(d1, to1, 487, "d1");
        answer(d2, to2, 487, "d2");
        assertThat(statusesTo(PBX)).containsExactly(100, 180, 180, 200, 487); // 200 answers the CANCEL
    }

    @Test
    void maxForwardsZeroIsAnsweredWith483AndNothingReachesADevice() {
        Device d1 = new Device("sip:alice@198.18.0.7:5062", -1);
        devices = List.of(d1);
        layer.onRequest(parseRequest(ProxyFixtures.invite("sip:tok@192.0.2.1", 0).toBytes()), PBX_FLOW);
        assertThat(statusesTo(PBX)).containsExactly(100, 483);
        assertThat(lastRequestTo(d1, "INVITE")).isNull();
    }

    // ---- helpers ----

    private SipRequest pbxInvite() {
        SipRequest invite = parseRequest(ProxyFixtures.invite("sip:tok@192.0.2.1").toBytes());
        layer.onRequest(invite, PBX_FLOW);
        return invite;
    }

    private void answer(Device d, SipRequest request, int status, String toTag) {
        byte[] r = ResponseBuilder.of(request, status, "R").toTag(toTag).toBytes();
        layer.onResponse((SipResponse) parse(r), d.flow());
    }

    private List<Sent> sentTo(InetSocketAddress to) {
        return sent.stream().filter(s -> s.to().equals(to)).toList();
    }

    private List<Integer> statusesTo(InetSocketAddress to) {
        return sentTo(to).stream().filter(s -> s.message() instanceof SipResponse)
                .map(s -> ((SipResponse) s.message()).status()).toList();
    }

    private SipRequest lastRequestTo(Device d, String method) {
        SipRequest last = null;
        for (Sent s : sentTo(d.address())) {
            if (s.message() instanceof SipRequest r && r.method().equals(method)) last = r;
        }
        return last;
    }

    private static SipRequest parseRequest(byte[] bytes) {
        return (SipRequest) parse(bytes);
    }
}
