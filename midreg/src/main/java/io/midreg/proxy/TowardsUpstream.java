package io.midreg.proxy;

import io.midreg.location.Location;
import io.midreg.sip.header.NameAddress;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.uri.SipUri;
import io.midreg.sip.uri.Uri;
import io.midreg.store.Binding;
import io.midreg.store.UpstreamState;
import io.midreg.upstream.UpstreamTarget;
import io.midreg.upstream.targets.NextHop;
import io.midreg.upstream.targets.NextHopNames;
import io.midreg.upstream.targets.UpstreamLeg;
import io.midreg.upstream.targets.UpstreamRouter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Requests a registered device starts (RFC 3261 §16, midreg as the device's outbound proxy): the
 * device is recognised by its flow — the From's AOR has a binding registered from this source
 * address, port and transport (or connection) — and the request goes to the upstream that holds
 * that AOR's registration, through the router the registrar uses (affinity, failover). When the
 * upstream registrar's last 2xx gave a Service-Route (RFC 3608), the request goes through that
 * route instead: its entries pre-loaded as Route, the first one the next hop (located per RFC
 * 3263 when it is a name). That route belongs to the registration at the holding target: when the
 * router fails the AOR over to another target, the request goes to that target directly and the
 * route is left out. Thread-safe; non-blocking (a name is located on the DNS look-up threads).
 */
public final class TowardsUpstream {
    private final Location location;
    private final Function<Uri, Optional<String>> aorOf;
    private final UpstreamRouter router;
    private final NextHopLocator nextHops;

    /**
     * @param aorOf the registrar's AOR of a URI (scheme, user, host and domain aliases as a REGISTER's To)
     * @param names locates next hops named by DNS names (a Service-Route's, an in-dialog request's)
     */
    public TowardsUpstream(Location location, Function<Uri, Optional<String>> aorOf, UpstreamRouter router, NextHopNames names) {
        this.location = location;
        this.aorOf = aorOf;
        this.router = router;
        this.nextHops = new NextHopLocator(names);
    }

    NextHopLocator nextHops() {
        return nextHops;
    }

    /** A registered device calling: its AOR and the binding it sends from. */
    public record Caller(String aor, Binding binding) {
    }

    /** The registered device {@code request} comes from, or empty (an unregistered source, a From that is not its AOR). */
    public Optional<Caller> caller(SipRequest request, Flow from, long nowMillis) {
        Optional<String> aor;
        try {
            aor = aorOf.apply(request.from().uri());
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
        if (aor.isEmpty()) return Optional.empty();
        for (Binding b : location.bindings(aor.get(), nowMillis)) {
            if (InDialogRouting.sentFrom(b, from)) return Optional.of(new Caller(aor.get(), b));
        }
        return Optional.empty();
    }

    /** The AOR of the request's From (for a source allowed without registration), or empty. */
    public Optional<String> fromAor(SipRequest request) {
        try {
            return aorOf.apply(request.from().uri());
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    /**
     * Where the AOR's requests go: through the Service-Route of its registration while the target
     * holding it is in service, else to the target the router picks; a refusal when there is none
     * (several targets, none chosen yet: 503) or the route's first hop cannot be located.
     *
     * @param sender the binding the request comes from (its own upstream registration in contact
     *               mode), or null for a source allowed without registration
     */
    public CompletableFuture<Destination> destination(String aor, Binding sender, long nowMillis) {
        UpstreamState registration = sender != null && sender.upstream() != null ? sender.upstream()
                : location.registration(aor).orElse(null);
        String held = registration == null ? null : registration.target();
        UpstreamLeg leg = router.holding(aor, held, nowMillis);
        if (leg == null) return CompletableFuture.completedFuture(Destination.refused(503, "Service Unavailable (no upstream for this caller yet)"));
        List<String> serviceRoute = registration == null ? List.of() : registration.serviceRoute();
        boolean stillHeld = held == null || held.isEmpty() || held.equals(leg.target());
        if (serviceRoute.isEmpty() || !stillHeld) {
            UpstreamTarget t = leg.relay().target();
            return CompletableFuture.completedFuture(new Destination(new NextHop(t.protocol(), t.address()), List.of(), 0, null));
        }
        SipUri first;
        try {
            first = NameAddress.parse("Service-Route", serviceRoute.get(0)).sipUri();
        } catch (RuntimeException malformed) {
            first = null;
        }
        if (first == null) return CompletableFuture.completedFuture(Destination.refused(500, "Server Internal Error (Service-Route is not a SIP URI)"));
        // the registrar that gave the route vouches for its first hop: any address it names
        return nextHops.locate(first, a -> true).thenApply(l -> l.refused() ? Destination.refused(l.status(), l.reason())
                : new Destination(l.hop(), serviceRoute, 0, null));
    }

    /**
     * The next hop of a device's request and the Route values to pre-load (the Service-Route, or
     * none), or the status and reason to answer with when it goes nowhere.
     */
    public record Destination(NextHop hop, List<String> routeSet, int status, String reason) {
        public Destination {
            routeSet = List.copyOf(routeSet);
        }

        static Destination refused(int status, String reason) {
            return new Destination(null, List.of(), status, reason);
        }

        public boolean refused() {
            return hop == null;
        }
    }
}
