package io.midreg.nat.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NatDetectorTest {

    private static InetSocketAddress at(String host, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    private static NatVerdict udp(InetSocketAddress source, String viaHost, int viaPort, String contactHost) {
        return NatDetector.classify(new NatEvidence(source, viaHost, viaPort, TransportProtocol.UDP, contactHost));
    }

    @Test
    void aPublicDeviceWhoseAddressesAllAgreeIsNotBehindANat() throws Exception {
        NatVerdict v = udp(at("203.0.113.5", 5060), "203.0.113.5", 5060, "203.0.113.5");
        assertThat(v.behindNat()).isFalse();
        assertThat(v.reasons()).isEmpty();
        assertThat(udp(at("2001:db8::5", 5062), "[2001:db8::5]", 5062, "[2001:db8::5]").behindNat()).isFalse();
    }

    @Test
    void aSourceAddressOtherThanTheViasIsANat() throws Exception {
        NatVerdict v = udp(at("198.51.100.7", 5060), "203.0.113.5", 5060, "203.0.113.5");
        assertThat(v.behindNat()).isTrue();
        assertThat(v.reasons()).extracting(NatReason::rule).containsExactly(NatRule.SOURCE_ADDRESS_DIFFERS_FROM_VIA);
        assertThat(v.reasons().get(0).detail()).isEqualTo("sent from 198.51.100.7, Via says 203.0.113.5");

        NatVerdict v6 = udp(at("2001:db8::7", 5060), "[2001:db8::5]", 5060, null);
        assertThat(v6.reasons()).extracting(NatReason::rule).containsExactly(NatRule.SOURCE_ADDRESS_DIFFERS_FROM_VIA);
    }

    @Test
    void aSourcePortOtherThanTheViasIsANatAndAMissingPortIsTheTransportsDefault() throws Exception {
        assertThat(udp(at("203.0.113.5", 40123), "203.0.113.5", 5060, null).reasons())
                .extracting(NatReason::rule).containsExactly(NatRule.SOURCE_PORT_DIFFERS_FROM_VIA);
        assertThat(udp(at("203.0.113.5", 5060), "203.0.113.5", -1, null).behindNat()).isFalse();
        NatVerdict tls = NatDetector.classify(new NatEvidence(at("2001:db8::5", 5061), "[2001:db8::5]", -1, TransportProtocol.TLS, null));
        assertThat(tls.behindNat()).isFalse();
        NatVerdict tlsOnOtherPort = NatDetector.classify(new NatEvidence(at("2001:db8::5", 5060), "[2001:db8::5]", -1,
                TransportProtocol.TLS, null));
        assertThat(tlsOnOtherPort.fired(NatRule.SOURCE_PORT_DIFFERS_FROM_VIA)).isTrue();
    }

    @Test
    void privateSharedLinkLocalAndUniqueLocalViasAreNats() throws Exception {
        for (String local : new String[] {"10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.1.23", "100.64.0.1", "100.127.255.1",
                "169.254.10.10", "[fe80::1]", "[fd12:3456::1]", "[fc00::1]"}) {
            NatVerdict v = udp(at("203.0.113.5", 5060), local, 5060, null);
            assertThat(v.fired(NatRule.VIA_ADDRESS_NOT_PUBLIC)).as(local).isTrue();
            assertThat(v.fired(NatRule.SOURCE_ADDRESS_DIFFERS_FROM_VIA)).as(local).isTrue();
        }
        assertThat(udp(at("203.0.113.5", 5060), "192.168.1.23", 5060, null).reasons())
                .filteredOn(r -> r.rule() == NatRule.VIA_ADDRESS_NOT_PUBLIC).extracting(NatReason::detail)
                .containsExactly("Via 192.168.1.23 is PRIVATE");
    }

    @Test
    void theNeighboursOfTheLocalRangesArePublic() throws Exception {
        for (String open : new String[] {"172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "192.169.0.1", "11.0.0.1",
                "169.253.0.1", "[fe00::1]", "[fec0::1]", "[fb00::1]", "[fe7f::1]", "[2001:db8::1]"}) {
            NatVerdict v = udp(at("203.0.113.5", 5060), "203.0.113.5", 5060, open);
            assertThat(v.behindNat()).as(open).isFalse();
        }
    }

    @Test
    void aLocalContactBehindAnAddressThatOtherwiseAgreesIsANat() throws Exception {
        // A device whose NAT keeps the port and which learned its public address (STUN) for Via,
        // but still writes its LAN address into Contact.
        NatVerdict v = udp(at("203.0.113.5", 5060), "203.0.113.5", 5060, "192.168.0.10");
        assertThat(v.reasons()).extracting(NatReason::rule).containsExactly(NatRule.CONTACT_ADDRESS_NOT_PUBLIC);
        assertThat(udp(at("2001:db8::5", 5060), "[2001:db8::5]", 5060, "[fd00::10]").reasons())
                .extracting(NatReason::rule).containsExactly(NatRule.CONTACT_ADDRESS_NOT_PUBLIC);
        assertThat(udp(at("203.0.113.5", 5060), "203.0.113.5", 5060, "100.100.1.1").fired(NatRule.CONTACT_ADDRESS_NOT_PUBLIC)).isTrue();
    }

    @Test
    void everyRuleCanFireAtOnceInRuleOrder() throws Exception {
        NatVerdict v = udp(at("198.51.100.7", 61000), "192.168.1.23", 5060, "192.168.1.23");
        assertThat(v.reasons()).extracting(NatReason::rule).containsExactly(NatRule.values());
    }

    @Test
    void domainNamesAreNoEvidenceAndAreNeverLookedUp() throws Exception {
        NatVerdict v = udp(at("203.0.113.5", 5060), "phone.example.com", 5060, "phone.example.com");
        assertThat(v.behindNat()).isFalse();
        // Not quite addresses either: no guessing what they meant.
        for (String odd : new String[] {"10.1", "10.0.0.256", "10.0.0.1.", "1.2.3.4.5", "[zz::1]", "fe80::1%eth0", "0x0a.0.0.1"}) {
            assertThat(udp(at("203.0.113.5", 5060), odd, 5060, odd).fired(NatRule.VIA_ADDRESS_NOT_PUBLIC)).as(odd).isFalse();
        }
    }

    @Test
    void loopbackIsNotANatSoTestsOnThisHostAreDirect() throws Exception {
        assertThat(udp(at("127.0.0.1", 5062), "127.0.0.1", 5062, "127.0.0.1").behindNat()).isFalse();
        assertThat(udp(at("::1", 5062), "[::1]", 5062, "[::1]").behindNat()).isFalse();
    }

    @Test
    void evidenceIsReadFromARequestItsViaAndContact() throws Exception {
        SipRequest register = parse("""
                REGISTER sip:pbx.example.com SIP/2.0\r
                Via: SIP/2.0/UDP 192.168.1.23:5060;branch=z9hG4bK776;rport\r
                Max-Forwards: 70\r
                From: <sip:alice@pbx.example.com>;tag=1\r
                To: <sip:alice@pbx.example.com>\r
                Call-ID: nat-1\r
                CSeq: 1 REGISTER\r
                Contact: <sip:alice@192.168.1.23:5060;transport=udp>;expires=120\r
                Content-Length: 0\r
                \r
                """);
        Flow flow = Flow.udp(at("127.0.0.1", 5060), at("198.51.100.7", 40000));
        NatEvidence e = NatEvidence.of(register, flow);
        assertThat(e).isEqualTo(new NatEvidence(at("198.51.100.7", 40000), "192.168.1.23", 5060, TransportProtocol.UDP, "192.168.1.23"));
        assertThat(NatDetector.classify(e).reasons()).extracting(NatReason::rule).containsExactly(NatRule.values());
    }

    @Test
    void receivedAndRportWrittenByAProxyInFrontAreWhereTheDeviceWasSeen() throws Exception {
        SipRequest viaEdge = parse("""
                REGISTER sip:pbx.example.com SIP/2.0\r
                Via: SIP/2.0/UDP [2001:db8::5]:5060;branch=z9hG4bK1;received=2001:db8::99;rport=40000\r
                Max-Forwards: 70\r
                From: <sip:bob@pbx.example.com>;tag=1\r
                To: <sip:bob@pbx.example.com>\r
                Call-ID: nat-2\r
                CSeq: 1 REGISTER\r
                Contact: <sip:bob@[2001:db8::5]:5060>\r
                Content-Length: 0\r
                \r
                """);
        NatEvidence e = NatEvidence.of(viaEdge, Flow.udp(at("::1", 5060), at("2001:db8::1", 5060)));
        assertThat(e.source()).isEqualTo(at("2001:db8::99", 40000));
        assertThat(NatDetector.classify(e).reasons()).extracting(NatReason::rule)
                .containsExactly(NatRule.SOURCE_ADDRESS_DIFFERS_FROM_VIA, NatRule.SOURCE_PORT_DIFFERS_FROM_VIA);
    }

    private static SipRequest parse(String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return (SipRequest) new SipMessageParser().parse(bytes, bytes.length);
    }
}
