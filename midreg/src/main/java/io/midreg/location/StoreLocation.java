package io.midreg.location;

import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.SipTransport;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.ReadOnlyStoreView;
import io.midreg.store.UpstreamState;
import io.midreg.upstream.ContactToken;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link Location} over the binding store (read only), the signed contact tokens and the
 * transport's flow table.
 *
 * <p>The store keeps a UDP binding's source address and port but not the listener it came in
 * on: a UDP flow goes out of the first UDP listener, as a new request to the device would.
 */
public final class StoreLocation implements Location {
    private final ReadOnlyStoreView store;
    private final ContactToken tokens;
    private final SipTransport transport;

    public StoreLocation(ReadOnlyStoreView store, ContactToken tokens, SipTransport transport) {
        this.store = store;
        this.tokens = tokens;
        this.transport = transport;
    }

    @Override
    public List<Binding> bindings(String aor, long nowMillis) {
        return store.get(aor).map(r -> unexpired(r, nowMillis)).orElse(List.of());
    }

    @Override
    public Optional<Named> named(String token, long nowMillis) {
        return tokens.decode(token).map(subject -> {
            List<Binding> live = bindings(subject.aor(), nowMillis);
            if (subject.bindingKey().isEmpty()) return new Named(subject.aor(), live);
            for (Binding b : live) {
                if (BindingKey.of(b).equals(subject.bindingKey())) return new Named(subject.aor(), List.of(b));
            }
            return new Named(subject.aor(), List.of());
        });
    }

    @Override
    public Optional<Flow> flow(Binding binding) {
        TransportProtocol protocol = protocolOf(binding.transport());
        if (protocol == null) return Optional.empty();
        InetSocketAddress remote = new InetSocketAddress(binding.receivedHost(), binding.receivedPort());
        if (protocol == TransportProtocol.UDP) return transport.activeFlow(protocol, remote);
        long id;
        try {
            id = binding.flowId() == null ? 0 : Long.parseLong(binding.flowId());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (id <= 0) return Optional.empty();
        // the same connection, still open, still that device's: ids are never reused within a run
        return transport.connection(id).filter(f -> f.protocol() == protocol && f.remote().equals(remote));
    }

    @Override
    public Optional<String> holdingTarget(String aor) {
        return store.get(aor).map(StoreLocation::holder);
    }

    @Override
    public Optional<UpstreamState> registration(String aor) {
        return store.get(aor).map(StoreLocation::registrationOf);
    }

    private static UpstreamState registrationOf(AorRecord r) {
        if (r.upstream() != null) return r.upstream();
        UpstreamState first = null;
        for (Binding b : r.bindings()) {
            if (hasTarget(b.upstream())) return b.upstream();
            if (first == null) first = b.upstream();
        }
        return first;
    }

    private static String holder(AorRecord r) {
        if (hasTarget(r.upstream())) return r.upstream().target();
        for (Binding b : r.bindings()) {
            if (hasTarget(b.upstream())) return b.upstream().target();
        }
        return null;
    }

    private static boolean hasTarget(UpstreamState u) {
        return u != null && u.target() != null && !u.target().isEmpty();
    }

    private static List<Binding> unexpired(AorRecord r, long now) {
        List<Binding> live = new ArrayList<>(r.bindings().size());
        for (Binding b : r.bindings()) {
            if (b.expiresAt() > now) live.add(b);
        }
        return live;
    }

    /** The transport a binding was stored with ({@code udp}, {@code tcp}, {@code tls}); null for one midreg cannot send on. */
    private static TransportProtocol protocolOf(String stored) {
        for (TransportProtocol p : TransportProtocol.values()) {
            if (p.viaToken().equalsIgnoreCase(stored)) return p;
        }
        return null;
    }
}
