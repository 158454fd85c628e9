package io.midreg.proxy;

import io.midreg.sip.transport.TransportProtocol;
import io.midreg.sip.uri.SipUri;
import io.midreg.upstream.targets.NameQuery;
import io.midreg.upstream.targets.NextHop;
import io.midreg.upstream.targets.NextHopNames;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The address a next-hop SIP URI names (RFC 3261 §16.6 step 7, RFC 3263 §4): an IP literal at
 * once; a DNS name through {@link NextHopNames}, which looks it up off the event loop and keeps
 * the answer for its TTL, so the request continues when the future completes. A name that does
 * not exist is 404 (no such destination, RFC 3261 §21.4.5), a DNS server that fails or does not
 * answer 504 (an external server did not answer in time, §21.5.5), too many look-ups waiting
 * 503, a transport midreg does not speak 503. Thread-safe.
 */
final class NextHopLocator {
    private final NextHopNames names;

    NextHopLocator(NextHopNames names) {
        this.names = names;
    }

    /** A next hop, or the status and reason to answer when there is none. Immutable. */
    record Located(NextHop hop, int status, String reason) {
        static Located refused(int status, String reason) {
            return new Located(null, status, reason);
        }

        boolean refused() {
            return hop == null;
        }
    }

    /**
     * Where {@code uri} leads: the first address {@code allowed} accepts (403 when it accepts none).
     * Completed at once for an IP literal or a name known from an earlier look-up.
     */
    CompletableFuture<Located> locate(SipUri uri, Predicate<InetSocketAddress> allowed) {
        TransportProtocol explicit = null;
        if (uri.transport() != null) {
            explicit = TransportProtocol.fromToken(uri.transport());
            if (explicit == null) return CompletableFuture.completedFuture(Located.refused(503, "Service Unavailable (transport not supported)"));
        }
        InetAddress literal = IpLiteral.parse(uri.host());
        if (literal != null) {
            TransportProtocol t = explicit != null ? explicit : uri.secure() ? TransportProtocol.TLS : TransportProtocol.UDP;
            InetSocketAddress a = new InetSocketAddress(literal, uri.port() > 0 ? uri.port() : t.defaultPort());
            return CompletableFuture.completedFuture(allowed.test(a) ? new Located(new NextHop(t, a), 0, null) : notAllowed());
        }
        String host = uri.host();
        return names.resolve(new NameQuery(host, uri.port(), explicit, uri.secure())).thenApply(r -> switch (r.outcome()) {
            case FOUND -> r.hops().stream().filter(h -> allowed.test(h.address())).findFirst()
                    .map(h -> new Located(h, 0, null)).orElseGet(NextHopLocator::notAllowed);
            case NOT_FOUND -> Located.refused(404, "Not Found (" + host + " does not resolve)");
            case FAILED -> Located.refused(504, "Server Time-out (DNS look-up of " + host + " failed)");
            case BUSY -> Located.refused(503, "Service Unavailable (DNS look-ups queued)");
        });
    }

    private static Located notAllowed() {
        return Located.refused(403, "Forbidden (next hop is not an upstream)");
    }
}
