package io.midreg.sip.transaction;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.MessageBuilder;
import io.midreg.sip.message.ResponseBuilder;
import io.midreg.sip.message.SipMessage;
import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.ConformanceCorpus;
import io.midreg.testing.VirtualClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** Messages, flows and a layer on virtual time for the transaction tests. */
final class TxFixtures {
    static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 5060);
    static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.10", 5062);
    static final Flow UDP_FLOW = new Flow(TransportProtocol.UDP, LOCAL, PEER, 0);
    static final Flow TCP_FLOW = new Flow(TransportProtocol.TCP, LOCAL, PEER, 42);

    final VirtualClock clock = new VirtualClock();
    final RecordingTransport transport = new RecordingTransport(clock);
    final RecordingUser user;
    final java.util.List<SipResponse> strays = new java.util.ArrayList<>();
    final TransactionLayer layer;

    TxFixtures() {
        this(new RecordingUser());
    }

    TxFixtures(RecordingUser user) {
        this.user = user;
        this.layer = new TransactionLayer(transport, VirtualTimeScheduler.on(clock), TimerConfig.defaults(), user, (r, f) -> strays.add(r));
    }

    static SipMessage parse(byte[] bytes) {
        try {
            byte[] copy = bytes.clone(); // a new datagram each time, as a transport would deliver it
            return new SipMessageParser().parse(copy, copy.length);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static SipRequest request(byte[] bytes) {
        return (SipRequest) parse(bytes);
    }

    static byte[] register(String branch, TransportProtocol p) {
        return MessageBuilder.request("REGISTER", "sip:example.com")
                .header(HeaderName.VIA, "SIP/2.0/" + p.viaToken() + " 192.0.2.10:5062;branch=" + branch + ";rport")
                .header(HeaderName.MAX_FORWARDS, 70)
                .header(HeaderName.FROM, "<sip:alice@example.com>;tag=f1")
                .header(HeaderName.TO, "<sip:alice@example.com>")
                .header(HeaderName.CALL_ID, "reg-1@192.0.2.10")
                .header(HeaderName.CSEQ, "7 REGISTER")
                .header(HeaderName.CONTACT, "<sip:alice@192.0.2.10:5062>")
                .header(HeaderName.EXPIRES, 3600)
                .toBytes();
    }

    static byte[] invite(String branch, TransportProtocol p) {
        return MessageBuilder.request("INVITE", "sip:bob@example.com")
                .header(HeaderName.VIA, "SIP/2.0/" + p.viaToken() + " 192.0.2.10:5062;branch=" + branch)
                .header(HeaderName.ROUTE, "<sip:proxy.example.com;lr>")
                .header(HeaderName.MAX_FORWARDS, 70)
                .header(HeaderName.FROM, "<sip:alice@example.com>;tag=f1")
                .header(HeaderName.TO, "<sip:bob@example.com>")
                .header(HeaderName.CALL_ID, "call-1@192.0.2.10")
                .header(HeaderName.CSEQ, "1 INVITE")
                .header(HeaderName.CONTACT, "<sip:alice@192.0.2.10:5062>")
                .toBytes();
    }

    static SipResponse response(SipRequest request, int status, String toTag) {
        try {
            return ResponseBuilder.of(request, status, "R").toTag(toTag).toMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] rfc4475(String name) throws IOException {
        return ConformanceCorpus.read("rfc4475/" + name);
    }
}
