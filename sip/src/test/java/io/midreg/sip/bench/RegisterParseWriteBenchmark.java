package io.midreg.sip.bench;

import io.midreg.sip.header.Contact;
import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.MessageValidator;
import io.midreg.sip.message.ResponseBuilder;
import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The registrar's hot path in the codec: a typical refresh REGISTER (~500 octets, 12 headers)
 * arrives in a direct buffer as from a socket, is parsed, and its 200 OK is written into a
 * pooled direct buffer. Run with {@code test-scenarios/jmh.sh sip RegisterParseWrite -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dio.netty.leakDetection.level=disabled"})
public class RegisterParseWriteBenchmark {
    public static final String REGISTER = ""
            + "REGISTER sip:pbx.example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.168.1.23:5060;branch=z9hG4bK776asdhds;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "To: \"Alice\" <sip:+4930123456@pbx.example.com>\r\n"
            + "From: \"Alice\" <sip:+4930123456@pbx.example.com>;tag=456248\r\n"
            + "Call-ID: 843817637684230@998sdasdh09\r\n"
            + "CSeq: 1826 REGISTER\r\n"
            + "Contact: <sip:+4930123456@192.168.1.23:5060;transport=udp;line=abc123>;expires=120\r\n"
            + "Expires: 120\r\n"
            + "Supported: path, outbound\r\n"
            + "User-Agent: Yealink SIP-T46S\r\n"
            + "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, OPTIONS\r\n"
            + "Content-Length: 0\r\n"
            + "\r\n";

    private static final String CONTACT_200 = "<sip:+4930123456@192.168.1.23:5060;transport=udp;line=abc123>;expires=120";

    private final SipMessageParser parser = new SipMessageParser();
    private final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private ByteBuf datagram;

    @Setup
    public void setup() {
        byte[] b = REGISTER.getBytes(StandardCharsets.US_ASCII);
        datagram = alloc.directBuffer(b.length).writeBytes(b);
    }

    @TearDown
    public void tearDown() {
        datagram.release();
    }

    /** Parse (start line + header index) and write the 200 OK from the received bytes. */
    @Benchmark
    public int parseAndWrite200() throws Exception {
        SipRequest r = (SipRequest) parser.parse(datagram);
        ByteBuf out = alloc.directBuffer(512);
        try {
            ResponseBuilder.of(r, 200, "OK").toTag("a6c85cf").header(HeaderName.CONTACT, CONTACT_200).writeTo(out);
            return out.readableBytes();
        } finally {
            out.release();
        }
    }

    /** The same plus what the registrar reads and the validator checks: AOR, Call-ID, CSeq, Contact, expires, branch. */
    @Benchmark
    public int parseValidateReadFieldsAndWrite200() throws Exception {
        SipRequest r = (SipRequest) parser.parse(datagram);
        MessageValidator.validate(r);
        String aor = r.to().sipUri().aor();
        Contact c = r.contacts().get(0);
        long expires = c.expires();
        String branch = r.topVia().branch();
        ByteBuf out = alloc.directBuffer(512);
        try {
            ResponseBuilder.of(r, 200, "OK").toTag("a6c85cf").header(HeaderName.CONTACT, CONTACT_200).writeTo(out);
            return out.readableBytes() + aor.length() + (int) expires + branch.length() + r.callId().length() + (int) r.cseq().number();
        } finally {
            out.release();
        }
    }
}
