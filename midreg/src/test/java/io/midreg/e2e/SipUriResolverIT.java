package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.Dnsmasq;
import io.midreg.upstream.targets.NameQuery;
import io.midreg.upstream.targets.NextHop;
import io.midreg.upstream.targets.SipUriResolver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 3263 §4 for a next-hop URI against a real DNS server (dnsmasq on loopback): which records
 * are asked for an explicit port, an explicit transport, a sips URI, and neither (NAPTR by order,
 * then SRV per transport, then A on 5060).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class SipUriResolverIT {
    private static final String D = "hops.test";

    private Dnsmasq dns;
    private SipUriResolver resolver;

    @BeforeAll
    void start() throws Exception {
        dns = Dnsmasq.start(D, 30, List.of(
                "--host-record=a." + D + ",127.0.0.11",
                "--host-record=b." + D + ",127.0.0.12",
                "--host-record=plain." + D + ",127.0.0.13",
                // NAPTR: TCP preferred (order 10) over UDP (order 20)
                "--naptr-record=naptr." + D + ",20,10,S,SIP+D2U,,_sip._udp.naptr." + D,
                "--naptr-record=naptr." + D + ",10,10,S,SIP+D2T,,_sip._tcp.naptr." + D,
                "--srv-host=_sip._udp.naptr." + D + ",a." + D + ",5070,10,10",
                "--srv-host=_sip._tcp.naptr." + D + ",b." + D + ",5071,10,10",
                // no NAPTR: SRV of each transport
                "--srv-host=_sip._udp.srv." + D + ",a." + D + ",5072,10,10",
                "--srv-host=_sips._tcp.srv." + D + ",b." + D + ",5073,10,10"));
        resolver = new SipUriResolver(dns.address(), Duration.ofSeconds(2), new SplittableRandom(1));
    }

    @AfterAll
    void stop() {
        if (dns != null) dns.close();
    }

    private static NextHop hop(TransportProtocol t, String ip, int port) {
        return new NextHop(t, new InetSocketAddress(ip, port));
    }

    @Test
    void naptrRecordsInOrderLeadThroughTheirSrvRecords() throws Exception {
        assertThat(resolver.locate(new NameQuery("naptr." + D, -1, null, false)).hops())
                .containsExactly(hop(TransportProtocol.TCP, "127.0.0.12", 5071), hop(TransportProtocol.UDP, "127.0.0.11", 5070));
        assertThatThrownBy(() -> resolver.locate(new NameQuery("naptr." + D, -1, null, true))).as("sips: no SIPS+D2T, no _sips._tcp, no A")
                .isInstanceOf(SipUriResolver.NotFound.class);
    }

    @Test
    void withoutNaptrTheSrvRecordsOfEachTransportThenTheAddressOn5060() throws Exception {
        assertThat(resolver.locate(new NameQuery("srv." + D, -1, null, false)).hops())
                .containsExactly(hop(TransportProtocol.UDP, "127.0.0.11", 5072), hop(TransportProtocol.TLS, "127.0.0.12", 5073));
        assertThat(resolver.locate(new NameQuery("srv." + D, -1, null, true)).hops()).containsExactly(hop(TransportProtocol.TLS, "127.0.0.12", 5073));
        assertThat(resolver.locate(new NameQuery("plain." + D, -1, null, false)).hops()).containsExactly(hop(TransportProtocol.UDP, "127.0.0.13", 5060));
    }

    @Test
    void anExplicitTransportAsksItsSrvAndAnExplicitPortOnlyTheAddress() throws Exception {
        assertThat(resolver.locate(new NameQuery("naptr." + D, -1, TransportProtocol.UDP, false)).hops())
                .containsExactly(hop(TransportProtocol.UDP, "127.0.0.11", 5070));
        assertThat(resolver.locate(new NameQuery("a." + D, 5099, null, false)).hops()).containsExactly(hop(TransportProtocol.UDP, "127.0.0.11", 5099));
        assertThat(resolver.locate(new NameQuery("a." + D, 5099, null, true)).hops()).containsExactly(hop(TransportProtocol.TLS, "127.0.0.11", 5099));
    }

    @Test
    void aNameThatDoesNotExistIsNotFound() {
        assertThatThrownBy(() -> resolver.locate(new NameQuery("nosuch." + D, -1, null, false))).isInstanceOf(SipUriResolver.NotFound.class);
        assertThatThrownBy(() -> resolver.locate(new NameQuery("nosuch." + D, 5060, null, false))).isInstanceOf(SipUriResolver.NotFound.class);
    }
}
