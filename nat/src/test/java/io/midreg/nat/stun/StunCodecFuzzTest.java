package io.midreg.nat.stun;

import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.midreg.sip.transport.Flow;
import io.midreg.testing.FuzzBounds;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the STUN decoder as the UDP SIP ports meet it (RFC 5389 / RFC 3489 keep-alives): any
 * datagram is a message or a {@link StunDecodeResult.Malformed} with its reason — the codec
 * throws nothing at all; the mapped-address readers of a decoded message's attributes answer
 * an address or empty; a datagram inside a larger buffer decodes as it does alone; and the
 * responder's answer to whatever it answers is itself a well-formed message.
 * Seeds: the RFC 5769 test vectors and {@code StunCodecFuzzTestInputs/}.
 */
class StunCodecFuzzTest {
    private static final Flow FLOW = flow();

    static Stream<Arguments> vectors() {
        return Stream.of(
                arguments(named("RFC 5769 request", Rfc5769.SAMPLE_REQUEST)),
                arguments(named("RFC 5769 IPv4 response", Rfc5769.SAMPLE_IPV4_RESPONSE)),
                arguments(named("RFC 5769 IPv6 response", Rfc5769.SAMPLE_IPV6_RESPONSE)),
                arguments(named("RFC 5769 long-term request", Rfc5769.SAMPLE_REQUEST_LONG_TERM)));
    }

    @MethodSource("vectors")
    @FuzzTest(maxDuration = "15s")
    void datagram(byte[] input) {
        FuzzBounds.check("StunCodec", input, () -> {
            StunDecodeResult alone = StunCodec.decode(ByteBuffer.wrap(input).asReadOnlyBuffer());
            byte[] framed = new byte[input.length + 5];
            System.arraycopy(input, 0, framed, 3, input.length);
            StunDecodeResult inside = StunCodec.decode(ByteBuffer.wrap(framed, 3, input.length).slice());
            StunDecodeResult offset = StunCodec.decode(ByteBuffer.wrap(framed).position(3).limit(3 + input.length));
            if (!sameOutcome(alone, inside) || !sameOutcome(alone, offset)) {
                throw new AssertionError("decodes differently inside a larger buffer: " + alone + " / " + inside + " / " + offset);
            }
            if (alone instanceof StunDecodeResult.Decoded d) {
                for (StunAttribute a : d.message().attributes()) {
                    StunAddresses.readXorMapped(a, d.message().transactionId());
                    StunAddresses.readMapped(a);
                }
            }
            ByteBuffer reply = new StunResponder().onDatagram(ByteBuffer.wrap(input).asReadOnlyBuffer(), FLOW);
            if (reply != null && !(StunCodec.decode(reply) instanceof StunDecodeResult.Decoded)) {
                throw new AssertionError("the responder's answer does not decode");
            }
        });
    }

    private static boolean sameOutcome(StunDecodeResult a, StunDecodeResult b) {
        if (a instanceof StunDecodeResult.Malformed m) return b instanceof StunDecodeResult.Malformed n && m.error() == n.error();
        if (!(b instanceof StunDecodeResult.Decoded d)) return false;
        StunMessage x = ((StunDecodeResult.Decoded) a).message();
        StunMessage y = d.message();
        return x.type() == y.type() && x.transactionId().equals(y.transactionId()) && x.attributes().size() == y.attributes().size();
    }

    private static Flow flow() {
        try {
            return Flow.udp(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 5060),
                    new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 40000));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
