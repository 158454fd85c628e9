package io.midreg.proxy;

import static io.midreg.proxy.ProxyFixtures.LOCAL;
import static io.midreg.proxy.ProxyFixtures.SECRET;
import static io.midreg.proxy.ProxyFixtures.TCP;
import static io.midreg.proxy.ProxyFixtures.UDP;
import static io.midreg.proxy.ProxyFixtures.invite;
import static io.midreg.proxy.ProxyFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.header.NameAddress;
import io.midreg.sip.header.Via;
import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.uri.SipUri;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-branch copy, RFC 3261 §16.6. */
class BranchRequestsTest {
    private final RecordRouting recordRouting = new RecordRouting(new RecordRouteSigner(SECRET));

    @Test
    void aBranchToADeviceHasItsContactAsRequestUriOurViaOnTopOneHopLessAndOurRecordRoute() {
        byte[] sdp = "v=0\r\no=- 1 1 IN IP4 203.0.113.5\r\n".getBytes(StandardCharsets.US_ASCII);
        SipRequest received = request(invite("sip:tok@192.0.2.1")
                .header(HeaderName.ROUTE, "<sip:192.0.2.1:5060;lr>")
                .header(HeaderName.RECORD_ROUTE, "<sip:pbx.example.com;lr>")
                .header("X-Custom", "kept  as   written")
                .body(sdp, "application/sdp"));
        PreprocessedRoute route = RoutePreprocessing.apply(received, LOCAL);
        String branch = LoopDetection.branch(LoopDetection.loopKey(received), "b1");
        List<String> rr = recordRouting.values(UDP, TCP, Map.of("b", "dev1"));

        SipRequest out = BranchRequests.build(received, route, BranchTarget.to("sip:alice@198.18.0.7:5062;transport=tcp"),
                rr, BranchRequests.via(TCP, branch));

        assertThat(out.requestUriText()).isEqualTo("sip:alice@198.18.0.7:5062;transport=tcp");
        assertThat(out.maxForwards()).isEqualTo(69);
        assertThat(out.vias()).hasSize(2);
        Via top = out.topVia();
        assertThat(top.transport()).isEqualTo("TCP");
        assertThat(top.sentBy()).isEqualTo("192.0.2.1:5060");
        assertThat(top.branch()).isEqualTo(branch).startsWith("z9hG4bK");
        assertThat(top.hasRport()).isTrue();
        assertThat(out.vias().get(1).branch()).isEqualTo("z9hG4bKpbx1");
        assertThat(out.routes()).isEmpty(); // our own Route removed
        assertThat(out.recordRoutes()).extracting(a -> a.sipUri().host())
                .containsExactly("192.0.2.1", "192.0.2.1", "pbx.example.com");
        assertThat(out.recordRoutes().get(0).sipUri().transport()).isEqualTo("tcp");
        assertThat(out.header("X-Custom")).isEqualTo("kept  as   written");
        assertThat(out.body()).isEqualTo(sdp);
        assertThat(out.contentLength()).isEqualTo(sdp.length);
        assertThat(out.callId()).isEqualTo(received.callId());
    }

    /** RFC 3327: the binding's Path becomes the Route set, ahead of any Route left. */
    @Test
    void thePathIsPushedAsRouteSetAheadOfRemainingRoutes() {
        SipRequest received = request(invite("sip:tok@192.0.2.1")
                .header(HeaderName.ROUTE, "<sip:192.0.2.1;lr>, <sip:later.example.net;lr>"));
        PreprocessedRoute route = RoutePreprocessing.apply(received, LOCAL);
        BranchTarget target = new BranchTarget("sip:alice@10.0.0.7:5062",
                List.of("<sip:edge1.example.net;lr>", "sip:edge2.example.net;lr"));
        SipRequest out = BranchRequests.build(received, route, target, List.of(), BranchRequests.via(UDP, "z9hG4bKx.1"));
        assertThat(out.routes()).extracting(NameAddress::toString)
                .containsExactly("<sip:edge1.example.net;lr>", "<sip:edge2.example.net;lr>", "<sip:later.example.net;lr>");
        assertThat(out.recordRoutes()).isEmpty();
    }

    /** An in-dialog request keeps its Request-URI (the remote target) and loses only our Routes. */
    @Test
    void anInDialogRequestIsLooseRoutedOnItsOwnRequestUri() {
        SipUri ours = new RecordRouteSigner(SECRET).uri(UDP, Map.of("b", "dev1"));
        SipRequest bye = request(invite("sip:alice@198.18.0.7:5062").header(HeaderName.ROUTE, "<" + ours + ">"));
        PreprocessedRoute route = RoutePreprocessing.apply(bye, LOCAL);
        SipRequest out = BranchRequests.build(bye, route, new BranchTarget(null, List.of()), List.of(),
                BranchRequests.via(UDP, "z9hG4bKx.2"));
        assertThat(out.requestUriText()).isEqualTo("sip:alice@198.18.0.7:5062");
        assertThat(out.has(HeaderName.ROUTE)).isFalse();
    }

    @Test
    void anIpv6ListenerWritesABracketedSentBy() {
        ProxyInterface v6 = new ProxyInterface(io.midreg.sip.transport.TransportProtocol.UDP, "::1", 5070);
        Via via = Via.parse(BranchRequests.via(v6, "z9hG4bKv6.1"));
        assertThat(via.host()).isEqualTo("[::1]");
        assertThat(via.port()).isEqualTo(5070);
        assertThat(new LocalInterfaces(List.of(v6)).wrote(via)).isTrue();
    }
}
