package io.midreg.proxy;

import static io.midreg.proxy.ProxyFixtures.LOCAL;
import static io.midreg.proxy.ProxyFixtures.invite;
import static io.midreg.proxy.ProxyFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.MessageBuilder;
import io.midreg.sip.message.MessageEditor;
import io.midreg.sip.message.SipRequest;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 3261 §16.3 request validation. */
class RequestValidatorTest {
    private final RequestValidator validator = new RequestValidator(LOCAL, Set.of());

    @Test
    void anOrdinaryRequestIsForwarded() {
        assertThat(validator.validate(request(invite("sip:tok@192.0.2.1")))).isEqualTo(Validation.FORWARD);
    }

    /** §16.3 step 3: Max-Forwards 0 is 483, except an OPTIONS, which the proxy may answer itself. */
    @Test
    void maxForwardsZeroIs483ButAnOptionsIsAnsweredLocally() {
        SipRequest inv = request(invite("sip:tok@192.0.2.1", 0));
        assertThat(validator.validate(inv)).isEqualTo(new Validation.Reject(483, "Too Many Hops", null));

        SipRequest options = MessageBuilder.request("OPTIONS", "sip:tok@192.0.2.1")
                .header(HeaderName.VIA, "SIP/2.0/UDP 203.0.113.5;branch=z9hG4bKo1")
                .header(HeaderName.MAX_FORWARDS, 0)
                .header(HeaderName.FROM, "<sip:pbx@example.com>;tag=a")
                .header(HeaderName.TO, "<sip:tok@192.0.2.1>")
                .header(HeaderName.CALL_ID, "o1")
                .header(HeaderName.CSEQ, "1 OPTIONS")
                .buildRequest();
        assertThat(validator.validate(options)).isEqualTo(Validation.ANSWER_LOCALLY);

        assertThat(validator.validate(request(invite("sip:tok@192.0.2.1", 1)))).isEqualTo(Validation.FORWARD);
    }

    @Test
    void aTelUriIs416() {
        assertThat(validator.validate(request(invite("tel:+15551234"))))
                .isEqualTo(new Validation.Reject(416, "Unsupported URI Scheme", null));
    }

    /** §16.3 step 5: every Proxy-Require option midreg lacks is listed in Unsupported. */
    @Test
    void unsupportedProxyRequireIs420ListingTheOptions() {
        SipRequest r = request(invite("sip:tok@192.0.2.1").header(HeaderName.PROXY_REQUIRE, "foo, sec-agree"));
        assertThat(validator.validate(r)).isEqualTo(new Validation.Reject(420, "Bad Extension", "foo, sec-agree"));
        assertThat(new RequestValidator(LOCAL, Set.of("foo", "sec-agree")).validate(r)).isEqualTo(Validation.FORWARD);
    }

    /**
     * §16.3 step 4 with the §16.6 step 8 branch: a request that comes back with our Via and an
     * unchanged loop key is a loop (482); one retargeted in between (another Request-URI) spirals on.
     */
    @Test
    void ourViaWithTheSameLoopKeyIs482AndARetargetedRequestSpirals() {
        SipRequest received = request(invite("sip:tok@192.0.2.1"));
        String branch = LoopDetection.branch(LoopDetection.loopKey(received), "a1");
        SipRequest forwarded = BranchRequests.build(received, RoutePreprocessing.apply(received, LOCAL),
                new BranchTarget(null, java.util.List.of()), java.util.List.of(), BranchRequests.via(ProxyFixtures.UDP, branch));

        // forwarded unchanged to some element that sends it straight back, with its own Via on top
        SipRequest looped = reSentBy(forwarded, forwarded.requestUriText());
        assertThat(validator.validate(looped)).isEqualTo(new Validation.Reject(482, "Loop Detected", null));

        SipRequest spiral = reSentBy(forwarded, "sip:alice@192.0.2.77");
        assertThat(validator.validate(spiral)).isEqualTo(Validation.FORWARD);
    }

    /**
     * Two devices behind midreg in one call through a record-routing PBX: an in-dialog BYE passes
     * midreg on the way to the PBX and again on the way back, with the same Request-URI. The
     * Route set it consumed in between makes that a spiral, not a loop.
     */
    @Test
    void anInDialogRequestHairpinnedThroughThePbxIsASpiralNotALoop() {
        RecordRouteSigner signer = new RecordRouteSigner(ProxyFixtures.SECRET);
        String ours = "<" + signer.uri(ProxyFixtures.UDP, java.util.Map.of("b", "devA")) + ">";
        String oursAgain = "<" + signer.uri(ProxyFixtures.UDP, java.util.Map.of("b", "devB")) + ">";
        SipRequest bye = request(MessageBuilder.request("BYE", "sip:bob@10.0.0.9:5062")
                .header(HeaderName.VIA, "SIP/2.0/UDP 198.18.0.7:5062;branch=z9hG4bKdevA1")
                .header(HeaderName.ROUTE, ours + ", <sip:pbx.example.com;lr>, " + oursAgain)
                .header(HeaderName.MAX_FORWARDS, 70)
                .header(HeaderName.FROM, "<sip:alice@example.com>;tag=a")
                .header(HeaderName.TO, "<sip:bob@example.com>;tag=b")
                .header(HeaderName.CALL_ID, "hairpin-1")
                .header(HeaderName.CSEQ, "2 BYE"));
        assertThat(validator.validate(bye)).isEqualTo(Validation.FORWARD);
        PreprocessedRoute first = RoutePreprocessing.apply(bye, LOCAL);
        SipRequest toPbx = BranchRequests.build(bye, first, new BranchTarget(null, java.util.List.of()), java.util.List.of(),
                BranchRequests.via(ProxyFixtures.UDP, LoopDetection.branch(LoopDetection.loopKey(bye), "h1")));
        // the PBX takes its own Route off and sends it back to midreg, Request-URI unchanged
        SipRequest back;
        try {
            back = (SipRequest) MessageEditor.of(toPbx).removeAll(HeaderName.ROUTE)
                    .addFirst(HeaderName.ROUTE, oursAgain)
                    .addFirst(HeaderName.VIA, "SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bKpbxbye").toMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(back.requestUriText()).isEqualTo(bye.requestUriText());
        assertThat(validator.validate(back)).isEqualTo(Validation.FORWARD);
    }

    @Test
    void aViaOfAnotherHostWithTheSameBranchIsNoLoop() {
        SipRequest received = request(invite("sip:tok@192.0.2.1"));
        String branch = LoopDetection.branch(LoopDetection.loopKey(received), "a1");
        SipRequest other = request(invite("sip:tok@192.0.2.1")
                .header(HeaderName.VIA, "SIP/2.0/UDP 192.0.2.99:5060;branch=" + branch));
        assertThat(validator.validate(other)).isEqualTo(Validation.FORWARD);
    }

    private static SipRequest reSentBy(SipRequest r, String requestUri) {
        try {
            return (SipRequest) MessageEditor.of(r).requestUri(requestUri)
                    .addFirst(HeaderName.VIA, "SIP/2.0/UDP 192.0.2.50:5060;branch=z9hG4bKelsewhere").toMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
