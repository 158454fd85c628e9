package io.midreg.proxy;

import io.midreg.location.Location;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.sip.uri.Uri;
import io.midreg.store.Binding;
import io.midreg.upstream.UpstreamTarget;
import io.midreg.upstream.targets.UpstreamLeg;
import io.midreg.upstream.targets.UpstreamRouter;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Function;

/**
 * Requests a registered device starts (RFC 3261 §16, midreg as the device's outbound proxy): the
 * device is recognised by its flow — the From's AOR has a binding registered from this source
 * address, port and transport (or connection) — and the request goes to the upstream target that
 * holds that AOR's registration, through the router the registrar uses (affinity, failover).
 * Thread-safe; one store read per request.
 */
public final class TowardsUpstream {
    private final Location location;
    private final Function<Uri, Optional<String>> aorOf;
    private final UpstreamRouter router;

    /** @param aorOf the registrar's AOR of a URI (scheme, user, host and domain aliases as a REGISTER's To) */
    public TowardsUpstream(Location location, Function<Uri, Optional<String>> aorOf, UpstreamRouter router) {
        this.location = location;
        this.aorOf = aorOf;
        this.router = router;
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

    /** Where the AOR's requests go: the target holding its registration; null when none is known yet (several targets, none chosen). */
    public Destination destination(String aor, long nowMillis) {
        UpstreamLeg leg = router.holding(aor, location.holdingTarget(aor).orElse(null), nowMillis);
        if (leg == null) return null;
        UpstreamTarget t = leg.relay().target();
        return new Destination(t.protocol(), t.address());
    }

    /** The upstream target's transport and address. */
    public record Destination(TransportProtocol protocol, InetSocketAddress address) {
    }
}
