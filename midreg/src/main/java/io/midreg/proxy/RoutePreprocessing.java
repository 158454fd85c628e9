package io.midreg.proxy;

import io.midreg.sip.header.NameAddress;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.uri.SipUri;
import io.midreg.sip.uri.Uri;
import java.util.ArrayList;
import java.util.List;

/**
 * Route pre-processing (RFC 3261 §16.4), as a pure function of the received request.
 * <ol>
 *   <li>A strict router before us put our Record-Route URI in the Request-URI and the real target
 *       at the end of Route: the last Route value becomes the Request-URI again and leaves Route.
 *       Our Record-Route URIs are recognised by listener and signature parameter, so a request
 *       for a contact or for midreg itself (same host and port, no signature) is left alone.</li>
 *   <li>Our own entries at the top of Route are removed — all consecutive ones, since midreg
 *       writes two when it changes transport or listener (RFC 5658).</li>
 * </ol>
 * Thread-safe (no state).
 */
public final class RoutePreprocessing {
    private RoutePreprocessing() {
    }

    public static PreprocessedRoute apply(SipRequest request, LocalInterfaces local) {
        List<NameAddress> routes = new ArrayList<>(request.routes());
        List<SipUri> own = new ArrayList<>(2);
        String requestUri = request.requestUriText();
        boolean strict = false;
        Uri ruri = request.requestUri();
        if (isOwnRecordRoute(ruri, local) && !routes.isEmpty()) {
            own.add((SipUri) ruri);
            requestUri = routes.remove(routes.size() - 1).uri().toString();
            strict = true;
        }
        int removed = 0;
        while (!routes.isEmpty() && local.isOurs(routes.get(0).uri())) {
            own.add(routes.remove(0).sipUri());
            removed++;
        }
        return new PreprocessedRoute(requestUri, routes, own, strict || removed > 0, strict);
    }

    private static boolean isOwnRecordRoute(Uri uri, LocalInterfaces local) {
        return uri instanceof SipUri s && s.user() == null && s.hasParam(RecordRouteSigner.SIGNATURE) && local.isOurs(s);
    }
}
