package io.midreg.proxy;

import static io.midreg.proxy.ProxyFixtures.SECRET;
import static io.midreg.proxy.ProxyFixtures.UDP;
import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.uri.SipUri;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which of midreg's own Route entries make a request one of a dialog midreg Record-Routed: only a
 * genuinely signed one. midreg as a phone's loose-routing outbound proxy ({@code sip:midreg;lr},
 * unsigned) does not, so such a phone's new requests are routed like any other.
 */
class InDialogRoutingTest {
    private final RecordRouteSigner signer = new RecordRouteSigner(SECRET);
    private final InDialogRouting routing = new InDialogRouting(signer, null, a -> true, null);

    private static PreprocessedRoute withOwn(SipUri own) {
        return new PreprocessedRoute("sip:bob@example.com", List.of(), List.of(own), true, false);
    }

    @Test
    void midregsSignedRecordRouteIsADialogsAndItsBareOutboundProxyUriIsNot() {
        assertThat(routing.signed(withOwn(signer.uri(UDP, Map.of(InDialogRouting.TOKEN, "t0k", InDialogRouting.BINDING, "h"))))).isTrue();
        assertThat(routing.signed(withOwn(SipUri.parse("sip:192.0.2.1:5060;lr")))).isFalse();
        SipUri forged = SipUri.parse(signer.uri(UDP, Map.of(InDialogRouting.TOKEN, "t0k")).toString().replace("t0k", "other"));
        assertThat(routing.signed(withOwn(forged))).as("altered after signing").isFalse();
    }
}
