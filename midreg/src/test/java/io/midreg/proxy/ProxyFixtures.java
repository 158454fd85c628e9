package io.midreg.proxy;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.MessageBuilder;
import io.midreg.sip.message.ResponseBuilder;
import io.midreg.sip.message.SipMessage;
import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.TransportProtocol;
import java.nio.charset.StandardCharsets;

/** Requests and listeners for the proxy tests. */
final class ProxyFixtures {
    static final ProxyInterface UDP = new ProxyInterface(TransportProtocol.UDP, "192.0.2.1", 5060);
    static final ProxyInterface TCP = new ProxyInterface(TransportProtocol.TCP, "192.0.2.1", 5060);
    static final ProxyInterface TLS_PUBLIC = new ProxyInterface(TransportProtocol.TLS, "198.51.100.1", 5061);
    static final LocalInterfaces LOCAL = new LocalInterfaces(java.util.List.of(UDP, TCP, TLS_PUBLIC));
    static final byte[] SECRET = "0123456789abcdef-record-route".getBytes(StandardCharsets.US_ASCII);

    private ProxyFixtures() {
    }

    /** An INVITE from the PBX to a token contact at midreg; extra headers go after the standard ones. */
    static MessageBuilder invite(String requestUri) {
        return invite(requestUri, 70);
    }

    static MessageBuilder invite(String requestUri, int maxForwards) {
        return MessageBuilder.request("INVITE", requestUri)
                .header(HeaderName.VIA, "SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bKpbx1")
                .header(HeaderName.MAX_FORWARDS, maxForwards)
                .header(HeaderName.FROM, "<sip:100@pbx.example.com>;tag=pbxtag")
                .header(HeaderName.TO, "<sip:alice@example.com>")
                .header(HeaderName.CALL_ID, "call-7@203.0.113.5")
                .header(HeaderName.CSEQ, "1 INVITE")
                .header(HeaderName.CONTACT, "<sip:100@203.0.113.5>");
    }

    /** A message as a transport would hand it over: parsed from its own copy of the bytes. */
    static SipMessage parse(byte[] bytes) {
        try {
            byte[] copy = bytes.clone();
            return new SipMessageParser().parse(copy, copy.length);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static SipRequest request(MessageBuilder b) {
        return b.buildRequest();
    }

    static SipResponse response(SipRequest request, int status) {
        return response(request, status, "t" + status);
    }

    static SipResponse response(SipRequest request, int status, String toTag) {
        try {
            return ResponseBuilder.of(request, status, "R").toTag(toTag).toMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
