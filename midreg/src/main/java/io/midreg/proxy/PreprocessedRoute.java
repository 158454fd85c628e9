package io.midreg.proxy;

import io.midreg.sip.header.NameAddress;
import io.midreg.sip.uri.SipUri;
import java.util.List;

/**
 * The outcome of Route pre-processing (RFC 3261 §16.4) for one received request. Immutable.
 *
 * @param requestUri      the Request-URI to route on: the received one, or after a strict-routing
 *                        previous hop the last Route value put back in its place
 * @param routes          the Route values left after midreg's own were removed, in order
 * @param ownRoutes       midreg's Record-Route URIs this request carried (removed from Route, or the
 *                        strict-routed Request-URI); their signed parameters say where an in-dialog
 *                        request goes ({@link RecordRouteSigner#verify})
 * @param routesChanged   whether {@code routes} differs from the request's Route header fields
 * @param strictRouted    whether the previous hop was a strict router (§16.4 first rule applied)
 */
public record PreprocessedRoute(String requestUri, List<NameAddress> routes, List<SipUri> ownRoutes,
                                boolean routesChanged, boolean strictRouted) {
    public PreprocessedRoute {
        routes = List.copyOf(routes);
        ownRoutes = List.copyOf(ownRoutes);
    }

    /** Whether this request came back to midreg through a Record-Route it wrote (an in-dialog request). */
    public boolean viaOwnRecordRoute() {
        return !ownRoutes.isEmpty();
    }
}
