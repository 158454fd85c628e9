package io.midreg.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.ParserConfig;
import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.SipTransport;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.sip.transport.TransportStats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The stack's answer to malformed requests (RFC 3261 §8.2), without sockets: what is answered,
 * with which reason phrase, what is dropped, what is counted and what a trace sees.
 */
class MalformedMessagesTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 5060);
    private static final InetSocketAddress DEVICE = new InetSocketAddress("127.0.0.1", 40000);
    private static final Flow FLOW = Flow.udp(LOCAL, DEVICE);

    private final List<byte[]> sent = new ArrayList<>();
    private final List<String> traced = new ArrayList<>();
    private final RecordingApplication app = new RecordingApplication();
    private final StackCounters counters = new StackCounters();
    private final MessageTaps taps = new MessageTaps();
    private final InboundMessageProcessor processor;

    MalformedMessagesTest() {
        SipTransport transport = new SipTransport() {
            @Override
            public CompletableFuture<Void> start() {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public List<BoundListener> listeners() {
                return List.of();
            }

            @Override
            public CompletableFuture<Flow> send(Flow flow, ByteBuf message) {
                sent.add(ByteBufUtil.getBytes(message));
                message.release();
                return CompletableFuture.completedFuture(flow);
            }

            @Override
            public CompletableFuture<Flow> send(TransportProtocol protocol, InetSocketAddress destination, ByteBuf message) {
                return send(Flow.udp(LOCAL, destination), message);
            }

            @Override
            public Optional<Flow> activeFlow(TransportProtocol protocol, InetSocketAddress remote) {
                return Optional.empty();
            }

            @Override
            public Optional<Flow> connection(long connectionId) {
                return Optional.empty();
            }

            @Override
            public boolean isOpen(Flow flow) {
                return true;
            }

            @Override
            public TransportStats stats() {
                return null;
            }

            @Override
            public CompletableFuture<Void> closeAsync() {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void close() {
            }
        };
        app.transport = transport;
        processor = new InboundMessageProcessor(ParserConfig.defaults(), app, () -> transport, counters, null, taps);
        taps.set(new MessageTap() {
            @Override
            public void inbound(byte[] message, InetSocketAddress remote) {
                traced.add("in");
            }

            @Override
            public void malformed(byte[] message, InetSocketAddress remote, String problem) {
                traced.add("malformed: " + problem);
            }

            @Override
            public void outbound(byte[] message, InetSocketAddress remote) {
                traced.add("out: " + new String(message, 0, message.length, StandardCharsets.UTF_8).lines().findFirst().orElse(""));
            }
        });
    }

    private static String request(String method, String via, String cseq, String extra) {
        return method + " sip:alice@example.com SIP/2.0\r\n"
                + "Via: " + via + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=f1\r\n"
                + "To: <sip:alice@example.com>\r\n"
                + "Call-ID: bad-1@device\r\n"
                + "CSeq: " + cseq + "\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
    }

    private static final String VIA = "SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bKbad1;rport";

    private void receive(String message) {
        processor.onMessage(Unpooled.copiedBuffer(message, StandardCharsets.ISO_8859_1), FLOW);
    }

    private SipResponse onlyAnswer() throws Exception {
        assertThat(sent).hasSize(1);
        byte[] b = sent.get(0);
        return (SipResponse) new SipMessageParser().parse(b, b.length);
    }

    @Test
    void aHeaderLineWithoutAColonIsAnswered400NamingTheLineOnTheFlowItCameIn() throws Exception {
        receive(request("REGISTER", VIA, "1 REGISTER", "Expires 3600\r\n"));

        SipResponse r = onlyAnswer();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.reason()).isEqualTo("Malformed header line \"Expires 3600\" (no ':')");
        assertThat(r.callId()).isEqualTo("bad-1@device");
        assertThat(r.cseq().number()).isEqualTo(1);
        assertThat(r.topVia().branch()).isEqualTo("z9hG4bKbad1");
        assertThat(r.topVia().received()).isEqualTo("127.0.0.1");
        assertThat(r.topVia().rport()).isEqualTo(40000);
        assertThat(r.to().param("tag")).isNotNull();
        assertThat(new String(sent.get(0), StandardCharsets.ISO_8859_1)).as("the bad line is not copied").doesNotContain("Expires 3600\r\n");
        assertThat(app.requests).isEmpty();
        StackStats s = counters.snapshot();
        assertThat(s.rejected()).isEqualTo(1);
        assertThat(s.droppedMalformed()).isZero();
        assertThat(s.rejectedByHeader()).isEqualTo(Map.of("header-line", 1L));
    }

    @Test
    void aMalformedCSeqIsAnsweredWithTheHeaderInTheReasonCountedByHeaderAndTraced() throws Exception {
        receive(request("REGISTER", VIA, "99999999999 REGISTER", ""));

        SipResponse r = onlyAnswer();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.reason()).isEqualTo("Malformed CSeq header (sequence number out of range)");
        assertThat(counters.snapshot().rejectedByHeader()).isEqualTo(Map.of("CSeq", 1L));
        assertThat(traced).containsExactly("malformed: Malformed CSeq header (sequence number out of range)",
                "out: SIP/2.0 400 Malformed CSeq header (sequence number out of range)");
    }

    @Test
    void aViaWithEmptyParameterSlotsStillAddressesTheAnswerAndIsEchoedAsItCame() throws Exception {
        receive(request("INVITE", "SIP/2.0/UDP 192.0.2.15;;,;,,", "9 INVITE", ""));

        SipResponse r = onlyAnswer();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.reason()).isEqualTo("Malformed Via header (empty list element)");
        assertThat(new String(sent.get(0), StandardCharsets.ISO_8859_1)).contains("Via: SIP/2.0/UDP 192.0.2.15;;,;,,\r\n");
    }

    @Test
    void aRequestWithoutAUsableViaIsDroppedAndCounted() {
        receive(request("REGISTER", "SIP/2.0/UDP", "1 REGISTER", "Expires 3600\r\n"));
        receive(request("REGISTER", "SIP/2.0/UDP 127.0.0.1:40000", "1 REGISTER", "").replace("Via: ", "Via ")); // the Via line itself has no ':'

        assertThat(sent).isEmpty();
        assertThat(counters.snapshot().droppedMalformed()).isEqualTo(2);
        assertThat(counters.snapshot().rejected()).isZero();
        assertThat(traced).hasSize(2).allSatisfy(t -> assertThat(t).startsWith("malformed: "));
    }

    @Test
    void aMalformedAckIsNeverAnswered() {
        receive(request("ACK", VIA, "1 ACK", "Expires 3600\r\n"));
        receive(request("ACK", VIA, "99999999999 ACK", ""));

        assertThat(sent).isEmpty();
        assertThat(counters.snapshot().droppedMalformed()).isEqualTo(2);
    }

    @Test
    void aMalformedResponseIsNeverAnswered() {
        receive("SIP/2.0 200 OK\r\nVia: " + VIA + "\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: r1\r\n"
                + "CSeq: 99999999999 REGISTER\r\nContent-Length: 0\r\n\r\n");
        receive("SIP/2.0 200 OK\r\nVia: " + VIA + "\r\nCSeq 1 REGISTER\r\nContent-Length: 0\r\n\r\n");

        assertThat(sent).isEmpty();
        assertThat(app.responses).isEmpty();
        assertThat(counters.snapshot().droppedMalformed()).isEqualTo(2);
    }

    @Test
    void aRequestMissingCallIdFromAndToIsStillAnsweredFromItsViaAndCSeq() throws Exception {
        receive("INVITE sip:bob@example.com SIP/2.0\r\nVia: " + VIA + "\r\nMax-Forwards: 70\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");

        SipResponse r = onlyAnswer();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.reason()).isEqualTo("Missing Call-ID header");
        assertThat(r.cseq().method()).isEqualTo("INVITE");
    }
}
