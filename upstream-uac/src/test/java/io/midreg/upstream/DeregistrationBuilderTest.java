package io.midreg.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.transport.TransportProtocol;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeregistrationBuilderTest {
    private final UpstreamTarget udp = new UpstreamTarget(TransportProtocol.UDP, new InetSocketAddress("127.0.0.1", 5070), null, "127.0.0.1:5060");

    @Test
    void removesEveryContactWithExpiresZeroToTheAorsDomain() {
        List<String> contacts = List.of(UpstreamRegisterBuilder.tokenContactUri("tok1", udp), "sip:alice@10.0.0.5:5062");
        SipRequest r = UpstreamRegisterBuilder.buildDeregistration("sip:alice@example.com", contacts, udp, "z9hG4bKop1", "cid@midreg", "t1");
        assertThat(r.method()).isEqualTo("REGISTER");
        assertThat(r.startLine()).isEqualTo("REGISTER sip:example.com SIP/2.0");
        assertThat(r.topVia().branch()).isEqualTo("z9hG4bKop1");
        assertThat(r.to().uri().toString()).isEqualTo("sip:alice@example.com");
        assertThat(r.callId()).isEqualTo("cid@midreg");
        assertThat(r.contacts()).hasSize(2).allSatisfy(c -> assertThat(c.expires()).isZero());
        assertThat(r.contacts().get(0).address().uri().toString()).isEqualTo("sip:tok1@127.0.0.1:5060");
        assertThat(r.header(HeaderName.EXPIRES)).isEqualTo("0");
        assertThat(r.header(HeaderName.AUTHORIZATION)).as("midreg holds no credentials").isNull();
    }

    @Test
    void configuredRequestUriAndTransportAreUsed() {
        UpstreamTarget tcp = new UpstreamTarget(TransportProtocol.TCP, new InetSocketAddress("127.0.0.1", 5070), "sip:pbx.example.com", "127.0.0.1:5060");
        SipRequest r = UpstreamRegisterBuilder.buildDeregistration("sip:bob@example.com", List.of(UpstreamRegisterBuilder.tokenContactUri("t", tcp)),
                tcp, "z9hG4bKop2", "c", "t2");
        assertThat(r.startLine()).isEqualTo("REGISTER sip:pbx.example.com SIP/2.0");
        assertThat(r.contacts().get(0).address().uri().toString()).isEqualTo("sip:t@127.0.0.1:5060;transport=tcp");
        assertThat(r.header(HeaderName.VIA)).startsWith("SIP/2.0/TCP 127.0.0.1:5060");
    }
}
