package io.midreg.proxy;

import static io.midreg.proxy.ProxyFixtures.SECRET;
import static io.midreg.proxy.ProxyFixtures.TCP;
import static io.midreg.proxy.ProxyFixtures.TLS_PUBLIC;
import static io.midreg.proxy.ProxyFixtures.UDP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.midreg.sip.header.NameAddress;
import io.midreg.sip.uri.SipUri;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signed Record-Route parameters and double Record-Route (RFC 3261 §16.6 step 4, RFC 5658). */
class RecordRouteSignerTest {
    private final RecordRouteSigner signer = new RecordRouteSigner(SECRET);

    private static Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("aor", "sip:alice@example.com");
        p.put("b", "dev 1;x");
        p.put("ob", null);
        return p;
    }

    @Test
    void aSignedUriIsALooseRouteToTheListenerAndVerifiesToItsParameters() {
        SipUri uri = signer.uri(TCP, params());
        assertThat(uri.host()).isEqualTo("192.0.2.1");
        assertThat(uri.port()).isEqualTo(5060);
        assertThat(uri.lr()).isTrue();
        assertThat(uri.transport()).isEqualTo("tcp");
        assertThat(uri.user()).isNull();
        // as a UA would hand it back: copied from Record-Route into Route, text unchanged
        SipUri back = SipUri.parse(uri.toString());
        assertThat(signer.verify(back)).contains(params());
    }

    @Test
    void aTamperedValueAForgedSignatureAnotherKeyOrNoSignatureFail() {
        String text = signer.uri(UDP, params()).toString();
        assertThat(signer.verify(SipUri.parse(text.replace("aor=sip:alice", "aor=sip:mallory")))).isEmpty();
        assertThat(signer.verify(SipUri.parse(text.replaceAll("mrsig=[^;>]*", "mrsig=AAAAAAAAAAAAAAAAAAAAAA")))).isEmpty();
        assertThat(signer.verify(SipUri.parse(text.replaceAll("mrsig=[^;>]*", "mrsig=!!")))).isEmpty();
        assertThat(signer.verify(SipUri.parse(text + ";extra=1"))).isEmpty();
        assertThat(signer.verify(SipUri.parse("sip:192.0.2.1;lr;aor=x"))).isEmpty();
        RecordRouteSigner other = new RecordRouteSigner("another-secret-of-16+".getBytes(StandardCharsets.US_ASCII));
        assertThat(other.verify(SipUri.parse(text))).isEmpty();
    }

    @Test
    void reservedNamesAndShortSecretsAreRefused() {
        assertThatThrownBy(() -> signer.uri(UDP, Map.of("lr", "1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signer.uri(UDP, Map.of("mrsig", "1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordRouteSigner(new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneListenerRecordsOnceTwoListenersRecordTwiceOutboundOnTop() {
        RecordRouting rr = new RecordRouting(signer);
        assertThat(rr.values(UDP, UDP, Map.of("b", "1"))).hasSize(1);

        List<String> two = rr.values(TLS_PUBLIC, UDP, Map.of("b", "1"));
        assertThat(two).hasSize(2);
        SipUri top = NameAddress.parse("Record-Route", two.get(0)).sipUri();
        SipUri below = NameAddress.parse("Record-Route", two.get(1)).sipUri();
        assertThat(top.host()).isEqualTo("192.0.2.1");
        assertThat(top.transport()).isNull();
        assertThat(below.host()).isEqualTo("198.51.100.1");
        assertThat(below.port()).isEqualTo(5061);
        assertThat(below.transport()).isEqualTo("tls");
        assertThat(signer.verify(top)).contains(Map.of("b", "1"));
        assertThat(signer.verify(below)).contains(Map.of("b", "1"));

        // UDP and TCP on the same address are still two listeners: the transport differs
        assertThat(rr.values(TCP, UDP, Map.of())).hasSize(2);
    }
}
