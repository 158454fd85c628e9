package io.midreg.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.location.Location;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.store.Binding;
import io.midreg.store.UpstreamState;
import io.midreg.store.UpstreamStatus;
import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.UpstreamTarget;
import io.midreg.upstream.targets.NextHop;
import io.midreg.upstream.targets.NextHopNames;
import io.midreg.upstream.targets.SipUriResolver;
import io.midreg.upstream.targets.UpstreamLeg;
import io.midreg.upstream.targets.UpstreamRoute;
import io.midreg.upstream.targets.UpstreamRouter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where a device's out-of-dialog request goes (RFC 3608): through the Service-Route of the
 * registration while its target holds it, else to the target the router picks, without it.
 */
class TowardsUpstreamTest {
    private static final String AOR = "sip:alice@example.com";
    private static final InetSocketAddress A = new InetSocketAddress("192.0.2.10", 5070);
    private static final InetSocketAddress B = new InetSocketAddress("192.0.2.11", 5071);
    private static final InetSocketAddress EDGE = new InetSocketAddress("198.51.100.5", 5060);

    private UpstreamState registration;
    private boolean aIsDown;
    private final NextHopNames names = new NextHopNames(q -> {
        if (q.host().equals("edge.example.com")) return new SipUriResolver.Found(List.of(new NextHop(TransportProtocol.TCP, EDGE)), 60);
        throw new SipUriResolver.NotFound(q.host() + " does not exist");
    }, System::currentTimeMillis, 1, 4, 16);
    private final TowardsUpstream towards = new TowardsUpstream(location(), uri -> Optional.of(AOR), router(), names);

    @AfterEach
    void close() {
        names.close();
    }

    private static UpstreamLeg leg(String name, InetSocketAddress at) {
        return new UpstreamLeg(new UpstreamRelay(null, new UpstreamTarget(TransportProtocol.UDP, at, null, "192.0.2.1:5060")), null, name);
    }

    /** Two targets: a holds what it holds while up; when it is down everything goes to b. */
    private UpstreamRouter router() {
        return new UpstreamRouter() {
            @Override
            public UpstreamLeg current(String aor, long nowMillis) {
                return aIsDown ? leg("b:5071", B) : leg("a:5070", A);
            }

            @Override
            public UpstreamLeg holding(String aor, String heldTarget, long nowMillis) {
                return "a:5070".equals(heldTarget) && !aIsDown ? leg("a:5070", A) : current(aor, nowMillis);
            }

            @Override
            public boolean mustMove(String aor, String heldTarget, UpstreamLeg current, long nowMillis) {
                return false;
            }

            @Override
            public boolean isUpstream(InetAddress source) {
                return true;
            }

            @Override
            public UpstreamRoute route() {
                return null;
            }
        };
    }

    private Location location() {
        return new Location() {
            @Override
            public List<Binding> bindings(String aor, long nowMillis) {
                return List.of();
            }

            @Override
            public Optional<Named> named(String token, long nowMillis) {
                return Optional.empty();
            }

            @Override
            public Optional<Flow> flow(Binding binding) {
                return Optional.empty();
            }

            @Override
            public Optional<String> holdingTarget(String aor) {
                return Optional.ofNullable(registration).map(UpstreamState::target);
            }

            @Override
            public Optional<UpstreamState> registration(String aor) {
                return Optional.ofNullable(registration);
            }
        };
    }

    private static UpstreamState heldBy(String target, String... serviceRoute) {
        return new UpstreamState("tok", 0, 0, "cid", 1, UpstreamStatus.REGISTERED, 200, null, List.of(serviceRoute), List.of(), target);
    }

    private static Binding sentFrom(UpstreamState own) {
        return new Binding("sip:alice@192.0.2.7:5060", null, 0, "192.0.2.7", 5060, "udp", null, List.of(), "cid", 1, Long.MAX_VALUE, -1, null,
                0, 0, own);
    }

    private TowardsUpstream.Destination destination(Binding sender) throws Exception {
        return towards.destination(AOR, sender, 0).get();
    }

    @Test
    void withoutAServiceRouteTheRequestGoesToTheHoldingTarget() throws Exception {
        registration = heldBy("a:5070");
        TowardsUpstream.Destination d = destination(null);
        assertThat(d.hop()).isEqualTo(new NextHop(TransportProtocol.UDP, A));
        assertThat(d.routeSet()).isEmpty();
    }

    @Test
    void theServiceRouteIsPreloadedAndItsFirstEntryIsTheNextHop() throws Exception {
        registration = heldBy("a:5070", "<sip:198.51.100.5:5080;transport=tcp;lr>", "<sip:orig@scscf.example.com;lr>");
        TowardsUpstream.Destination d = destination(null);
        assertThat(d.hop()).isEqualTo(new NextHop(TransportProtocol.TCP, new InetSocketAddress("198.51.100.5", 5080)));
        assertThat(d.routeSet()).containsExactly("<sip:198.51.100.5:5080;transport=tcp;lr>", "<sip:orig@scscf.example.com;lr>");
    }

    @Test
    void aFirstHopNamedByDnsIsLocatedAndOneThatDoesNotExistIs404() throws Exception {
        registration = heldBy("a:5070", "<sip:edge.example.com;lr>");
        assertThat(destination(null).hop()).isEqualTo(new NextHop(TransportProtocol.TCP, EDGE));
        registration = heldBy("a:5070", "<sip:gone.example.com;lr>");
        TowardsUpstream.Destination d = destination(null);
        assertThat(d.refused()).isTrue();
        assertThat(d.status()).isEqualTo(404);
    }

    @Test
    void whenTheHoldingTargetIsDownTheRequestFailsOverWithoutItsRoute() throws Exception {
        registration = heldBy("a:5070", "<sip:192.0.2.10:5070;lr>");
        aIsDown = true;
        TowardsUpstream.Destination d = destination(null);
        assertThat(d.hop()).as("the route's first hop is the target that is down: the other target").isEqualTo(new NextHop(TransportProtocol.UDP, B));
        assertThat(d.routeSet()).as("the route belongs to the registration at a").isEmpty();
    }

    @Test
    void inContactModeTheSendersOwnRegistrationGivesTheRoute() throws Exception {
        registration = heldBy("a:5070", "<sip:192.0.2.99;lr>");
        TowardsUpstream.Destination d = destination(sentFrom(heldBy("a:5070", "<sip:198.51.100.5;lr>")));
        assertThat(d.hop()).isEqualTo(new NextHop(TransportProtocol.UDP, new InetSocketAddress("198.51.100.5", 5060)));
        assertThat(d.routeSet()).containsExactly("<sip:198.51.100.5;lr>");
    }
}
