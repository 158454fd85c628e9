package io.midreg.nat.media.bencode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.midreg.nat.media.bencode.BencodeException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BencodeCodecTest {
    private final BencodeDecoder decoder = new BencodeDecoder();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String encoded(BValue v) {
        return new String(BencodeEncoder.encode(v), StandardCharsets.ISO_8859_1);
    }

    // BEP 3's own examples

    @Test
    void encodesTheSpecExamples() {
        assertThat(encoded(BBytes.of("spam"))).isEqualTo("4:spam");
        assertThat(encoded(BBytes.of(""))).isEqualTo("0:");
        assertThat(encoded(BInt.of(3))).isEqualTo("i3e");
        assertThat(encoded(BInt.of(-3))).isEqualTo("i-3e");
        assertThat(encoded(BInt.of(0))).isEqualTo("i0e");
        assertThat(encoded(BList.of(BBytes.of("spam"), BBytes.of("eggs")))).isEqualTo("l4:spam4:eggse");
        assertThat(encoded(BDict.builder().put("cow", "moo").put("spam", "eggs").build())).isEqualTo("d3:cow3:moo4:spam4:eggse");
        assertThat(encoded(BDict.builder().put("spam", BList.of(BBytes.of("a"), BBytes.of("b"))).build())).isEqualTo("d4:spaml1:a1:bee");
    }

    @Test
    void decodesTheSpecExamples() throws BencodeException {
        assertThat(decoder.decode(ascii("4:spam"))).isEqualTo(BBytes.of("spam"));
        assertThat(decoder.decode(ascii("i3e"))).isEqualTo(BInt.of(3));
        assertThat(decoder.decode(ascii("i-3e"))).isEqualTo(BInt.of(-3));
        assertThat(decoder.decode(ascii("i0e"))).isEqualTo(BInt.of(0));
        assertThat(decoder.decode(ascii("l4:spam4:eggse"))).isEqualTo(BList.of(BBytes.of("spam"), BBytes.of("eggs")));
        assertThat(decoder.decode(ascii("d3:cow3:moo4:spam4:eggse"))).isEqualTo(BDict.builder().put("cow", "moo").put("spam", "eggs").build());
        assertThat(decoder.decode(ascii("de"))).isEqualTo(BDict.builder().build());
        assertThat(decoder.decode(ascii("le"))).isEqualTo(BList.of());
    }

    @Test
    void sortsKeysAsRawBytesOnEncode() {
        BDict d = BDict.builder().put("to-tag", "b").put("call-id", "c").put("Z", 1).put("a", 2).put("command", "offer").build();
        // uppercase before lowercase, byte by byte
        assertThat(encoded(d)).isEqualTo("d1:Zi1e1:ai2e7:call-id1:c7:command5:offer6:to-tag1:be");
    }

    @Test
    void sortsNonAsciiKeysInUtf8ByteOrder() {
        // U+FFFD sorts before U+1F600 as UTF-8 bytes (EF... < F0...) but after it as UTF-16 units
        String smiley = new String(Character.toChars(0x1F600));
        BDict d = BDict.builder().put(smiley, 1).put("\uFFFD", 2).build();
        assertThat(d.entries().firstKey()).isEqualTo("\uFFFD");
    }

    @Test
    void acceptsKeysInAnyOrderBecauseRtpengineDoesNotSortThem() throws BencodeException {
        // a real 10.5 reply: "sdp" before "result"
        BDict d = (BDict) decoder.decode(ascii("d3:sdp3:v=06:result2:oke"));
        assertThat(d.string("result")).contains("ok");
        assertThat(d.string("sdp")).contains("v=0");
        assertThat(encoded(d)).isEqualTo("d6:result2:ok3:sdp3:v=0e");
    }

    @Test
    void keepsByteStringsByteForByte() throws BencodeException {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) binary[i] = (byte) i;
        BValue v = decoder.decode(BencodeEncoder.encode(BBytes.of(binary)));
        assertThat(((BBytes) v).bytes()).isEqualTo(binary);
        assertThat(((BBytes) v).length()).isEqualTo(256);
    }

    @Test
    void carriesTheWholeLongRange() throws BencodeException {
        assertThat(decoder.decode(ascii("i9223372036854775807e"))).isEqualTo(BInt.of(Long.MAX_VALUE));
        assertThat(decoder.decode(ascii("i-9223372036854775808e"))).isEqualTo(BInt.of(Long.MIN_VALUE));
        assertThat(encoded(BInt.of(Long.MIN_VALUE))).isEqualTo("i-9223372036854775808e");
    }

    @Test
    void roundTripsNestedValues() throws BencodeException {
        BDict reply = BDict.builder()
                .put("result", "ok")
                .put("created", 1796670138L)
                .put("tags", BDict.builder().put("f1", BDict.builder()
                        .put("medias", BList.of(BDict.builder().put("streams", BList.of(
                                BDict.builder().put("local port", 41008).put("flags", List.of("RTP", "filled")).build())).build()))
                        .build()).build())
                .put("sdp", "v=0\r\nc=IN IP4 127.0.0.1\r\n")
                .build();
        byte[] once = BencodeEncoder.encode(reply);
        BValue back = decoder.decode(once);
        assertThat(back).isEqualTo(reply);
        assertThat(BencodeEncoder.encode(back)).isEqualTo(once);
    }

    @Test
    void roundTripsRandomValues() throws BencodeException {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            BValue v = randomValue(random, 0);
            byte[] bytes = BencodeEncoder.encode(v);
            assertThat(decoder.decode(bytes)).as("round trip %d", i).isEqualTo(v);
        }
    }

    private static BValue randomValue(Random r, int depth) {
        int kind = depth >= 4 ? r.nextInt(2) : r.nextInt(4);
        switch (kind) {
            case 0:
                byte[] b = new byte[r.nextInt(20)];
                r.nextBytes(b);
                return BBytes.of(b);
            case 1:
                return BInt.of(r.nextLong() >> r.nextInt(64));
            case 2:
                BValue[] items = new BValue[r.nextInt(4)];
                for (int i = 0; i < items.length; i++) items[i] = randomValue(r, depth + 1);
                return BList.of(items);
            default:
                BDict.Builder d = BDict.builder();
                for (int i = r.nextInt(4); i > 0; i--) d.put("k" + r.nextInt(100), randomValue(r, depth + 1));
                return d.build();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                 | TRUNCATED",
            "i42                | TRUNCATED",
            "4:spa              | INVALID_LENGTH",
            "l4:spam            | TRUNCATED",
            "d3:cow3:moo        | TRUNCATED",
            "d3:cow             | TRUNCATED",
            "ie                 | INVALID_INTEGER",
            "i-e                | INVALID_INTEGER",
            "i-0e               | INVALID_INTEGER",
            "i03e               | INVALID_INTEGER",
            "i1.5e              | INVALID_INTEGER",
            "i 1e               | INVALID_INTEGER",
            "i9223372036854775808e | INTEGER_OVERFLOW",
            "i-9223372036854775809e | INTEGER_OVERFLOW",
            "i99999999999999999999999e | INTEGER_OVERFLOW",
            "04:spam            | INVALID_LENGTH",
            ":spam              | UNEXPECTED_BYTE",
            "4spam              | INVALID_LENGTH",
            "99999999999:x      | INVALID_LENGTH",
            "x                  | UNEXPECTED_BYTE",
            "e                  | UNEXPECTED_BYTE",
            "di1e3:fooe         | INVALID_KEY",
            "dl1:ae3:fooe       | INVALID_KEY",
            "d1:ai1e1:ai2ee     | DUPLICATE_KEY",
            "i1ei2e             | TRAILING_BYTES",
            "4:spamx            | TRAILING_BYTES",
    })
    void rejectsMalformedInputWithItsReason(String input, Reason reason) {
        assertThatThrownBy(() -> decoder.decode(ascii(input)))
                .isInstanceOf(BencodeException.class)
                .extracting(e -> ((BencodeException) e).reason()).isEqualTo(reason);
    }

    @Test
    void rejectsKeysThatAreNotUtf8() {
        byte[] input = {'d', '1', ':', (byte) 0xff, 'i', '1', 'e', 'e'};
        assertThatThrownBy(() -> decoder.decode(input)).isInstanceOfSatisfying(BencodeException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_KEY));
    }

    @Test
    void boundsTheNestingDepth() throws BencodeException {
        BencodeDecoder shallow = new BencodeDecoder(new BencodeLimits(3, 1000));
        assertThat(shallow.decode(ascii("llleee"))).isEqualTo(BList.of(BList.of(BList.of())));
        assertThatThrownBy(() -> shallow.decode(ascii("lllleeee"))).isInstanceOfSatisfying(BencodeException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.TOO_DEEP));
        // a hostile datagram of nothing but 'l' would otherwise recurse 60 000 deep
        byte[] deep = new byte[60_000];
        java.util.Arrays.fill(deep, (byte) 'l');
        assertThatThrownBy(() -> decoder.decode(deep)).isInstanceOfSatisfying(BencodeException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.TOO_DEEP));
    }

    @Test
    void boundsTheInputLength() {
        BencodeDecoder small = new BencodeDecoder(new BencodeLimits(4, 8));
        assertThatThrownBy(() -> small.decode(ascii("6:abcde"))).isInstanceOfSatisfying(BencodeException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_LENGTH));
        assertThatThrownBy(() -> small.decode(ascii("9:abcdefghi"))).isInstanceOfSatisfying(BencodeException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LONG));
    }

    @Test
    void reportsTheOffsetWithinTheDecodedRange() {
        byte[] input = ascii("cookie d3:fooi03ee");
        assertThatThrownBy(() -> decoder.decodeDict(input, 7, input.length - 7)).isInstanceOfSatisfying(BencodeException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.INVALID_INTEGER);
            assertThat(e.offset()).isEqualTo(7); // the leading zero
        });
    }

    @Test
    void decodeDictWantsADictionary() {
        byte[] input = ascii("l1:ae");
        assertThatThrownBy(() -> decoder.decodeDict(input, 0, input.length)).isInstanceOfSatisfying(BencodeException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_BYTE));
    }

    @Test
    void throwsNothingButItsOwnExceptionOnAnyMutationOfAValidMessage() {
        byte[] valid = BencodeEncoder.encode(BDict.builder().put("command", "offer").put("sdp", "v=0\r\n")
                .put("flags", List.of("SIP-source-address")).put("n", -12).build());
        Random random = new Random(11);
        byte[] alphabet = ascii("0123456789:ilde-x ");
        for (int i = 0; i < 20_000; i++) {
            byte[] mutated = valid.clone();
            int edits = 1 + random.nextInt(3);
            for (int k = 0; k < edits; k++) mutated[random.nextInt(mutated.length)] = alphabet[random.nextInt(alphabet.length)];
            int length = random.nextInt(mutated.length + 1);
            try {
                decoder.decode(mutated, 0, length);
            } catch (BencodeException expected) {
                // the only exception allowed
            }
        }
    }

    @Test
    void dictGettersReturnEmptyForAbsentOrOtherTypedKeys() throws BencodeException {
        BDict d = (BDict) decoder.decode(ascii("d1:ai1e1:b1:xe"));
        assertThat(d.integer("a")).contains(1L);
        assertThat(d.string("a")).isEmpty();
        assertThat(d.integer("b")).isEmpty();
        assertThat(d.dict("b")).isEmpty();
        assertThat(d.list("missing")).isEmpty();
    }
}
