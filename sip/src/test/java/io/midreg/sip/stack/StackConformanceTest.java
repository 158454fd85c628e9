package io.midreg.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.ParserConfig;
import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.testing.NettyLeakCheck;
import io.midreg.sip.transport.ListenerConfig;
import io.midreg.sip.transport.TransportConfig;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.ConformanceCorpus;
import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.SipPeer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every manifest message as one UDP datagram to a running stack: a valid request reaches the
 * application (which answers 200), a valid response reaches it too; every invalid request is
 * answered with its error status and a reason phrase that names what is wrong (RFC 3261 §8.2),
 * except baddate, whose Date header midreg never reads (RFC 4475 §3.1.2.12 allows ignoring it);
 * an invalid response is dropped and counted. The stack keeps answering afterwards. One-second
 * deadline per case.
 */
@ExtendWith(NettyLeakCheck.class)
class StackConformanceTest {
    private static final Set<String> TOLERATED = Set.of("baddate");
    private static final Map<String, Integer> STATUS = Map.of("badvers", 505);
    private static final Map<String, String> REASON = Map.ofEntries(
            Map.entry("badinv01", "Malformed Via header (empty list element)"),
            Map.entry("clerr", "Content-Length larger than the message"),
            Map.entry("ncl", "Malformed Content-Length header"),
            Map.entry("scalar02", "Malformed CSeq header (sequence number out of range)"),
            Map.entry("quotbal", "Malformed To header (unterminated quoted string)"),
            Map.entry("ltgtruri", "Bad Request (Request-URI in angle brackets)"),
            Map.entry("lwsruri", "Bad Request (malformed SIP version)"),
            Map.entry("lwsstart", "Bad Request (extra whitespace in Request-Line)"),
            Map.entry("trws", "Bad Request (malformed SIP version)"),
            Map.entry("escruri", "Bad Request (Request-URI must not carry headers)"),
            Map.entry("regbadct", "Malformed Contact header (URI with '?' must be enclosed in '<>')"),
            Map.entry("badaspec", "Malformed To header (whitespace or nothing inside '<>')"),
            Map.entry("baddn", "Bad Request (header section not terminated by an empty line)"),
            Map.entry("badvers", "Version Not Supported (SIP/7.0)"),
            Map.entry("mismatch01", "CSeq method does not match the Request-Line"),
            Map.entry("mismatch02", "CSeq method does not match the Request-Line"),
            Map.entry("insuf", "Missing Call-ID header"),
            Map.entry("multi01", "More than one Call-ID header"),
            Map.entry("mcl01", "Conflicting Content-Length headers"),
            Map.entry("ipv6-bad", "Malformed Request-URI (bad port)"));

    private static final RecordingApplication app = new RecordingApplication();
    private static SipStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = new SipStack(TransportConfig.defaults().withListeners(List.of(ListenerConfig.of(TransportProtocol.UDP, "127.0.0.1", 0))),
                ParserConfig.defaults(), app);
        app.transport = stack.transport();
        stack.start().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @TestFactory
    Stream<DynamicTest> everyManifestMessageOverUdp() throws Exception {
        return ConformanceCorpus.entries().stream().map(e -> DynamicTest.dynamicTest(e.toString(),
                () -> Assertions.assertTimeoutPreemptively(Duration.ofSeconds(2), () -> check(e))));
    }

    private void check(ConformanceCorpus.Entry e) throws Exception {
        app.requests.clear();
        app.responses.clear();
        long dropped = stack.stats().droppedMalformed();
        long rejected = stack.stats().rejected();
        byte[] wire = e.wireBytes();
        String callId = callIdOf(wire);
        try (SipPeer c = SipPeer.open("udp", stack.transport().boundAddresses().get(0), Duration.ofSeconds(1))) {
            c.send(wire);
            if (e.valid() && e.isRequest()) {
                var seen = app.requests.poll(1, TimeUnit.SECONDS);
                assertThat(seen).as("valid request reached the application").isNotNull();
                assertThat(seen.callId()).isEqualTo(callId);
                ReceivedMessage r = c.receive();
                assertThat(r.status()).isEqualTo(200);
            } else if (e.valid()) {
                assertThat(app.responses.poll(1, TimeUnit.SECONDS)).as("valid response reached the application").isNotNull();
            } else if (e.isRequest() && TOLERATED.contains(e.name())) {
                assertThat(app.requests.poll(1, TimeUnit.SECONDS)).as("tolerated request %s reached the application", e.name()).isNotNull();
            } else if (e.isRequest()) {
                byte[] answer = c.receiveOrNull(Duration.ofSeconds(1));
                assertThat(answer).as("answer to the invalid request %s", e.name()).isNotNull();
                ReceivedMessage r = ReceivedMessage.parse(answer);
                assertThat(r.status()).as("status for %s", e.name()).isEqualTo(STATUS.getOrDefault(e.name(), 400));
                assertThat(r.reason()).as("reason phrase for %s", e.name()).isEqualTo(REASON.get(e.name()));
                if (callId != null) assertThat(r.callId()).isEqualTo(callId);
                assertThat(app.requests.poll()).as("invalid request %s reached the application", e.name()).isNull();
                waitFor(() -> stack.stats().rejected() > rejected);
            } else {
                assertThat(app.responses.poll(200, TimeUnit.MILLISECONDS)).as("invalid response passed up").isNull();
                waitFor(() -> stack.stats().droppedMalformed() > dropped);
            }
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("neither answered nor counted as dropped");
            Thread.sleep(5);
        }
    }

    private static String callIdOf(byte[] wire) {
        try {
            return SipMessageParser.forErrorResponses(ParserConfig.defaults()).parse(wire, wire.length).callId();
        } catch (Exception ex) {
            return null;
        }
    }
}
