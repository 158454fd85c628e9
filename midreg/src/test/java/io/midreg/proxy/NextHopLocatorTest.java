package io.midreg.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.transport.TransportProtocol;
import io.midreg.sip.uri.SipUri;
import io.midreg.upstream.targets.NameQuery;
import io.midreg.upstream.targets.NextHop;
import io.midreg.upstream.targets.NextHopNames;
import io.midreg.upstream.targets.SipUriResolver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The next hop a URI names, and the answer when there is none (RFC 3261 §21.4.5, §21.5.5; RFC 3263). */
class NextHopLocatorTest {
    private static final InetSocketAddress PBX = new InetSocketAddress("192.0.2.5", 5070);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("198.51.100.9", 5060);
    private final List<NameQuery> asked = new CopyOnWriteArrayList<>();
    private final NextHopNames names = new NextHopNames(q -> {
        asked.add(q);
        return switch (q.host()) {
            case "pbx.example.com" -> new SipUriResolver.Found(List.of(new NextHop(TransportProtocol.UDP, STRANGER),
                    new NextHop(TransportProtocol.UDP, PBX)), 60);
            case "slow.example.com" -> throw new IOException("timed out");
            default -> throw new SipUriResolver.NotFound(q.host());
        };
    }, System::currentTimeMillis, 1, 4, 16);
    private final NextHopLocator locator = new NextHopLocator(names);
    private final Predicate<InetSocketAddress> upstream = a -> a.equals(PBX);

    @AfterEach
    void close() {
        names.close();
    }

    private NextHopLocator.Located locate(String uri, Predicate<InetSocketAddress> allowed) throws Exception {
        return locator.locate(SipUri.parse(uri), allowed).get();
    }

    @Test
    void anIpLiteralIsItsOwnNextHopWithoutALookUp() throws Exception {
        assertThat(locate("sip:pbx@192.0.2.5:5070", upstream).hop()).isEqualTo(new NextHop(TransportProtocol.UDP, PBX));
        assertThat(locate("sip:pbx@192.0.2.5:5070;transport=tcp", upstream).hop().protocol()).isEqualTo(TransportProtocol.TCP);
        assertThat(locate("sips:pbx@[2001:db8::1]", a -> true).hop()).isEqualTo(new NextHop(TransportProtocol.TLS,
                new InetSocketAddress("2001:db8::1", 5061)));
        assertThat(locate("sip:pbx@198.51.100.9", upstream).status()).isEqualTo(403);
        assertThat(asked).isEmpty();
    }

    @Test
    void aNameGivesTheFirstAddressThatIsAllowedAndTheUrisPortAndTransportShapeTheQuery() throws Exception {
        assertThat(locate("sip:pbx@pbx.example.com", upstream).hop()).isEqualTo(new NextHop(TransportProtocol.UDP, PBX));
        locate("sips:pbx@pbx.example.com:5071;transport=tcp", upstream);
        assertThat(asked).containsExactly(new NameQuery("pbx.example.com", -1, null, false),
                new NameQuery("pbx.example.com", 5071, TransportProtocol.TCP, true));
    }

    @Test
    void aMissingNameIs404AFailedLookUp504AnUnknownTransport503() throws Exception {
        assertThat(locate("sip:pbx@gone.example.com", a -> true).status()).isEqualTo(404);
        assertThat(locate("sip:pbx@slow.example.com", a -> true).status()).isEqualTo(504);
        assertThat(locate("sip:pbx@pbx.example.com;transport=sctp", a -> true).status()).isEqualTo(503);
    }
}
