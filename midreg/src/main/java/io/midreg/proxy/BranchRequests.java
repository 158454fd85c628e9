package io.midreg.proxy;

import io.midreg.sip.header.NameAddress;
import io.midreg.sip.header.Via;
import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.MessageEditor;
import io.midreg.sip.message.SipParseException;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.syntax.Parameters;
import java.util.List;

/**
 * The copy of a request for one branch (RFC 3261 §16.6 steps 1–9), derived from the received
 * bytes with {@link MessageEditor}, so every header midreg does not touch goes out byte for byte:
 * <ol>
 *   <li>Request-URI: the target's, or what Route pre-processing left (step 2);</li>
 *   <li>Max-Forwards minus one, 70 when absent (step 3);</li>
 *   <li>Record-Route values on top of the received ones (step 4);</li>
 *   <li>Route: the target's route set (Path) pushed on top of what is left after midreg's own
 *       entries were removed (step 6, §16.4); untouched when nothing changed;</li>
 *   <li>a new top Via from the outbound listener with a branch that carries the loop key
 *       ({@link LoopDetection}) and asks for rport (step 8, RFC 3581);</li>
 *   <li>Content-Length written for the body sent (step 9).</li>
 * </ol>
 * Choosing the next hop (step 7) is the caller's: the device's flow, or the upstream router.
 * Stateless and thread-safe.
 */
public final class BranchRequests {
    private BranchRequests() {
    }

    /** The Via value of a copy leaving from {@code outbound} with {@code branch}. */
    public static String via(ProxyInterface outbound, String branch) {
        Parameters p = Parameters.EMPTY.with("branch", branch).with("rport", null);
        String host = outbound.host();
        return new Via("SIP", "2.0", outbound.protocol().viaToken(), host, outbound.port(), p).toString();
    }

    /**
     * @param received     the request as received (validated, §16.3)
     * @param route        its Route pre-processing
     * @param target       this branch's Request-URI and pushed route set
     * @param recordRoutes values to record, topmost first ({@link RecordRouting}); empty for none
     * @param via          the new top Via ({@link #via})
     */
    public static SipRequest build(SipRequest received, PreprocessedRoute route, BranchTarget target,
                                   List<String> recordRoutes, String via) {
        MessageEditor e = MessageEditor.of(received);
        String ruri = target.requestUri() != null ? target.requestUri() : route.requestUri();
        if (!ruri.equals(received.requestUriText())) e.requestUri(ruri);
        e.decrementMaxForwards();
        for (String rr : recordRoutes) e.addBefore(HeaderName.RECORD_ROUTE, HeaderName.RECORD_ROUTE.canonical(), rr);
        if (route.routesChanged() || !target.routeSet().isEmpty()) {
            e.removeAll(HeaderName.ROUTE);
            for (String pushed : target.routeSet()) e.addBefore(HeaderName.ROUTE, HeaderName.ROUTE.canonical(), bracketed(pushed));
            for (NameAddress left : route.routes()) e.addBefore(HeaderName.ROUTE, HeaderName.ROUTE.canonical(), left.toString());
        }
        e.addFirst(HeaderName.VIA, via);
        try {
            return (SipRequest) e.toMessage();
        } catch (SipParseException ex) {
            throw new IllegalArgumentException("the forwarded copy does not parse: " + ex.reason(), ex);
        }
    }

    /** A Path value is stored as written (name-addr); a bare URI gets its angle brackets. */
    private static String bracketed(String routeValue) {
        String v = routeValue.trim();
        return v.startsWith("<") || v.startsWith("\"") ? v : "<" + v + ">";
    }
}
