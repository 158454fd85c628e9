package io.midreg.nat.media.bencode;

import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.midreg.testing.FuzzBounds;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the bencode decoder (BEP 3) as it reads RTPEngine's ng replies: any bytes end in a
 * value or a {@link BencodeException}, never anything else; the length and nesting limits hold
 * (a small limit here, so random inputs reach it); a decoded value encodes canonically to bytes
 * that decode to the same value. Seeds: ng replies as rtpengine sends them and
 * {@code BencodeDecoderFuzzTestInputs/}.
 */
class BencodeDecoderFuzzTest {
    private static final BencodeLimits SMALL = new BencodeLimits(8, 1024);
    private static final BencodeDecoder DECODER = new BencodeDecoder();
    private static final BencodeDecoder SMALL_DECODER = new BencodeDecoder(SMALL);

    static Stream<Arguments> replies() {
        return Stream.of(
                "d6:result4:ponge",
                "d6:result5:error12:error-reason18:Unknown call-ID...e",
                "d3:sdp115:v=0\r\no=- 1545997027 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 30000 RTP/AVP 0\r\na=rtcp:30001\r\n6:result2:oke",
                "d7:createdi1700000000e9:last signali1700000010e4:tagsd3:abcd3:tag3:abc6:medias"
                        + "ld5:indexi1e4:type5:audio8:protocol7:RTP/AVP7:streamsld10:local porti30000e8:endpointd6:family4:IPv47:address9:127.0.0.14:porti4000eeeeeee6:result2:oke",
                "li-42ei0e4:spam0:le0:dee")
                .map(s -> arguments(named(s.length() > 30 ? s.substring(0, 30) + "..." : s, s.getBytes(StandardCharsets.ISO_8859_1))));
    }

    @MethodSource("replies")
    @FuzzTest(maxDuration = "15s")
    void decode(byte[] input) {
        FuzzBounds.check("BencodeDecoder", input, () -> {
            BValue value = DECODER.decode(input);
            BValue again = DECODER.decode(BencodeEncoder.encode(value));
            if (!again.equals(value)) throw new AssertionError("value does not survive encode/decode: " + value + " / " + again);
        }, BencodeException.class);
        FuzzBounds.check("BencodeDecoder (depth 8, 1024 bytes)", input, () -> {
            try {
                SMALL_DECODER.decode(input);
            } catch (BencodeException e) {
                if (input.length > SMALL.maxLength() && e.reason() != BencodeException.Reason.TOO_LONG) {
                    throw new AssertionError("a " + input.length + "-byte input refused for " + e.reason() + ", not its length");
                }
                throw e;
            }
            if (input.length > SMALL.maxLength()) throw new AssertionError("a " + input.length + "-byte input passed the 1024-byte limit");
        }, BencodeException.class);
    }
}
