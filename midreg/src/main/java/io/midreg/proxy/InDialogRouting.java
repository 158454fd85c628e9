package io.midreg.proxy;

import io.midreg.location.BindingKey;
import io.midreg.location.Location;
import io.midreg.proxy.dialog.DialogKey;
import io.midreg.sip.auth.HmacSha256;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.sip.uri.SipUri;
import io.midreg.sip.uri.Uri;
import io.midreg.store.Binding;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Where a request of a dialog midreg Record-Routed goes (RFC 3261 §16.4, §16.5 loose routing),
 * read from the signed parameters of midreg's Record-Route URI, now the request's Route: the
 * device's contact token and the key of its binding. No per-dialog state is kept.
 * <ul>
 *   <li>From the device (its source is the binding's flow): to the next hop the request names
 *       (the next Route, else the Request-URI: the PBX's Contact), which must lead to an upstream
 *       address (midreg relays for its upstreams only): an IP literal, or a name located per
 *       RFC 3263 without blocking ({@link NextHopLocator}: 404 when it does not resolve, 504
 *       when DNS fails).</li>
 *   <li>From an upstream: to the device's current flow, whatever Request-URI the PBX used.</li>
 *   <li>Anything else: 403; a Route that is midreg's but not genuinely signed: 403; a binding
 *       gone: 481 (the dialog's far end is gone), its connection gone: 480.</li>
 * </ul>
 * Thread-safe (immutable collaborators); non-blocking (a name is located on the DNS look-up
 * threads and the hop completes from there).
 */
public final class InDialogRouting {
    /** Signed Record-Route parameter: the device's contact token. */
    static final String TOKEN = "tok";
    /** Signed Record-Route parameter: the AOR (base64url) of a device that started the dialog (it has no token in the request). */
    static final String AOR = "aor";
    /** Signed Record-Route parameter: a short hash of the device's binding key (which binding of an AOR token). */
    static final String BINDING = "bk";

    private final RecordRouteSigner signer;
    private final Location location;
    private final Predicate<InetSocketAddress> upstreamSource;
    private final HmacSha256 keyHash;
    private final NextHopLocator nextHops;

    InDialogRouting(RecordRouteSigner signer, Location location, Predicate<InetSocketAddress> upstreamSource, NextHopLocator nextHops) {
        this.nextHops = nextHops;
        this.signer = signer;
        this.location = location;
        this.upstreamSource = upstreamSource;
        // an unkeyed-looking but fixed-key hash: only has to tell an AOR's bindings apart, the signature guards it
        this.keyHash = new HmacSha256("midreg binding key".getBytes(StandardCharsets.US_ASCII));
    }

    /** The parameters midreg signs into the Record-Route of a request routed to {@code binding} by {@code token}. */
    public Map<String, String> params(String token, Binding binding) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(TOKEN, token);
        p.put(BINDING, keyHash(binding));
        return p;
    }

    /** The parameters midreg signs into the Record-Route of a request a device of {@code aor} sent from {@code binding}. */
    public Map<String, String> paramsFromDevice(String aor, Binding binding) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(AOR, java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(aor.getBytes(StandardCharsets.UTF_8)));
        p.put(BINDING, keyHash(binding));
        return p;
    }

    /** The bindings the signed parameters name: the token's, or the AOR's. */
    private List<Binding> bindingsOf(Map<String, String> params, long nowMillis) {
        String token = params.get(TOKEN);
        if (token != null) return location.named(token, nowMillis).map(Location.Named::bindings).orElse(List.of());
        String aor = aorOf(params);
        return aor == null ? List.of() : location.bindings(aor, nowMillis);
    }

    private static String aorOf(Map<String, String> params) {
        String aor = params.get(AOR);
        if (aor == null) return null;
        try {
            return new String(java.util.Base64.getUrlDecoder().decode(aor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The dialog's party ({@link DialogKey}): the token of a call to the device, the AOR of a call it made. */
    private static int partyOf(Map<String, String> params) {
        String token = params.get(TOKEN);
        if (token != null) return DialogKey.tokenParty(token);
        String aor = aorOf(params);
        return aor == null ? 0 : DialogKey.aorParty(aor);
    }

    private String keyHash(Binding b) {
        byte[] h = keyHash.truncated(BindingKey.of(b).getBytes(StandardCharsets.UTF_8), 6);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(h);
    }

    /**
     * The next hop: a flow to the device, or a protocol and address towards an upstream; or a refusal.
     * {@code dialogParty} names the dialog in the {@link io.midreg.proxy.dialog.DialogTable} with the Call-ID.
     */
    public record Hop(Flow flow, TransportProtocol protocol, InetSocketAddress destination, boolean towardsDevice,
                      int status, String reason, int dialogParty) {
        static Hop refused(int status, String reason) {
            return new Hop(null, null, null, false, status, reason, 0);
        }

        public boolean refused() {
            return destination == null;
        }

        Hop of(int party) {
            return refused() ? this : new Hop(flow, protocol, destination, towardsDevice, status, reason, party);
        }

        /** The dialog this request belongs to. */
        public DialogKey dialog(String callId) {
            return new DialogKey(callId, dialogParty);
        }
    }

    /**
     * @param route the request's Route pre-processing, which found midreg's Record-Route in it
     * @param from  the flow the request arrived on
     * @return the hop; completed at once unless a name must be looked up
     */
    public CompletableFuture<Hop> route(PreprocessedRoute route, Flow from, long nowMillis) {
        Map<String, String> params = null;
        for (SipUri own : route.ownRoutes()) {
            params = signer.verify(own).orElse(null);
            if (params != null) break;
        }
        if (params == null) return CompletableFuture.completedFuture(Hop.refused(403, "Forbidden (Route not signed by this midreg)"));
        int party = partyOf(params);
        Hop now = routeNow(params, from, nowMillis);
        if (now != null) return CompletableFuture.completedFuture(now.of(party));
        return towardsUpstream(route).thenApply(hop -> hop.of(party));
    }

    /** The hop when it is known without a look-up; null for a request from the device to the upstream. */
    private Hop routeNow(Map<String, String> params, Flow from, long nowMillis) {
        Binding binding = chosen(bindingsOf(params, nowMillis), params.get(BINDING)).orElse(null);
        if (binding == null) return Hop.refused(481, "Call/Transaction Does Not Exist (the device is no longer registered)");
        if (fromDevice(binding, from)) return null;
        if (!upstreamSource.test(from.remote())) return Hop.refused(403, "Forbidden (neither the device nor an upstream)");
        Optional<Flow> flow = location.flow(binding);
        if (flow.isEmpty()) return Hop.refused(480, "Temporarily Unavailable (the device's connection is gone)");
        return new Hop(flow.get(), flow.get().protocol(), flow.get().remote(), true, 0, null, 0);
    }

    /** Whether one of midreg's own Route entries carries its genuine signature (a Record-Route it wrote). */
    boolean signed(PreprocessedRoute route) {
        for (SipUri own : route.ownRoutes()) {
            if (signer.verify(own).isPresent()) return true;
        }
        return false;
    }

    private Optional<Binding> chosen(List<Binding> bindings, String hash) {
        for (Binding b : bindings) {
            if (keyHash(b).equals(hash)) return Optional.of(b);
        }
        return Optional.empty();
    }

    /** Whether {@code from} is the flow the binding registered from: source address, port and transport. */
    static boolean sentFrom(Binding b, Flow from) {
        return fromDevice(b, from);
    }

    private static boolean fromDevice(Binding b, Flow from) {
        InetSocketAddress r = from.remote();
        return r.getPort() == b.receivedPort() && sameAddress(r.getAddress(), b.receivedHost())
                && from.protocol().viaToken().equalsIgnoreCase(b.transport());
    }

    private static boolean sameAddress(InetAddress a, String host) {
        InetAddress literal = IpLiteral.parse(host);
        return literal != null && literal.equals(a);
    }

    /** The next Route, else the Request-URI; it must lead to an upstream. */
    private CompletableFuture<Hop> towardsUpstream(PreprocessedRoute route) {
        Uri next;
        try {
            next = route.routes().isEmpty() ? Uri.parse(route.requestUri()) : route.routes().get(0).uri();
        } catch (RuntimeException malformed) {
            return CompletableFuture.completedFuture(Hop.refused(416, "Unsupported URI Scheme"));
        }
        if (!(next instanceof SipUri s)) return CompletableFuture.completedFuture(Hop.refused(416, "Unsupported URI Scheme"));
        return nextHops.locate(s, upstreamSource).thenApply(l -> l.refused() ? Hop.refused(l.status(), l.reason())
                : new Hop(null, l.hop().protocol(), l.hop().address(), false, 0, null, 0));
    }
}
