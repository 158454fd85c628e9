package io.midreg.proxy;

import static io.midreg.proxy.ProxyFixtures.LOCAL;
import static io.midreg.proxy.ProxyFixtures.SECRET;
import static io.midreg.proxy.ProxyFixtures.TCP;
import static io.midreg.proxy.ProxyFixtures.UDP;
import static io.midreg.proxy.ProxyFixtures.invite;
import static io.midreg.proxy.ProxyFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.header.NameAddress;
import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.uri.SipUri;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 3261 §16.4 Route pre-processing. */
class RoutePreprocessingTest {
    private final RecordRouteSigner signer = new RecordRouteSigner(SECRET);

    @Test
    void withoutRouteNothingChanges() {
        SipRequest r = request(invite("sip:tok@192.0.2.1"));
        PreprocessedRoute p = RoutePreprocessing.apply(r, LOCAL);
        assertThat(p.requestUri()).isEqualTo("sip:tok@192.0.2.1");
        assertThat(p.routes()).isEmpty();
        assertThat(p.routesChanged()).isFalse();
        assertThat(p.viaOwnRecordRoute()).isFalse();
    }

    /** RFC 5658: both of midreg's entries (double Record-Route) leave the Route set; the next one stays. */
    @Test
    void ourConsecutiveTopRoutesAreRemovedAndKeptAsOwnRoutes() {
        SipUri rr1 = signer.uri(TCP, Map.of("b", "dev1"));
        SipUri rr2 = signer.uri(UDP, Map.of("b", "dev1"));
        SipRequest r = request(invite("sip:alice@198.18.0.7:5062")
                .header(HeaderName.ROUTE, "<" + rr1 + ">, <" + rr2 + ">")
                .header(HeaderName.ROUTE, "<sip:edge.example.net;lr>"));
        PreprocessedRoute p = RoutePreprocessing.apply(r, LOCAL);
        assertThat(p.ownRoutes()).containsExactly(rr1, rr2);
        assertThat(p.routes()).extracting(NameAddress::toString).containsExactly("<sip:edge.example.net;lr>");
        assertThat(p.routesChanged()).isTrue();
        assertThat(p.strictRouted()).isFalse();
        assertThat(p.requestUri()).isEqualTo("sip:alice@198.18.0.7:5062");
    }

    /** A Route to midreg with the default port written implicitly is still ours. */
    @Test
    void aRouteWithoutPortNamesTheDefaultPortListener() {
        SipRequest r = request(invite("sip:bob@example.com").header(HeaderName.ROUTE, "<sip:192.0.2.1;lr>"));
        assertThat(RoutePreprocessing.apply(r, LOCAL).routes()).isEmpty();
        SipRequest other = request(invite("sip:bob@example.com").header(HeaderName.ROUTE, "<sip:192.0.2.1:5070;lr>"));
        assertThat(RoutePreprocessing.apply(other, LOCAL).routes()).hasSize(1);
    }

    /**
     * §16.4: a strict router put midreg's Record-Route URI in the Request-URI and the remote target
     * last in Route; the target comes back as Request-URI and leaves Route.
     */
    @Test
    void aStrictRoutedRequestGetsItsRequestUriBackFromTheLastRoute() {
        SipUri rr = signer.uri(UDP, Map.of("b", "dev1"));
        SipRequest r = request(invite(rr.toString())
                .header(HeaderName.ROUTE, "<sip:next.example.net;lr>")
                .header(HeaderName.ROUTE, "<sip:alice@198.18.0.7:5062>"));
        PreprocessedRoute p = RoutePreprocessing.apply(r, LOCAL);
        assertThat(p.strictRouted()).isTrue();
        assertThat(p.requestUri()).isEqualTo("sip:alice@198.18.0.7:5062");
        assertThat(p.routes()).extracting(NameAddress::toString).containsExactly("<sip:next.example.net;lr>");
        assertThat(p.ownRoutes()).containsExactly(rr);
    }

    /** A request to a token contact at midreg is not a strict-routed one: no signature parameter. */
    @Test
    void aContactAtMidregIsNotMistakenForAStrictRoute() {
        SipRequest r = request(invite("sip:tok@192.0.2.1").header(HeaderName.ROUTE, "<sip:alice@198.18.0.7>"));
        PreprocessedRoute p = RoutePreprocessing.apply(r, LOCAL);
        assertThat(p.strictRouted()).isFalse();
        assertThat(p.requestUri()).isEqualTo("sip:tok@192.0.2.1");
        assertThat(p.routes()).hasSize(1);
    }
}
